// Shapes of the JSON bodies the routes send. Routes annotate their bodies with these types and
// the micro-app imports them as types, so both sides change together.
import type { AuditEventView } from './audit.ts';
import type { BatchView, FindingView, ProjectView } from './batch.ts';
import type { PublishResult } from '../services/publish-batch.ts';
import type { Role } from '../models/contact.ts';
import type { ReportState } from '../models/report.ts';
import type { Stage } from '../reports/stages.ts';
import type { EvidenceFileView, ReportView, StageState } from './report.ts';

export type { EvidenceFileView, ReportState, ReportView, StageState };

export interface AuthOptionsResponse {
  /** True when a plain browser may sign in by picking a contact from the demo roster. */
  demo: boolean;
  corpId: string;
  clientId: string;
}

/** A person of the demo roster, offered by the contact picker outside DingTalk. */
export interface DemoContact {
  userId: string;
  name: string;
  title: string;
  role: Role;
  /** Names of the units the person reports for; empty for the bureau's staff. */
  units: string[];
}

/** A batch in a list, with the signed-in person's own confirmation. */
export interface BatchListItem extends BatchView {
  myConfirmedAt: string | null;
}

/** A batch as shown to a unit contact: only the projects of their own units. */
export interface MyBatchResponse {
  batch: BatchView;
  projects: ProjectView[];
  confirmedAt: string | null;
}

/** A batch as shown to the bureau: the whole table and the importer's findings. */
export interface BatchDetailResponse {
  batch: BatchView;
  projects: ProjectView[];
  findings: FindingView[];
}

export interface PublishResponse extends PublishResult {
  batch: BatchView;
}

export interface ConfirmResponse {
  confirmedAt: string;
  /** True when the contact had already confirmed; `confirmedAt` is then the first confirmation. */
  alreadyConfirmed: boolean;
}

/** The state of each of a project's six stages. */
export type StageStates = Record<Stage, StageState>;

/** A project in a list, with the state of each stage; its scope is left out. */
export interface ProjectSummary extends Pick<ProjectView, 'id' | 'seq' | 'name' | 'units' | 'nature' | 'classified' | 'investment' | 'yearInvestment'> {
  stages: StageStates;
}

/** GET /api/my/projects: published batches with the projects the person reports on. */
export interface MyProjectsResponse {
  batches: Array<{ batch: BatchView; projects: ProjectSummary[] }>;
}

/** Evidence items each stage's report should carry, as the bureau set them. */
export type EvidenceChecklistResponse = Record<Stage, string[]>;

/** GET /api/projects/:id. */
export interface ProjectDetailResponse {
  project: ProjectView;
  batch: BatchView;
  stages: StageStates;
  /** Every report of the project, newest first. */
  reports: ReportView[];
  checklist: EvidenceChecklistResponse;
}

/** A report in the bureau's review list, with the project it belongs to. */
export interface ReportListItem extends ReportView {
  project: Pick<ProjectView, 'id' | 'seq' | 'name' | 'units'>;
}

/** One queued DingTalk message as the bureau's message list shows it. */
export interface OutboxItemView {
  id: string;
  kind: 'group' | 'work-notification' | 'reply';
  /** 群消息, 工作通知 or 机器人回复. */
  kindLabel: string;
  /** The message's title or the start of its text, at most 60 characters. */
  title: string;
  /** DingTalk userids of a work notification; empty for a group post or a reply. */
  recipients: string[];
  /** Names of those recipients, as the roster has them. */
  recipientNames: string[];
  /** A message being sent is listed as pending. */
  state: 'pending' | 'sent' | 'failed';
  /** 待发送, 已发送 or 失败. */
  stateLabel: string;
  attempts: number;
  /** DingTalk's error of the latest failed attempt, or an empty string. */
  reason: string;
  createdAt: string;
  sentAt: string | null;
}

/** GET /api/audit-events: one page of the trail, newest first. */
export interface AuditEventsResponse {
  events: AuditEventView[];
  /** Pass as `cursor` to read the next page; null on the last page. */
  nextCursor: string | null;
}

/** A person who appears in the audit trail, for the trail's filter. */
export interface AuditActorView {
  userId: string;
  name: string;
}

export type { AuditEventView };
