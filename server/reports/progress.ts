// A project's progress summed up from its reports, kept on the project so that the dashboard,
// the Excel export and the reminders read one document per project instead of its reports.
import type { ClientSession, Types } from 'mongoose';
import { beijingDate } from '../../bot/schedule/calendar.ts';
import { Project } from '../models/project.ts';
import { Report, type ReportState } from '../models/report.ts';
import { logger } from '../log.ts';
import { stages, type Stage } from './stage-names.ts';

export interface StageProgress {
  /** State of the stage's most recently submitted report, or none. */
  state: 'none' | ReportState;
  /** When that report last changed (submitted, resubmitted or reviewed); null without a report. */
  at: Date | null;
  /**
   * Beijing date (YYYY-MM-DD) of the stage's first report that the bureau has not returned; due
   * rules based on this stage count from it. Null while every report of the stage is returned.
   */
  reportedOn: string | null;
}

export interface ProjectProgress {
  stages: Record<Stage, StageProgress>;
  /** Amount of the latest 合同备案 report not returned, in 分; null when there is none. */
  contractAmount: number | null;
  /** Largest 已支付 of the reports not returned, in 分; null when there is none. */
  paidToDate: number | null;
}

/** Fields of a report that the summary reads. */
export interface ProgressReport {
  stage: Stage;
  state: ReportState;
  submittedAt: Date;
  updatedAt: Date;
  createdAt: Date;
  fields?: unknown;
  common?: unknown;
}

export const progressReportProjection = {
  projectId: 1,
  stage: 1,
  state: 1,
  submittedAt: 1,
  updatedAt: 1,
  createdAt: 1,
  'fields.amount': 1,
  'common.paidToDate': 1,
} as const;

export function emptyProgress(): ProjectProgress {
  const none = (): StageProgress => ({ state: 'none', at: null, reportedOn: null });
  return {
    stages: Object.fromEntries(stages.map((stage) => [stage, none()])) as Record<Stage, StageProgress>,
    contractAmount: null,
    paidToDate: null,
  };
}

function numberField(stored: unknown, key: string): number | null {
  if (typeof stored !== 'object' || stored === null) return null;
  const value = (stored as Record<string, unknown>)[key];
  return typeof value === 'number' ? value : null;
}

/**
 * Sums up a project's reports. A returned report is left out of the amounts and of `reportedOn`
 * because the bureau sent it back for correction.
 */
export function summarizeProgress(reports: readonly ProgressReport[]): ProjectProgress {
  const progress = emptyProgress();

  for (const stage of stages) {
    const own = reports.filter((report) => report.stage === stage);
    if (own.length === 0) continue;
    const latest = own.reduce((newest, report) => (report.submittedAt > newest.submittedAt ? report : newest));
    const kept = own.filter((report) => report.state !== 'returned').map((report) => beijingDate(report.createdAt));
    progress.stages[stage] = {
      state: latest.state,
      at: latest.updatedAt,
      reportedOn: kept.length === 0 ? null : kept.reduce((first, day) => (day < first ? day : first)),
    };
  }

  const notReturned = reports.filter((report) => report.state !== 'returned').sort((a, b) => b.submittedAt.getTime() - a.submittedAt.getTime());
  const contract = notReturned.find((report) => report.stage === 'contractFiling');
  progress.contractAmount = contract === undefined ? null : numberField(contract.fields, 'amount');
  const paid = notReturned.map((report) => numberField(report.common, 'paidToDate')).filter((amount) => amount !== null);
  progress.paidToDate = paid.length === 0 ? null : Math.max(...paid);
  return progress;
}

/** Recomputes a project's progress from its reports; call in the transaction that changed them. */
export async function refreshProjectProgress(projectId: Types.ObjectId, session: ClientSession | null = null): Promise<void> {
  const reports = await Report.find({ projectId }, progressReportProjection).session(session).lean<ProgressReport[]>();
  await Project.updateOne({ _id: projectId }, { $set: { progress: summarizeProgress(reports) } }, { session: session ?? undefined });
}

/**
 * Computes the progress of every project that has none, such as projects saved before progress
 * was kept. Returns how many were computed.
 */
export async function fillMissingProgress(): Promise<number> {
  const missing = await Project.find({ progress: { $exists: false } }, { _id: 1 }).lean();
  for (const project of missing) await refreshProjectProgress(project._id);
  if (missing.length > 0) logger('db').info({ projects: missing.length }, 'computed missing project progress');
  return missing.length;
}

/**
 * Reads the progress stored on a project as loaded with lean(). The schema guarantees its shape;
 * a project saved before progress was kept reads as having no reports until `fillMissingProgress` runs.
 */
export function progressOf(project: { progress?: unknown }): ProjectProgress {
  return (project.progress as ProjectProgress | undefined) ?? emptyProgress();
}
