// Converts the form's typed text into a report body and checks it with the same zod schemas and
// plan checks as the server, so the contact gets the server's Chinese messages while typing.
import {
  classifiedAllowedCommonFields,
  classifiedAllowedFields,
  commonFields,
  planChecks,
  stageFields,
  type PlanContext,
  type Stage,
  type StageFields,
} from '../../../../server/reports/stages.ts';
import type { z } from 'zod';
import type { CommonFields, ProjectDetailResponse, ReportBody, ReportView } from '../../api/index.ts';
import type { Draft } from '../../drafts/store.ts';
import { commonFieldNames, specOf, stageFieldNames, type FieldSpec } from '../../common/field-specs.ts';

export type FormValues = Draft['values'];

type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

// Digits and signs typed with a Chinese input method come in their full-width forms.
const fullWidth = /[\uFF10-\uFF19\uFF0E]/g;
const toHalfWidth = (text: string): string => text.replace(fullWidth, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0));

/** Maximum digits before the decimal point. 100 亿元 has 11, so 13 lets larger amounts reach the schema's own message. */
const maxYuanDigits = 13;

/**
 * Parses an amount typed in 元 ("1,234.5", "１２３４．５０") into integer 分 without floating
 * point: the whole part and the decimals are converted separately as integers.
 */
export function parseYuan(text: string): { ok: true; fen: number } | { ok: false; message: string } {
  const normalized = toHalfWidth(text).replace(/[\s,，]/g, '').replace(/元$/, '');
  const match = /^(\d+)(?:\.(\d*))?$/.exec(normalized);
  if (match === null) return { ok: false, message: '请输入正确的金额，例如 12345.67' };
  const [, whole = '', decimals = ''] = match;
  if (decimals.length > 2) return { ok: false, message: '金额最多两位小数' };
  if (whole.replace(/^0+/, '').length > maxYuanDigits) return { ok: false, message: '金额过大' };
  return { ok: true, fen: Number(whole) * 100 + Number(decimals.padEnd(2, '0')) };
}

