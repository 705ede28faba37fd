// Presents audit events with names in place of ids: the batch's 文号, the project's name, the
// report's project and stage.
import { Batch } from '../models/batch.ts';
import { Contact } from '../models/contact.ts';
import { Unit } from '../models/unit.ts';
import { Project } from '../models/project.ts';
import { Report } from '../models/report.ts';
import type { StoredAuditEvent } from '../queries/audit-trail.ts';
import { stageLabels, type Stage } from '../reports/stage-names.ts';
import { auditActionLabel } from './audit-labels.ts';

interface ProjectName {
  id: string;
  seq: number;
  name: string;
  docNo: string;
}

/** Names of the records the events point at, loaded once per page. */
interface Names {
  batches: Map<string, string>;
  projects: Map<string, ProjectName>;
  reports: Map<string, { projectId: string; stage: Stage }>;
  /** Contact names by DingTalk userid, which contact events use as their target id. */
  contacts: Map<string, string>;
  units: Map<string, string>;
}

const stageLabel = (stage: string): string => (stage in stageLabels ? stageLabels[stage as Stage] : stage);

const idsOf = (events: StoredAuditEvent[], kind: string): string[] =>
  [...new Set(events.filter((event) => event.targetKind === kind).map((event) => event.targetId))].filter((id) => /^[0-9a-f]{24}$/.test(id));

async function loadNames(events: StoredAuditEvent[]): Promise<Names> {
  const reports = await Report.find({ _id: { $in: idsOf(events, 'Report') } }, { projectId: 1, stage: 1 }).lean();
  const projectIds = new Set<string>([
    ...events.flatMap((event) => (event.projectId === null || event.projectId === undefined ? [] : [event.projectId.toString()])),
    ...idsOf(events, 'Project'),
    ...reports.map((report) => report.projectId.toString()),
  ]);
  const projects = await Project.find({ _id: { $in: [...projectIds] } }, { seq: 1, name: 1, batchId: 1 }).lean();
  const batchIds = new Set<string>([...idsOf(events, 'Batch'), ...projects.map((project) => project.batchId.toString())]);
  const batches = await Batch.find({ _id: { $in: [...batchIds] } }, { docNo: 1 }).lean();

  const contactUserIds = [...new Set(events.filter((event) => event.targetKind === 'Contact').map((event) => event.targetId))];
  const [contacts, units] = await Promise.all([
    Contact.find({ userId: { $in: contactUserIds } }, { userId: 1, name: 1 }).lean(),
    Unit.find({ _id: { $in: idsOf(events, 'Unit') } }, { name: 1 }).lean(),
  ]);

  const docNo = new Map(batches.map((batch) => [batch._id.toString(), batch.docNo]));
  return {
    contacts: new Map(contacts.map((contact) => [contact.userId, contact.name])),
    units: new Map(units.map((unit) => [unit._id.toString(), unit.name])),
    batches: docNo,
    projects: new Map(
      projects.map((project) => [
        project._id.toString(),
        { id: project._id.toString(), seq: project.seq, name: project.name, docNo: docNo.get(project.batchId.toString()) ?? '' },
      ]),
    ),
    reports: new Map(reports.map((report) => [report._id.toString(), { projectId: report.projectId.toString(), stage: report.stage }])),
  };
}

function fieldOf(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** Names the record an event changed, in words a person of the bureau recognises. */
function targetLabel(event: StoredAuditEvent, names: Names): string {
  const { targetKind, targetId } = event;
  // A sign-in or sign-out acts on the person's own account, who is shown as the actor already.
  if (event.action.startsWith('session.')) return '本人账号';
  switch (targetKind) {
    case 'Batch':
      return `批次 ${names.batches.get(targetId) ?? '（已删除）'}`;
    case 'Project': {
      const project = names.projects.get(targetId);
      return project === undefined ? '项目（已删除）' : `项目 ${project.name}`;
    }
    // The event's project is presented beside the label, so the label names only the stage.
    case 'Report': {
      const report = names.reports.get(targetId);
      return report === undefined ? '报送（已删除）' : `${stageLabel(report.stage)}报送`;
    }
    case 'EvidenceFile': {
      const fileName = fieldOf(event.after, 'name');
      return `材料 ${typeof fileName === 'string' ? fileName : targetId}`;
    }
    case 'EvidenceChecklist':
      return `材料清单 · ${stageLabel(targetId)}`;
    case 'StageDueRule':
      return `报送期限 · ${stageLabel(targetId)}`;
    case 'CalendarDay':
      return `工作日历 ${targetId}`;
    case 'ScheduleSetting':
      return `定时任务 ${targetId}`;
    case 'OutboxMessage':
      return '钉钉消息';
    case 'Contact':
      return `联系人 ${names.contacts.get(targetId) ?? targetId}`;
    case 'Unit':
      return `单位 ${names.units.get(targetId) ?? '（已删除）'}`;
    case 'ContactRoster':
      return '联系人名单';
    default:
      return `${targetKind} ${targetId}`;
  }
}

/**
 * Returns the project an event belongs to. Events recorded before they carried `projectId` still
 * find it through their report.
 */
function projectIdOf(event: StoredAuditEvent, names: Names): string | undefined {
  if (event.projectId !== null && event.projectId !== undefined) return event.projectId.toString();
  if (event.targetKind === 'Project') return event.targetId;
  if (event.targetKind === 'Report') return names.reports.get(event.targetId)?.projectId;
  return undefined;
}

function presentAuditEvent(event: StoredAuditEvent, names: Names) {
  const projectId = projectIdOf(event, names);
  return {
    id: event._id.toString(),
    at: event.at.toISOString(),
    actor: { userId: event.actorUserId, name: event.actorName },
    action: event.action,
    /** The action in Chinese words, e.g. 提交报送. */
    actionLabel: auditActionLabel(event.action),
    target: { kind: event.targetKind, id: event.targetId, label: targetLabel(event, names) },
    /** The project the change belongs to, with its batch's 文号; null for batch-wide and settings changes. */
    project: projectId === undefined ? null : (names.projects.get(projectId) ?? null),
    before: event.before as unknown,
    after: event.after as unknown,
  };
}

export type AuditEventView = ReturnType<typeof presentAuditEvent>;

/** Presents one page of events; the client address of each event stays on the server. */
export async function presentAuditEvents(events: StoredAuditEvent[]): Promise<AuditEventView[]> {
  const names = await loadNames(events);
  return events.map((event) => presentAuditEvent(event, names));
}

