// The dashboard's filters, turned into one project query, so the overview and the matrix count
// the same projects.
import { Types, type QueryFilter } from 'mongoose';
import { Batch } from '../../models/batch.ts';
import { type natures, type ProjectRecord } from '../../models/project.ts';
import { Unit } from '../../models/unit.ts';
import type { Stage } from '../../reports/stage-names.ts';
import { stages } from '../../reports/stage-names.ts';
import type { OverdueCondition } from './overdue.ts';

/** States a stage can be filtered by: those of its latest report, and overdue under the due rules. */
export const dashboardStates = ['none', 'submitted', 'returned', 'accepted', 'overdue'] as const;
export type DashboardState = (typeof dashboardStates)[number];

export interface DashboardFilter {
  batchId?: string;
  unitId?: string;
  nature?: (typeof natures)[number];
  stage?: Stage;
  state?: DashboardState;
  /** Any part of a project's name or of an owner unit's name. */
  q?: string;
}

export interface PublishedBatch {
  _id: Types.ObjectId;
  docNo: string;
  title: string;
  year: number;
  publishedAt: Date;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Lists the published batches, newest first; the dashboard covers these and no drafts. */
export async function publishedBatches(): Promise<PublishedBatch[]> {
  const batches = await Batch.find({ status: 'published' }, { docNo: 1, title: 1, year: 1, publishedAt: 1 }).sort({ issuedAt: -1, docNo: -1 }).lean();
  return batches.map((batch) => ({ _id: batch._id, docNo: batch.docNo, title: batch.title, year: batch.year, publishedAt: batch.publishedAt! }));
}

/** Returns the ids of the batches a filter covers: its batch, or every published one. */
export function batchIdsOf(filter: DashboardFilter, batches: readonly PublishedBatch[]): Types.ObjectId[] {
  return batches.map((batch) => batch._id).filter((id) => filter.batchId === undefined || id.toString() === filter.batchId);
}

/** Builds the project query of a filter within the given batches, with the day's overdue conditions. */
export async function projectQuery(
  filter: DashboardFilter,
  batches: readonly PublishedBatch[],
  overdue: readonly OverdueCondition[],
): Promise<QueryFilter<ProjectRecord>> {
  const conditions: Array<QueryFilter<ProjectRecord>> = [{ batchId: { $in: batchIdsOf(filter, batches) } }];

  // Aggregations do not cast, so ids are ObjectIds here already.
  if (filter.unitId !== undefined) conditions.push({ unitIds: new Types.ObjectId(filter.unitId) });
  if (filter.nature !== undefined) conditions.push({ nature: filter.nature });
  if (filter.q !== undefined && filter.q !== '') {
    const pattern = new RegExp(escapeRegex(filter.q), 'i');
    const units = await Unit.find({ name: pattern }, { _id: 1 }).lean();
    conditions.push({ $or: [{ name: pattern }, { unitIds: { $in: units.map((unit) => unit._id) } }] });
  }

  const filtered = filter.stage === undefined ? stages : [filter.stage];
  if (filter.state === 'overdue') {
    const matching = overdue.filter((item) => filtered.includes(item.stage));
    // No stage can be overdue today, so no project matches.
    conditions.push(matching.length === 0 ? { _id: { $in: [] } } : { $or: matching.map((item) => item.condition) });
  } else if (filter.state !== undefined) {
    conditions.push({ $or: filtered.map((stage) => ({ [`progress.stages.${stage}.state`]: filter.state })) });
  }
  return conditions.length === 1 ? conditions[0]! : { $and: conditions };
}
