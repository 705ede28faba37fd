// Turns a report's stored fields into labelled rows for the review page, in the form's order.
import { classifiedAllowedCommonFields } from '../../../../server/reports/stages.ts';
import type { ReportView } from '../../api/index.ts';
import { commonFieldNames, specOf, stageFieldNames, type FieldSpec } from '../../common/field-specs.ts';
import { formatWanyuan, formatYuan } from '../../common/format.ts';

export interface FieldRow {
  name: string;
  spec: FieldSpec;
  /** The stored value: a string, or a number (amounts in 分). */
  value: string | number;
}

type ReportContent = Pick<ReportView, 'stage' | 'fields' | 'common'>;

/**
 * Lists the report's stage fields and then its common fields. Fields the report does not carry are
 * left out: an optional explanation left empty, and everything a classified project may not send.
 */
export function fieldRows(report: ReportContent, classified: boolean): FieldRow[] {
  const stored: Record<string, unknown> = { ...report.fields, ...report.common };
  const commonNames: readonly string[] = classified ? classifiedAllowedCommonFields : commonFieldNames;
  const rows: FieldRow[] = [];
  for (const name of [...stageFieldNames(report.stage), ...commonNames]) {
    const spec = specOf(report.stage, name);
    const value = stored[name];
    if (spec === undefined || (typeof value !== 'string' && typeof value !== 'number')) continue;
    rows.push({ name, spec, value });
  }
  return rows;
}

/** Formats an amount in 分 in both units the bureau uses, e.g. "1,056,000.50 元（105.60005 万元）". */
export const formatAmount = (fen: number): string => `${formatYuan(fen)} 元（${formatWanyuan(fen)} 万元）`;

/** Formats a stored value as one line of text; an empty text field reads 未填写. */
export function formatValue(row: FieldRow): string {
  const { spec, value } = row;
  if (spec.kind === 'amount' && typeof value === 'number') return formatAmount(value);
  if (spec.kind === 'percent') return `${value}%`;
  const text = String(value).trim();
  return text === '' ? '未填写' : text;
}
