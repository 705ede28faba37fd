// Overdue stages as MongoDB conditions, so the database counts and pages them instead of the
// server reading every project. Each condition matches exactly the projects for which
// `owedStages` reports the stage as overdue on the same day.
import type { PipelineStage, QueryFilter, Types } from 'mongoose';
import { beijingDate, type WorkingDayCalendar } from '../../../bot/schedule/calendar.ts';
import type { ProjectRecord } from '../../models/project.ts';
import type { StageDueRuleRecord } from '../../models/stage-due-rule.ts';
import type { DueContext } from '../../reports/owed-stages.ts';
import { stages, type Stage } from '../../reports/stage-names.ts';
import type { PublishedBatch } from './filter.ts';

export interface OverdueCondition {
  stage: Stage;
  condition: QueryFilter<ProjectRecord>;
  /** The same condition as an aggregation expression, for counting within a $group. */
  expression: Record<string, unknown>;
  /** Aggregation stages that sort the matching projects from the earliest due date. */
  order: PipelineStage[];
}

function previousDate(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

/**
 * Finds the latest base date whose due date, `workingDays` working days later, is before
 * `today`. Adding working days never moves a later base to an earlier due date, so every
 * base on or before this date is overdue and every later one is not.
 */
export function latestOverdueBase(today: string, workingDays: number, calendar: WorkingDayCalendar): string {
  let base = previousDate(today);
  while (calendar.addWorkingDays(base, workingDays) >= today) base = previousDate(base);
  return base;
}

/** Builds the condition of one rule, or null when no project can be overdue under it today. */
function conditionOf(rule: StageDueRuleRecord, context: DueContext, batches: readonly PublishedBatch[]): OverdueCondition | null {
  const stage = rule.stage as Stage;
  const noReport = { [`progress.stages.${stage}.state`]: 'none' };
  const noReportExpression = { $eq: [`$progress.stages.${stage}.state`, 'none'] };
  if (rule.date) {
    if (rule.date >= context.today) return null;
    return { stage, condition: noReport, expression: noReportExpression, order: [{ $sort: { batchId: -1, seq: 1 } }] };
  }
  if (rule.workingDays === null || rule.workingDays === undefined) return null;
  const workingDays = rule.workingDays;

  if (rule.base === 'published') {
    const due = (batch: PublishedBatch) => context.calendar.addWorkingDays(beijingDate(batch.publishedAt), workingDays);
    const late = batches
      .map((batch) => ({ id: batch._id, due: due(batch) }))
      .filter((batch) => batch.due < context.today)
      .sort((a, b) => a.due.localeCompare(b.due));
    if (late.length === 0) return null;
    const lateIds: Types.ObjectId[] = late.map((batch) => batch.id);
    return {
      stage,
      condition: { ...noReport, batchId: { $in: lateIds } },
      expression: { $and: [noReportExpression, { $in: ['$batchId', lateIds] }] },
      order: [{ $addFields: { dueOrder: { $indexOfArray: [lateIds, '$batchId'] } } }, { $sort: { dueOrder: 1, seq: 1 } }],
    };
  }
  const baseField = `progress.stages.${rule.base}.reportedOn`;
  const latest = latestOverdueBase(context.today, workingDays, context.calendar);
  const baseValue = { $ifNull: [`$${baseField}`, null] };
  return {
    stage,
    condition: { ...noReport, [baseField]: { $ne: null, $lte: latest } },
    // Null sorts below every string in an aggregation, hence the explicit check for a report date.
    expression: { $and: [noReportExpression, { $ne: [baseValue, null] }, { $lte: [baseValue, latest] }] },
    order: [{ $sort: { [baseField]: 1, seq: 1 } }],
  };
}

/** Lists the conditions of every stage that can be overdue today, in stage order. */
export function overdueConditions(context: DueContext, batches: readonly PublishedBatch[]): OverdueCondition[] {
  const conditions: OverdueCondition[] = [];
  for (const stage of stages) {
    const rule = context.rules.find((candidate) => candidate.stage === stage);
    const condition = rule === undefined ? null : conditionOf(rule, context, batches);
    if (condition !== null) conditions.push(condition);
  }
  return conditions;
}
