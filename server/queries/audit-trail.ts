// Reading the audit trail for the bureau's console: filters, date ranges in Beijing time, and
// cursor paging newest first.
import mongoose, { type QueryFilter, type Types } from 'mongoose';
import { badRequest } from '../errors.ts';
import { AuditEvent, type AuditEventRecord } from '../models/audit-event.ts';
import { Project } from '../models/project.ts';
import type { AuditListQuery } from '../routes/audit/schema.ts';

export type StoredAuditEvent = AuditEventRecord & { _id: Types.ObjectId };

/** Largest number of projects a name search filters by; a search matching more is too broad to be useful. */
const maxProjectsPerSearch = 500;

/** Returns the instant a Beijing-time day starts; China has had no daylight saving time since 1991. */
function beijingDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

const dayMs = 24 * 3600 * 1000;

function encodeCursor(event: StoredAuditEvent): string {
  return Buffer.from(JSON.stringify([event.at.toISOString(), event._id.toString()])).toString('base64url');
}

/** Reads a cursor back into the position of the last event of the previous page. */
function decodeCursor(cursor: string): { at: Date; id: Types.ObjectId } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof at !== 'string' || typeof id !== 'string' || !mongoose.isValidObjectId(id)) throw new Error('malformed');
    const date = new Date(at);
    if (Number.isNaN(date.getTime())) throw new Error('malformed');
    return { at: date, id: new mongoose.Types.ObjectId(id) };
  } catch {
    throw badRequest('翻页位置无效，请从第一页重新查看', 'cursor');
  }
}

/** Escapes text for use as a literal inside a regular expression. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Builds the filter of a query; undefined when a project name search matches no project.
 * NOTE: events stored before audit events had a `projectId` field do not match a project filter.
 * The unfiltered trail still shows their project.
 */
async function filterOf(query: AuditListQuery): Promise<QueryFilter<AuditEventRecord> | undefined> {
  const filter: QueryFilter<AuditEventRecord> = {};
  const projectIds: Types.ObjectId[][] = [];
  if (query.projectId !== undefined) projectIds.push([new mongoose.Types.ObjectId(query.projectId)]);
  if (query.project !== undefined) {
    const matching = await Project.find({ name: { $regex: literal(query.project), $options: 'i' } }, { _id: 1 })
      .limit(maxProjectsPerSearch)
      .lean();
    projectIds.push(matching.map((project) => project._id));
  }
  if (projectIds.length > 0) {
    const [first, ...rest] = projectIds as [Types.ObjectId[], ...Types.ObjectId[][]];
    const both = first.filter((id) => rest.every((ids) => ids.some((other) => other.equals(id))));
    if (both.length === 0) return undefined;
    filter.projectId = { $in: both };
  }
  if (query.actor !== undefined) filter.actorUserId = query.actor;
  if (query.action !== undefined) filter.action = query.action;

  const at: { $gte?: Date; $lt?: Date } = {};
  if (query.from !== undefined) at.$gte = beijingDayStart(query.from);
  if (query.to !== undefined) at.$lt = new Date(beijingDayStart(query.to).getTime() + dayMs);
  if (at.$gte !== undefined || at.$lt !== undefined) filter.at = at;

  if (query.cursor !== undefined) {
    const after = decodeCursor(query.cursor);
    filter.$or = [{ at: { $lt: after.at } }, { at: after.at, _id: { $lt: after.id } }];
  }
  return filter;
}

/** Lists one page of audit events matching the query, newest first, and the cursor of the next page. */
export async function listAuditEvents(query: AuditListQuery): Promise<{ events: StoredAuditEvent[]; nextCursor: string | null }> {
  const filter = await filterOf(query);
  if (filter === undefined) return { events: [], nextCursor: null };

  const found = await AuditEvent.find(filter).sort({ at: -1, _id: -1 }).limit(query.limit + 1).lean();
  const events = found.slice(0, query.limit);
  const last = events.at(-1);
  return { events, nextCursor: found.length > query.limit && last !== undefined ? encodeCursor(last) : null };
}

/** Lists everyone who appears in the trail, with the name of their latest event, by name. */
export async function listAuditActors(): Promise<Array<{ userId: string; name: string }>> {
  const actors = await AuditEvent.aggregate<{ _id: string; name: string }>([
    { $sort: { actorUserId: 1, at: -1 } },
    { $group: { _id: '$actorUserId', name: { $first: '$actorName' } } },
  ]);
  return actors.map((actor) => ({ userId: actor._id, name: actor.name })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}
