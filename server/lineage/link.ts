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
 * Finds the entry a carried-over project continues: a project of an earlier batch (by date of
 * issue) with the same name key and the same lead unit, the latest such batch first.
 */
async function findEarlierEntry(project: LinkableProject, issuedAt: string, session: ClientSession): Promise<LinkableProject | null> {
  const leadUnitId = project.unitIds[0];
  if (project.nameKey == null || leadUnitId === undefined) return null;
  const candidates = await Project.find({ nameKey: project.nameKey, 'unitIds.0': leadUnitId, batchId: { $ne: project.batchId } })
    .session(session)
    .lean();
  if (candidates.length === 0) return null;

  const batches = await Batch.find({ _id: { $in: candidates.map((candidate) => candidate.batchId) }, issuedAt: { $lt: issuedAt } }, { issuedAt: 1, docNo: 1 })
    .session(session)
    .lean();
  // Latest date first; two batches of one day are ordered by 文号 so the choice is repeatable.
  batches.sort((a, b) => b.issuedAt.localeCompare(a.issuedAt) || b.docNo.localeCompare(a.docNo));
  const latest = batches[0];
  return latest === undefined ? null : (candidates.find((candidate) => candidate.batchId.equals(latest._id)) ?? null);
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

  let linked = 0;
  for (const project of [...own, ...later]) {
    if (project.linkSource === 'manual') {
      if (project.batchId.equals(batchId) && project.previousProjectId != null) linked += 1;
      continue;
    }
    const previous = project.nature === 'continuing' ? await findEarlierEntry(project, issuedAtOf.get(project.batchId.toString())!, session) : null;
    await setPreviousProject(project, previous, previous === null ? 'none' : 'import', session);
    if (previous !== null && project.batchId.equals(batchId)) linked += 1;
  }
  return linked;
}
