// Loads the projects of a dashboard filter with what the dashboard shows of them, and the
// stages each owes today.
import type { Types } from 'mongoose';
import { beijingDate, WorkingDayCalendar } from '../../../bot/schedule/calendar.ts';
import { Project } from '../../models/project.ts';
import { StageDueRule } from '../../models/stage-due-rule.ts';
import { Unit } from '../../models/unit.ts';
import type { natures } from '../../models/project.ts';
import { owedStages, type DueContext, type OwedStage } from '../../reports/owed-stages.ts';
import { progressOf, type ProjectProgress } from '../../reports/progress.ts';
import { projectQuery, publishedBatches, type DashboardFilter, type PublishedBatch } from './filter.ts';
import { overdueConditions } from './overdue.ts';

interface Amounts {
  total: number;
  special: number;
  other: number;
}

export interface DashboardProject {
  _id: Types.ObjectId;
  batchId: Types.ObjectId;
  seq: number;
  name: string;
  unitIds: Types.ObjectId[];
  nature: (typeof natures)[number];
  classified: boolean;
  investment: Amounts;
  yearInvestment: Amounts;
  progress: ProjectProgress;
  /** Overdue and returned stages on the dashboard's day; due-soon stages are left out. */
  owed: OwedStage[];
}

export interface DashboardProjects {
  batches: PublishedBatch[];
  batchOf: ReadonlyMap<string, PublishedBatch>;
  projects: DashboardProject[];
  /** Beijing date the overdue stages were computed for. */
  today: string;
}

export const projection = { batchId: 1, seq: 1, name: 1, unitIds: 1, nature: 1, classified: 1, investment: 1, yearInvestment: 1, progress: 1 } as const;

export async function dueContextFor(now: Date): Promise<DueContext> {
  const [rules, calendar] = await Promise.all([StageDueRule.find().lean(), new WorkingDayCalendar().load()]);
  return { rules, calendar, today: beijingDate(now), daysBefore: 0 };
}

export interface Page {
  skip: number;
  limit: number;
}

/** Loads the published batches, the day's due context and overdue conditions, and builds the project query of a filter. */
export async function dashboardScope(filter: DashboardFilter, now: Date) {
  const [batches, context] = await Promise.all([publishedBatches(), dueContextFor(now)]);
  const overdue = overdueConditions(context, batches);
  const query = await projectQuery(filter, batches, overdue);
  return { batches, batchOf: new Map(batches.map((batch) => [batch._id.toString(), batch])), context, overdue, query };
}

/** Lists the stages a stored project owes on the context's day, leaving out those only due soon. */
export function owedOn(
  project: { batchId: Types.ObjectId; progress?: unknown },
  batchOf: ReadonlyMap<string, PublishedBatch>,
  context: DueContext,
): OwedStage[] {
  const publishedOn = beijingDate(batchOf.get(project.batchId.toString())!.publishedAt);
  return owedStages(progressOf(project), publishedOn, context).filter((item) => item.kind !== 'due-soon');
}

/** Adds the project's progress and what it owes on the context's day. */
function withOwed(
  project: Omit<DashboardProject, 'progress' | 'owed'> & { progress?: unknown },
  batchOf: ReadonlyMap<string, PublishedBatch>,
  context: DueContext,
): DashboardProject {
  return { ...project, progress: progressOf(project), owed: owedOn(project, batchOf, context) };
}

/**
 * Reads one page of the projects of published batches that match the filter, newest batch
 * first, each in table order; `total` counts all of them.
 */
export async function loadDashboardPage(filter: DashboardFilter, now: Date, page: Page): Promise<DashboardProjects & { total: number }> {
  const { batches, batchOf, context, query } = await dashboardScope(filter, now);
  const [total, stored] = await Promise.all([
    Project.countDocuments(query),
    Project.find(query, projection).sort({ batchId: -1, seq: 1 }).skip(page.skip).limit(page.limit).lean(),
  ]);
  return { batches, batchOf, projects: stored.map((project) => withOwed(project, batchOf, context)), total, today: context.today };
}

/** Returns the names of the given units by id. */
export async function unitNames(unitIds: Iterable<Types.ObjectId>): Promise<Map<string, string>> {
  const keys = [...new Set([...unitIds].map(String))];
  const units = await Unit.find({ _id: { $in: keys } }, { name: 1 }).lean();
  return new Map(units.map((unit) => [unit._id.toString(), unit.name]));
}
