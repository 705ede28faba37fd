// Links the entries of a carried-over (历年) project across batches, so that its history reads as
// one line. Each project stores the entry it continues (`previousProjectId`) and the id shared by
// the whole chain (`lineageId`, the first entry's id).
import type { ClientSession, Types } from 'mongoose';
import { Batch } from '../models/batch.ts';
import { Project } from '../models/project.ts';
import { projectNameKey } from './project-name.ts';

type LinkSource = 'none' | 'import' | 'manual';

interface LinkableProject {
  _id: Types.ObjectId;
  batchId: Types.ObjectId;
  nameKey?: string | null;
  unitIds: Types.ObjectId[];
  nature: string;
  previousProjectId?: Types.ObjectId | null;
  lineageId?: Types.ObjectId | null;
  linkSource?: LinkSource | null;
}

/** Returns the id of the chain a project belongs to. An entry that was never linked starts its own chain. */
export function lineageOf(project: { _id: Types.ObjectId; lineageId?: Types.ObjectId | null }): Types.ObjectId {
  return project.lineageId ?? project._id;
}

/** Maximum chain length the relabelling follows, far more batches than a project lives through. */
const maxChainLength = 200;

/** Sets `lineageId` on a project and on every later entry that continues it. */
async function relabelChain(firstId: Types.ObjectId, lineageId: Types.ObjectId, session: ClientSession): Promise<void> {
  let ids = [firstId];
  for (let depth = 0; ids.length > 0; depth += 1) {
    if (depth > maxChainLength) throw new Error(`project chain from ${firstId.toString()} is longer than ${maxChainLength}`);
    await Project.updateMany({ _id: { $in: ids } }, { $set: { lineageId } }, { session });
    const next = await Project.find({ previousProjectId: { $in: ids } }, { _id: 1 }).session(session).lean();
    ids = next.map((project) => project._id);
  }
}

/**
 * Makes `project` continue `previous` (or start its own chain when null) and records who decided
 * it. Returns false when the link was already so.
 */
export async function setPreviousProject(
  project: LinkableProject,
  previous: LinkableProject | null,
  source: LinkSource,
  session: ClientSession,
): Promise<boolean> {
  const previousId = previous?._id ?? null;
  const lineageId = previous === null ? project._id : lineageOf(previous);
  const unchanged =
    (project.previousProjectId ?? null)?.toString() === previousId?.toString() &&
    (project.linkSource ?? 'none') === source &&
    lineageOf(project).equals(lineageId);
  if (unchanged) return false;

  await Project.updateOne({ _id: project._id }, { $set: { previousProjectId: previousId, linkSource: source } }, { session });
  await relabelChain(project._id, lineageId, session);
  return true;
}

/**
 * Finds, for each carried-over project, the id of the entry it continues: a project of an earlier
 * batch (by date of issue) with the same name key and the same lead unit, the latest such batch
 * first. Two queries serve all the projects, however many a notice holds.
 */