/** Formats 分 as 元 with two decimals for the form, e.g. 123456 → "1234.56". */
export function fenToYuanText(fen: number): string {
  return `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

function parseValue(spec: FieldSpec, text: string): Parsed {
  const trimmed = text.trim();
  switch (spec.kind) {
    case 'text':
    case 'longText':
      return { ok: true, value: text };
    case 'amount': {
      if (trimmed === '') return { ok: true, value: undefined };
      const amount = parseYuan(trimmed);
      return amount.ok ? { ok: true, value: amount.fen } : amount;
    }
    case 'percent':
    case 'number': {
      if (trimmed === '') return { ok: true, value: undefined };
      const normalized = toHalfWidth(trimmed).replace(/[%％]$/, '');
      if (!/^\d+(\.\d+)?$/.test(normalized)) return { ok: false, message: `${spec.label}应为数字` };
      return { ok: true, value: Number(normalized) };
    }
    case 'date':
    case 'choice':
      return { ok: true, value: trimmed === '' ? undefined : trimmed };
  }
}

const missingMessage = (spec: FieldSpec): string => (spec.kind === 'date' || spec.kind === 'choice' ? `请选择${spec.label}` : `请填写${spec.label}`);

/** Names of the fields the form shows for a stage, in order; a classified project shows only the allowed ones. */
export function visibleStageFields(stage: Stage, classified: boolean): string[] {
  const all = stageFieldNames(stage);
  if (!classified) return all;
  const allowed: readonly string[] = classifiedAllowedFields[stage];
  return all.filter((name) => allowed.includes(name));
}

export function visibleCommonFields(classified: boolean): string[] {
  return classified ? [...classifiedAllowedCommonFields] : [...commonFieldNames];
}

export interface Validation {
  /** Messages by field name, from the value's format, the zod schema and then the plan checks. */
  errors: Record<string, string>;
  /** Plan check messages that apply to no field on the form. */
  formErrors: string[];
  /** Names of fields with a plan check message; those show before the field is touched. */
  planFields: Set<string>;
  /** The report's content, when there are no errors. */
  body: { fields: ReportBody['fields']; common: CommonFields } | null;
}

/** Parses a group of fields, records their format errors, and runs the group's zod schema over the rest. */
function parseGroup(
  names: string[],
  texts: Record<string, string>,
  schema: z.ZodObject,
  specs: (name: string) => FieldSpec,
  errors: Record<string, string>,
): { data: Record<string, unknown>; valid: boolean } {
  const data: Record<string, unknown> = {};
  for (const name of names) {
    const spec = specs(name);
    const parsed = parseValue(spec, texts[name] ?? '');
    if (!parsed.ok) errors[name] = parsed.message;
    else if (parsed.value === undefined && spec.required) errors[name] = missingMessage(spec);
    else if (parsed.value !== undefined) data[name] = parsed.value;
  }

  const result = schema.safeParse(data);
  if (result.success) return { data: result.data as Record<string, unknown>, valid: Object.keys(errors).length === 0 };
  for (const issue of result.error.issues) {
    const name = String(issue.path[0] ?? '');
    if (names.includes(name) && errors[name] === undefined) errors[name] = issue.message;
  }
  return { data, valid: false };
}

/** Checks the current form values. Runs on every keystroke. */
export function validateReport(stage: Stage, values: FormValues, classified: boolean, plan: PlanContext): Validation {
  const errors: Record<string, string> = {};
  const formErrors: string[] = [];
  const planFields = new Set<string>();
  const stageNames = visibleStageFields(stage, classified);
  const commonNames = visibleCommonFields(classified);

  // A classified project's report carries only the allowed fields, and no free text in common.
  const fullSchema: z.ZodObject = stageFields[stage];
  const allowedMask = Object.fromEntries(stageNames.map((name) => [name, true])) as Parameters<typeof fullSchema.pick>[0];
  const stageSchema = classified ? fullSchema.pick(allowedMask) : fullSchema;
  const fields = parseGroup(stageNames, values.fields, stageSchema, (name) => specOf(stage, name)!, errors);
  const commonErrors: Record<string, string> = {};
  const common = parseGroup(commonNames, values.common, commonFields, (name) => specOf(stage, name)!, commonErrors);
  Object.assign(errors, commonErrors);

  // planChecks compares with < and >, which are false for a missing value, so it also runs on a
  // half-filled form and reports what is already wrong.
  const issues = planChecks(stage, fields.data as StageFields[Stage], common.data as CommonFields, plan);
  for (const issue of issues) {
    const onForm = stageNames.includes(issue.field) || commonNames.includes(issue.field);
    if (!onForm) {
      // E.g. the over-budget explanation, which a classified project may not send.
      formErrors.push(issue.message);
    } else if (errors[issue.field] === undefined) {
      errors[issue.field] = issue.message;
      planFields.add(issue.field);
    }
  }

  const valid = fields.valid && common.valid && issues.length === 0;
  return { errors, formErrors, planFields, body: valid ? { fields: fields.data as ReportBody['fields'], common: common.data as CommonFields } : null };
}

/**
 * Reads the plan context of the checks from the project as the server builds it: the total
 * investment and the latest accepted or submitted 招标采购 and 合同备案 reports, leaving out the
 * report being corrected.
 */
export function planContextOf(detail: ProjectDetailResponse, correctsReportId: string | null): PlanContext {
  const latest = <S extends Stage>(stage: S): Partial<StageFields[S]> | undefined =>
    detail.reports.find((report) => report.stage === stage && report.state !== 'returned' && report.id !== correctsReportId)?.fields as
      | Partial<StageFields[S]>
      | undefined;
  const procurement = latest('procurement');
  const contract = latest('contractFiling');
  const context: PlanContext = { investmentTotal: detail.project.investment.total, classified: detail.project.classified };
  if (contract?.amount !== undefined) context.contractAmount = contract.amount;
  if (contract?.signedDate !== undefined) context.contractSignedDate = contract.signedDate;
  if (procurement?.resultDate !== undefined) context.procurementResultDate = procurement.resultDate;
  return context;
}

/** Turns one stored value back into the text the form shows. */
function toText(spec: FieldSpec, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (spec.kind === 'amount' && typeof value === 'number') return fenToYuanText(value);
  return String(value);
}

/** Fills the form from a report, to correct it. */
export function valuesFromReport(report: Pick<ReportView, 'stage' | 'fields' | 'common'>): FormValues {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(report.fields)) {
    const spec = specOf(report.stage, name);
    if (spec !== undefined) fields[name] = toText(spec, value);
  }
  const common: Record<string, string> = {};
  for (const [name, value] of Object.entries(report.common)) {
    const spec = specOf(report.stage, name);
    if (spec !== undefined) common[name] = toText(spec, value);
  }
  return { fields, common };
}

/** Starts a new report with the money paid and the progress of the project's latest report, which rarely go down. */
export function initialValues(detail: ProjectDetailResponse): FormValues {
  const previous = detail.reports[0];
  if (previous === undefined) return { fields: {}, common: {} };
  return {
    fields: {},
    common: {
      paidToDate: fenToYuanText(previous.common.paidToDate),
      progressPercent: String(previous.common.progressPercent),
    },
  };
}
