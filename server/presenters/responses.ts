// Shapes of the JSON bodies the routes send. Routes annotate their bodies with these types and
// the micro-app imports them as types, so both sides change together.
import type { BatchView, FindingView, ProjectView } from './batch.ts';
import type { PublishResult } from '../services/publish-batch.ts';
import type { Role } from '../models/contact.ts';

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

/** A batch as a unit contact sees it: only the projects of their own units. */
export interface MyBatchResponse {
  batch: BatchView;
  projects: ProjectView[];
  confirmedAt: string | null;
}

/** A batch as the bureau sees it: the whole table and what the importer's checks found. */
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
