// Server-side checks of a report's content before it is saved: the stage's field schema, the
// rules for classified projects, the plan checks and the evidence files.
import type { ClientSession, Types } from 'mongoose';
import { z } from 'zod';
import { badRequest, unprocessable } from '../errors.ts';
import { EvidenceFile } from '../models/evidence-file.ts';
import { Report } from '../models/report.ts';
import {
  classifiedAllowedCommonFields,
  classifiedAllowedFields,
  commonFieldLabels,
  commonFields,
  planChecks,
  stageFieldLabels,
  stageFields,
  type PlanContext,
  type Stage,
  type StageFields,
} from './stages.ts';

export type CommonFields = z.infer<typeof commonFields>;

/** A report's body as the client sent it, after the envelope schema of the route. */
export interface ReportInput {
  stage: Stage;
  fields: Record<string, unknown>;
  common: Record<string, unknown>;
  evidence: string[];
}

export interface ReportContent {
  fields: Record<string, unknown>;
  common: CommonFields;
}

const classifiedReason = '涉密项目只报送日期、选项和金额等数字，名称、文字说明和附件可能泄露建设内容';

function labelOf(stage: Stage, key: string): string {
  const stageLabels: Record<string, string> = stageFieldLabels[stage];
  const common: Record<string, string> = commonFieldLabels;
  return stageLabels[key] ?? common[key] ?? key;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** Parses one part of the body; the first issue becomes a 400 naming the field and its Chinese label. */
function parsePart<S extends z.ZodType>(schema: S, raw: Record<string, unknown>, stage: Stage, prefix: 'fields' | 'common'): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;

  const issue = result.error.issues[0]!;
  const key = String(issue.path[0] ?? '');
  const label = labelOf(stage, key);
  // zod's own message for a missing key names a type, which means nothing to the person filling the form.
  const message = issue.code === 'invalid_type' && raw[key] === undefined ? `请填写${label}` : `${label}：${issue.message}`;
  throw badRequest(message, key === '' ? prefix : `${prefix}.${key}`);
}

/** Throws 422 naming the first field that a classified project may not fill. */
function refuseClassifiedText(stage: Stage, raw: Record<string, unknown>, allowed: ReadonlyArray<string>, prefix: 'fields' | 'common'): void {
  for (const [key, value] of Object.entries(raw)) {
    if (allowed.includes(key) || isEmpty(value)) continue;
    throw unprocessable(`涉密项目不能填写“${labelOf(stage, key)}”：${classifiedReason}`, `${prefix}.${key}`);
  }
}

/**
 * Validates the stage fields and common fields of a report. A classified project may fill only
 * the fields of `classifiedAllowedFields` and attach no evidence. Its other fields must be empty
 * and are not stored.
 */
export function parseReportContent(input: ReportInput, classified: boolean): ReportContent {
  const { stage } = input;
  if (!classified) {
    return {
      fields: parsePart(stageFields[stage], input.fields, stage, 'fields'),
      common: parsePart(commonFields, input.common, stage, 'common'),
    };
  }

  const allowedFields: ReadonlyArray<string> = classifiedAllowedFields[stage];
  refuseClassifiedText(stage, input.fields, allowedFields, 'fields');
  refuseClassifiedText(stage, input.common, classifiedAllowedCommonFields, 'common');
  if (input.evidence.length > 0) {
    throw unprocessable(`涉密项目不上传附件：${classifiedReason}，请按保密规定线下报送材料`, 'evidence');
  }

  const shape: Record<string, z.ZodType> = stageFields[stage].shape;
  const allowedSchema = z.object(Object.fromEntries(allowedFields.map((key) => [key, shape[key]!])));
  const allowedInput = Object.fromEntries(allowedFields.map((key) => [key, input.fields[key]]));
  const commonInput = Object.fromEntries(classifiedAllowedCommonFields.map((key) => [key, input.common[key]]));
  return {
    fields: parsePart(allowedSchema, allowedInput, stage, 'fields'),
    common: parsePart(commonFields, commonInput, stage, 'common'),
  };
}

/**
 * Builds the plan context of a project: its total investment and the latest submitted or
 * accepted 招标采购 and 合同备案 reports other than `excludeReportId`.
 */
export async function planContextFor(
  project: { _id: Types.ObjectId; classified: boolean; investment: { total: number } },
  excludeReportId: Types.ObjectId | undefined,
  session: ClientSession,
): Promise<PlanContext> {
  // One indexed lookup per stage reads a single report, however many a project has collected.
  const latestOf = (stage: 'procurement' | 'contractFiling') =>
    Report.findOne(
      {
        projectId: project._id,
        stage,
        state: { $in: ['submitted', 'accepted'] },
        ...(excludeReportId === undefined ? {} : { _id: { $ne: excludeReportId } }),
      },
      { fields: 1 },
    )
      .sort({ submittedAt: -1, _id: -1 })
      .session(session)
      .lean();
  const procurementReport = await latestOf('procurement');
  const contractReport = await latestOf('contractFiling');
  const procurement = procurementReport?.fields as Partial<StageFields['procurement']> | undefined;
  const contract = contractReport?.fields as Partial<StageFields['contractFiling']> | undefined;

  return {
    investmentTotal: project.investment.total,
    contractAmount: contract?.amount,
    procurementResultDate: procurement?.resultDate,
    contractSignedDate: contract?.signedDate,
    classified: project.classified,
  };
}

/** Runs `planChecks`; the first issue becomes a 422 naming the field. */
export function checkAgainstPlan(stage: Stage, content: ReportContent, plan: PlanContext): void {
  // A classified report holds only the allowed fields, which are all the checks read besides
  // the over-budget explanation that `plan.classified` switches off.
  const issues = planChecks(stage, content.fields as StageFields[Stage], content.common, plan);
  const first = issues[0];
  if (first === undefined) return;
  const prefix = first.field in commonFields.shape ? 'common' : 'fields';
  throw unprocessable(first.message, `${prefix}.${first.field}`);
}

/** Checks that every evidence file exists and was uploaded to this project; returns the ids without repeats. */
export async function checkEvidence(projectId: Types.ObjectId, fileIds: string[], session: ClientSession): Promise<Types.ObjectId[]> {
  const unique = [...new Set(fileIds)];
  if (unique.length === 0) return [];
  const files = await EvidenceFile.find({ _id: { $in: unique }, 'metadata.projectId': projectId }, { _id: 1 }).session(session).lean();
  const found = new Set(files.map((file) => file._id.toString()));
  const missing = unique.find((id) => !found.has(id));
  if (missing !== undefined) throw unprocessable('附件不存在或不属于本项目，请重新上传后再报送', 'evidence');
  return unique.map((id) => files.find((file) => file._id.toString() === id)!._id);
}