async function findEarlierEntryIds(
  projects: readonly LinkableProject[],
  issuedAtOf: ReadonlyMap<string, string>,
  session: ClientSession,
): Promise<Map<string, Types.ObjectId>> {
  const keys = [...new Set(projects.flatMap((project) => (project.nameKey == null ? [] : [project.nameKey])))];
  const candidates = keys.length === 0 ? [] : await Project.find({ nameKey: { $in: keys } }, { nameKey: 1, unitIds: 1, batchId: 1 }).session(session).lean();
  const batches = await Batch.find({ _id: { $in: candidates.map((candidate) => candidate.batchId) } }, { issuedAt: 1, docNo: 1 }).session(session).lean();
  const batchOf = new Map(batches.map((batch) => [batch._id.toString(), batch]));
  const matchKey = (nameKey: string, leadUnitId: Types.ObjectId) => `${nameKey}\u0000${leadUnitId.toString()}`;
  const candidatesOf = new Map<string, typeof candidates>();
  for (const candidate of candidates) {
    const leadUnitId = candidate.unitIds[0];
    if (candidate.nameKey == null || leadUnitId === undefined) continue;
    const key = matchKey(candidate.nameKey, leadUnitId);
    candidatesOf.set(key, [...(candidatesOf.get(key) ?? []), candidate]);
  }

  const found = new Map<string, Types.ObjectId>();
  for (const project of projects) {
    const leadUnitId = project.unitIds[0];
    const issuedAt = issuedAtOf.get(project.batchId.toString());
    if (project.nameKey == null || leadUnitId === undefined || issuedAt === undefined) continue;
    const earlier = (candidatesOf.get(matchKey(project.nameKey, leadUnitId)) ?? [])
      .map((candidate) => ({ candidate, batch: batchOf.get(candidate.batchId.toString()) }))
      .filter(({ candidate, batch }) => !candidate.batchId.equals(project.batchId) && batch !== undefined && batch.issuedAt < issuedAt);
    // Latest date first; two batches of one day are ordered by 文号 so the choice is repeatable.
    earlier.sort((a, b) => b.batch!.issuedAt.localeCompare(a.batch!.issuedAt) || b.batch!.docNo.localeCompare(a.batch!.docNo));
    if (earlier[0] !== undefined) found.set(project._id.toString(), earlier[0].candidate._id);
  }
  return found;
}

/** Sets the name key of projects stored before projects had one, so that they can be matched. */
async function fillMissingNameKeys(session: ClientSession): Promise<void> {
  const missing = await Project.find({ nameKey: null }, { name: 1 }).session(session).lean();
  for (const project of missing) {
    await Project.updateOne({ _id: project._id }, { $set: { nameKey: projectNameKey(project.name) } }, { session });
  }
}

/**
 * Links the carried-over projects of an imported batch to their earlier entries, and the
 * carried-over projects of later batches that may continue one of this batch's projects.
 * A link an admin set or removed by hand stays as it is. Running it again changes nothing.
 * Returns the number of projects of this batch that continue an earlier entry.
 */
export async function linkCarriedOverProjects(batchId: Types.ObjectId, session: ClientSession): Promise<number> {
  const batch = await Batch.findById(batchId, { issuedAt: 1 }).session(session).lean();
  if (batch === null) throw new Error(`batch ${batchId.toString()} missing while linking its projects`);
  await fillMissingNameKeys(session);

  const own = await Project.find({ batchId }).session(session).lean();
  const laterBatches = await Batch.find({ issuedAt: { $gt: batch.issuedAt } }, { _id: 1, issuedAt: 1 }).session(session).lean();
  const later = await Project.find({
    batchId: { $in: laterBatches.map((later) => later._id) },
    nature: 'continuing',
    nameKey: { $in: own.flatMap((project) => (project.nameKey == null ? [] : [project.nameKey])) },
  })
    .session(session)
    .lean();
  const issuedAtOf = new Map([[batchId.toString(), batch.issuedAt], ...laterBatches.map((later) => [later._id.toString(), later.issuedAt] as const)]);

  const earlierIds = await findEarlierEntryIds(
    [...own, ...later].filter((project) => project.nature === 'continuing' && project.linkSource !== 'manual'),
    issuedAtOf,
    session,
  );

  let linked = 0;
  for (const project of [...own, ...later]) {
    if (project.linkSource === 'manual') {
      if (project.batchId.equals(batchId) && project.previousProjectId != null) linked += 1;
      continue;
    }
    // Read again here, because linking an earlier project in this loop may have changed its chain.
    const earlierId = earlierIds.get(project._id.toString());
    const previous = earlierId === undefined ? null : await Project.findById(earlierId).session(session).lean();
    await setPreviousProject(project, previous, previous === null ? 'none' : 'import', session);
    if (previous !== null && project.batchId.equals(batchId)) linked += 1;
  }
  return linked;
}
