// Display settings of each field of server/reports/stages.ts, for the report form and the review
// page. The types keep this list in step with the schemas, so a field added there fails to compile
// here until it has a kind. Imports zod through stages.ts, so the contact's first screen must not import it.
import {
  acceptanceConclusions,
  acceptanceKinds,
  commonFieldLabels,
  evaluationGrades,
  operationStatuses,
  procurementMethods,
  stageFieldLabels,
  type commonFields,
  type Stage,
  type StageFields,
} from '../../../server/reports/stages.ts';
import type { z } from 'zod';

export type FieldKind =
  /** One line of text, at most `limits.shortText` characters. */
  | 'text'
  /** Several lines, at most `limits.longText` characters. */
  | 'longText'
  /** Money typed in 元 with up to two decimals, sent in 分. */
  | 'amount'
  /** A calendar date YYYY-MM-DD picked with the date picker. */
  | 'date'
  /** One of `options`. */
  | 'choice'
  /** A number with decimals, e.g. a score. */
  | 'number'
  /** A whole percentage 0–100. */
  | 'percent';

interface FieldShape {
  kind: FieldKind;
  /** False for fields the schema lets empty. */
  required: boolean;
  options?: readonly string[];
  placeholder?: string;
}

export interface FieldSpec extends FieldShape {
  /** The label the server also uses in its messages. */
  label: string;
}

export type CommonFieldName = keyof z.infer<typeof commonFields>;

type StageFieldName<S extends Stage> = keyof StageFields[S] & string;

const explanation: FieldShape = {
  kind: 'longText',
  required: false,
  placeholder: '金额超过项目总投资时，说明原因和资金来源',
};

const stageFieldShapes: { [S in Stage]: Record<StageFieldName<S>, FieldShape> } = {
  procurement: {
    method: { kind: 'choice', required: true, options: procurementMethods },
    announcementDate: { kind: 'date', required: true },
    resultDate: { kind: 'date', required: true },
    supplier: { kind: 'text', required: true, placeholder: '中标（成交）单位全称' },
    winningAmount: { kind: 'amount', required: true },
    overBudgetExplanation: explanation,
  },
  contractFiling: {
    contractNo: { kind: 'text', required: true },
    signedDate: { kind: 'date', required: true },
    counterparty: { kind: 'text', required: true, placeholder: '乙方单位全称' },
    amount: { kind: 'amount', required: true },
    filedDate: { kind: 'date', required: true },
    overBudgetExplanation: explanation,
  },
  supervision: {
    supervisor: { kind: 'text', required: true, placeholder: '监理单位全称' },
    contractAmount: { kind: 'amount', required: true },
    startDate: { kind: 'date', required: true },
  },
  acceptance: {
    kind: { kind: 'choice', required: true, options: acceptanceKinds },
    date: { kind: 'date', required: true },
    conclusion: { kind: 'choice', required: true, options: acceptanceConclusions },
    remarks: { kind: 'longText', required: false },
  },
  operation: {
    goLiveDate: { kind: 'date', required: true },
    status: { kind: 'choice', required: true, options: operationStatuses },
    usage: { kind: 'longText', required: false, placeholder: '例如：注册用户 1200 人，月均访问 3 万次' },
  },
  selfEvaluation: {
    score: { kind: 'number', required: true, placeholder: '0–100' },
    grade: { kind: 'choice', required: true, options: evaluationGrades },
    keyResults: { kind: 'longText', required: false },
    problems: { kind: 'longText', required: false },
  },
};

const commonFieldShapes: Record<CommonFieldName, FieldShape> = {
  paidToDate: { kind: 'amount', required: true },
  progressPercent: { kind: 'percent', required: true, placeholder: '0–100' },
  risks: { kind: 'longText', required: false },
  note: { kind: 'longText', required: false },
};

/** Names of a stage's fields in the order the form shows them. */
export const stageFieldNames = (stage: Stage): string[] => Object.keys(stageFieldShapes[stage]);

export const commonFieldNames = Object.keys(commonFieldShapes) as CommonFieldName[];

/** Returns how to show a stage field or a common field (the two sets share no name), or undefined for an unknown name. */
export function specOf(stage: Stage, name: string): FieldSpec | undefined {
  const stageShapes: Record<string, FieldShape> = stageFieldShapes[stage];
  const stageLabels: Record<string, string> = stageFieldLabels[stage];
  const commonShapes: Record<string, FieldShape> = commonFieldShapes;
  const commonLabels: Record<string, string> = commonFieldLabels;
  const shape = stageShapes[name] ?? commonShapes[name];
  const label = stageLabels[name] ?? commonLabels[name];
  return shape === undefined || label === undefined ? undefined : { ...shape, label };
}

/** Fields shown only when a plan check requests them or they already contain text. */
export const conditionalFields: ReadonlySet<string> = new Set(['overBudgetExplanation']);
