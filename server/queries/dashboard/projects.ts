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

const projection = { batchId: 1, seq: 1, name: 1, unitIds: 1, nature: 1, classified: 1, investment: 1, yearInvestment: 1, progress: 1 } as const;

export async function dueContextFor(now: Date): Promise<DueContext> {
  const [rules, calendar] = await Promise.all([StageDueRule.find().lean(), new WorkingDayCalendar().load()]);
  return { rules, calendar, today: beijingDate(now), daysBefore: 0 };
}

/** Keeps a project when it owes the filtered stage, or any stage, as overdue. */
function matchesOverdue(project: DashboardProject, filter: DashboardFilter): boolean {
  return project.owed.some((item) => item.kind === 'overdue' && (filter.stage === undefined || item.stage === filter.stage));
}

export interface Page {
  skip: number;
  limit: number;
}

/**
 * Reads the projects of published batches that match the filter, newest batch first, each in
 * table order; with a page, only that page of them, and `total` counts all.
 */
export async function loadDashboardProjects(filter: DashboardFilter, now: Date, page?: Page): Promise<DashboardProjects & { total: number }> {
  const batches = await publishedBatches();
  const batchOf = new Map(batches.map((batch) => [batch._id.toString(), batch]));
  const query = await projectQuery(filter, batches);
  const context = await dueContextFor(now);

  const withOwed = (project: Omit<DashboardProject, 'progress' | 'owed'> & { progress?: unknown }): DashboardProject => {
    const progress = progressOf(project);
    const publishedOn = beijingDate(batchOf.get(project.batchId.toString())!.publishedAt);
    const owed = owedStages(progress, publishedOn, context).filter((item) => item.kind !== 'due-soon');
    return { ...project, progress, owed };
  };
  const find = () => Project.find(query, projection).sort({ batchId: -1, seq: 1 });

  // Overdue depends on today's date, so those projects are found here and paged in memory.
  if (page !== undefined && filter.state !== 'overdue') {
    const [total, stored] = await Promise.all([Project.countDocuments(query), find().skip(page.skip).limit(page.limit).lean()]);
    return { batches, batchOf, projects: stored.map(withOwed), total, today: context.today };
  }
  let projects = (await find().lean()).map(withOwed);
  if (filter.state === 'overdue') projects = projects.filter((project) => matchesOverdue(project, filter));
  const total = projects.length;
  if (page !== undefined) projects = projects.slice(page.skip, page.skip + page.limit);
  return { batches, batchOf, projects, total, today: context.today };
}

/** Returns the names of the given units by id. */
export async function unitNames(unitIds: Iterable<Types.ObjectId>): Promise<Map<string, string>> {
  const keys = [...new Set([...unitIds].map(String))];
  const units = await Unit.find({ _id: { $in: keys } }, { name: 1 }).lean();
  return new Map(units.map((unit) => [unit._id.toString(), unit.name]));
}
