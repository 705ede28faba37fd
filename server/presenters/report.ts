import type { Types } from 'mongoose';
import type { EvidenceFileRecord } from '../models/evidence-file.ts';
import type { ReportRecord, ReportState } from '../models/report.ts';
import type { ReportVersionRecord } from '../models/report-version.ts';
import type { Checklist } from '../reports/checklist.ts';
import { classifiedAllowedFields, stageFields, stages, type Stage, type StageFields } from '../reports/stages.ts';

type WithId<T> = T & { _id: Types.ObjectId };

export function presentEvidenceFile(file: WithId<EvidenceFileRecord>) {
  return {
    id: file._id.toString(),
    name: file.metadata.originalName,
    size: file.metadata.size,
    contentType: file.metadata.contentType,
    /** The checklist item the file proves, or null when the uploader named none. */
    item: file.metadata.item === '' ? null : file.metadata.item,
  };
}

export type EvidenceFileView = ReturnType<typeof presentEvidenceFile>;

/** Fields that a report and each of its kept versions share, as the presenter reads them. */
export interface ReportSnapshot {
  reportId: Types.ObjectId;
  projectId: Types.ObjectId;
  stage: Stage;
  state: ReportState;
  version: number;
  fields: unknown;
  common: unknown;
  evidenceFileIds: Types.ObjectId[];
  submittedBy: { userId: string; name: string };
  submittedAt: Date;
  review?: { decision: 'accept' | 'return'; reason: string; byUserId: string; byName: string; at: Date } | null;
}

export function snapshotOfReport(report: WithId<ReportRecord>): ReportSnapshot {
  return { ...report, reportId: report._id };
}

/** A kept version: accepted or returned when the bureau reviewed it, else still submitted. */
export function snapshotOfVersion(version: WithId<ReportVersionRecord>): ReportSnapshot {
  let state: ReportState = 'submitted';
  if (version.review != null) state = version.review.decision === 'accept' ? 'accepted' : 'returned';
  return { ...version, state };
}

export interface ReportContext {
  /** Evidence files by id, presented. */
  files: ReadonlyMap<string, EvidenceFileView>;
  checklist: Checklist;
  classified: boolean;
}

function storedValue(stored: unknown, key: string): string | number | undefined {
  const value = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}

/**
 * Lists the stage fields of a report that may leave the server: those of the stage's schema,
 * and of a classified project only the allowed ones.
 */
function presentFields(stage: Stage, stored: unknown, classified: boolean): Partial<StageFields[Stage]> {
  const keys: ReadonlyArray<string> = classified ? classifiedAllowedFields[stage] : Object.keys(stageFields[stage].shape);
  const fields: Record<string, string | number> = {};
  for (const key of keys) {
    const value = storedValue(stored, key);
    if (value !== undefined) fields[key] = value;
  }
  // The stored fields passed `stageFields[stage]` when they were saved.
  return fields as Partial<StageFields[Stage]>;
}

export function presentReport(snapshot: ReportSnapshot, context: ReportContext) {
  const evidence = snapshot.evidenceFileIds
    .map((id) => context.files.get(id.toString()))
    .filter((file): file is EvidenceFileView => file !== undefined);
  const provenItems = new Set(evidence.map((file) => file.item));
  // A classified project takes no files, so nothing of its checklist counts as missing.
  const missingEvidence = context.classified ? [] : context.checklist[snapshot.stage].filter((item) => !provenItems.has(item));

  return {
    id: snapshot.reportId.toString(),
    projectId: snapshot.projectId.toString(),
    stage: snapshot.stage,
    state: snapshot.state,
    version: snapshot.version,
    fields: presentFields(snapshot.stage, snapshot.fields, context.classified),
    common: {
      paidToDate: Number(storedValue(snapshot.common, 'paidToDate') ?? 0),
      progressPercent: Number(storedValue(snapshot.common, 'progressPercent') ?? 0),
      risks: context.classified ? '' : String(storedValue(snapshot.common, 'risks') ?? ''),
      note: context.classified ? '' : String(storedValue(snapshot.common, 'note') ?? ''),
    },
    evidence: context.classified ? [] : evidence,
    author: { userId: snapshot.submittedBy.userId, name: snapshot.submittedBy.name },
    submittedAt: snapshot.submittedAt.toISOString(),
    review:
      snapshot.review == null
        ? null
        : {
            decision: snapshot.review.decision,
            reason: snapshot.review.reason,
            by: { userId: snapshot.review.byUserId, name: snapshot.review.byName },
            at: snapshot.review.at.toISOString(),
          },
    missingEvidence,
  };
}

export type ReportView = ReturnType<typeof presentReport>;

export interface StageState {
  state: 'none' | ReportState;
  reportId: string | null;
  updatedAt: string | null;
}

/** Returns the state of each stage of a project: that of the stage's most recently submitted report. */
export function presentStageStates(
  reports: ReadonlyArray<{ _id: Types.ObjectId; stage: Stage; state: ReportState; submittedAt: Date; updatedAt: Date }>,
): Record<Stage, StageState> {
  const states = {} as Record<Stage, StageState>;
  for (const stage of stages) {
    const latest = reports
      .filter((report) => report.stage === stage)
      .reduce<(typeof reports)[number] | undefined>(
        (newest, report) => (newest === undefined || report.submittedAt > newest.submittedAt ? report : newest),
        undefined,
      );
    states[stage] =
      latest === undefined
        ? { state: 'none', reportId: null, updatedAt: null }
        : { state: latest.state, reportId: latest._id.toString(), updatedAt: latest.updatedAt.toISOString() };
  }
  return states;
}
