import { refreshProjectProgress } from '../reports/progress.ts';
import mongoose, { type ClientSession, type Types } from 'mongoose';
import type { Viewer } from '../auth/viewer.ts';
import { badRequest, conflict } from '../errors.ts';
import type { ProjectRecord } from '../models/project.ts';
import { Report } from '../models/report.ts';
import { ReportVersion } from '../models/report-version.ts';
import { checkAgainstPlan, checkEvidence, parseReportContent, planContextFor, type ReportInput } from '../reports/content.ts';
import { logger } from '../log.ts';
import { recordAudit, type Actor } from './audit.ts';

const log = logger('db');

type ProjectForReport = ProjectRecord & { _id: Types.ObjectId };

export interface SubmitReportProps {
  project: ProjectForReport;
  viewer: Viewer;
  actor: Actor;
  /** Client key of the request (a UUID): the same key from the same person never writes twice. */
  idempotencyKey: string;
  input: ReportInput;
}

export interface ResubmitReportProps extends SubmitReportProps {
  /** A report the route loaded in the viewer's scope and authorized for 'report.resubmit'. */
  reportId: Types.ObjectId;
}

export interface SubmitResult {
  reportId: Types.ObjectId;
  /** False when the key was seen before and the earlier result is returned unchanged. */
  written: boolean;
}

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/**
 * Finds the report that an earlier request with this person's key wrote, by creating it or
 * by adding a version. The key must have been used on `expected` (a project, or a report).
 */
async function replayOf(
  viewer: Viewer,
  idempotencyKey: string,
  expected: { projectId: Types.ObjectId } | { reportId: Types.ObjectId },
  session: ClientSession | null,
): Promise<SubmitResult | undefined> {
  const earlier = await ReportVersion.findOne({ 'submittedBy.contactId': viewer.contactId, idempotencyKey }).session(session).lean();
  if (earlier === null) return undefined;
  const sameTarget = 'projectId' in expected ? earlier.projectId.equals(expected.projectId) : earlier.reportId.equals(expected.reportId);
  if (!sameTarget) throw conflict('该请求编号已用于另一次报送，请刷新页面后重新提交');
  return { reportId: earlier.reportId, written: false };
}

function submitter(viewer: Viewer) {
  return { contactId: viewer.contactId, userId: viewer.userId, name: viewer.name };
}

/** Runs `write` in a transaction; when a concurrent retry with the same key won the race, returns its result. */
async function oncePerKey(
  viewer: Viewer,
  idempotencyKey: string,
  expected: { projectId: Types.ObjectId } | { reportId: Types.ObjectId },
  write: (session: ClientSession) => Promise<SubmitResult>,
): Promise<SubmitResult> {
  try {
    return await mongoose.connection.transaction(async (session) => {
      const earlier = await replayOf(viewer, idempotencyKey, expected, session);
      return earlier ?? (await write(session));
    });
  } catch (error) {
    // The unique indexes on (person, key) let only one of two concurrent requests insert. The
    // other one lands here after the winner committed, and returns what the winner wrote.
    if (!isDuplicateKey(error)) throw error;
    const earlier = await replayOf(viewer, idempotencyKey, expected, null);
    if (earlier === undefined) throw error;
    log.info({ userId: viewer.userId, idempotencyKey, reportId: earlier.reportId.toString() }, 'concurrent retry returned the committed report');
    return earlier;
  }
}

/**
 * Creates a stage report with its first version, after the field, classified, plan and
 * evidence checks. Nothing is written when a check fails.
 */
export async function submitReport({ project, viewer, actor, idempotencyKey, input }: SubmitReportProps): Promise<SubmitResult> {
  return oncePerKey(viewer, idempotencyKey, { projectId: project._id }, async (session) => {
    const content = parseReportContent(input, project.classified);
    checkAgainstPlan(input.stage, content, await planContextFor(project, undefined, session));
    const evidenceFileIds = await checkEvidence(project._id, input.evidence, session);

    const now = new Date();
    const reportId = new mongoose.Types.ObjectId();
    const authorUnitIds = project.unitIds.filter((unitId) => viewer.unitIds.some((own) => own.equals(unitId)));
    const snapshot = { stage: input.stage, fields: content.fields, common: content.common, evidenceFileIds, submittedBy: submitter(viewer), submittedAt: now };
    await Report.create(
      [{ _id: reportId, projectId: project._id, batchId: project.batchId, authorContactId: viewer.contactId, authorUnitIds, idempotencyKey, state: 'submitted', version: 1, ...snapshot }],
      { session },
    );
    await ReportVersion.create([{ reportId, projectId: project._id, version: 1, idempotencyKey, ...snapshot }], { session });
    await refreshProjectProgress(project._id, session);
    await recordAudit(
      session,
      actor,
      {
        action: 'report.submit',
        targetKind: 'Report',
        targetId: reportId.toString(),
        projectId: project._id,
        after: { projectId: project._id.toString(), stage: input.stage, version: 1, fields: content.fields, common: content.common, evidence: evidenceFileIds.map(String) },
      },
      now,
    );
    return { reportId, written: true };
  });
}

/**
 * Replaces the content of a submitted or returned report with a new version, which goes back
 * to the bureau as submitted.
 */
export async function resubmitReport({ project, reportId, viewer, actor, idempotencyKey, input }: ResubmitReportProps): Promise<SubmitResult> {
  return oncePerKey(viewer, idempotencyKey, { reportId }, async (session) => {
    const report = await Report.findById(reportId).session(session);
    if (report === null) throw conflict('该报送已不存在，请刷新页面');
    if (report.state === 'accepted') throw conflict('该报送已审核通过，不能再修改');
    if (report.stage !== input.stage) throw badRequest('报送阶段不能修改，请新建该阶段的报送', 'stage');

    const content = parseReportContent(input, project.classified);
    checkAgainstPlan(input.stage, content, await planContextFor(project, report._id, session));
    const evidenceFileIds = await checkEvidence(project._id, input.evidence, session);

    const now = new Date();
    const before = { state: report.state, version: report.version, fields: report.fields, common: report.common, evidence: report.evidenceFileIds.map(String) };
    const version = report.version + 1;
    report.set({ state: 'submitted', version, fields: content.fields, common: content.common, evidenceFileIds, submittedBy: submitter(viewer), submittedAt: now, review: null });
    await report.save({ session });
    await ReportVersion.create(
      [{ reportId, projectId: project._id, stage: input.stage, version, fields: content.fields, common: content.common, evidenceFileIds, submittedBy: submitter(viewer), submittedAt: now, idempotencyKey }],
      { session },
    );
    await refreshProjectProgress(project._id, session);
    await recordAudit(
      session,
      actor,
      {
        action: 'report.resubmit',
        targetKind: 'Report',
        targetId: reportId.toString(),
        projectId: project._id,
        before,
        after: { state: 'submitted', version, fields: content.fields, common: content.common, evidence: evidenceFileIds.map(String) },
      },
      now,
    );
    return { reportId, written: true };
  });
}
