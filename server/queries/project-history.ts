// A carried-over project's entries across batches, read as one line.
import type { Types } from 'mongoose';
import type { Viewer } from '../auth/viewer.ts';
import { lineageOf } from '../lineage/link.ts';
import { Batch } from '../models/batch.ts';
import { Project } from '../models/project.ts';
import { Report } from '../models/report.ts';
import { Unit } from '../models/unit.ts';
import { projectScope } from '../policies/index.ts';
import { presentStageStates } from '../presenters/report.ts';

/**
 * Loads every entry of a project's chain that the viewer may see, oldest batch first, with the
 * stage states of each entry. A unit contact gets only their units' entries in published batches.
 */
export async function loadProjectHistory(viewer: Viewer, project: { _id: Types.ObjectId; lineageId?: Types.ObjectId | null }) {
  const lineageId = lineageOf(project);
  const entries = await Project.find({ $or: [{ _id: lineageId }, { lineageId }], ...projectScope(viewer) }).lean();
  const batches = await Batch.find({
    _id: { $in: entries.map((entry) => entry.batchId) },
    ...(viewer.role === 'contact' ? { status: 'published' } : {}),
  }).lean();
  const batchOf = new Map(batches.map((batch) => [batch._id.toString(), batch]));
  const reports = await Report.find(
    { projectId: { $in: entries.map((entry) => entry._id) } },
    { projectId: 1, stage: 1, state: 1, submittedAt: 1, updatedAt: 1 },
  ).lean();
  const units = await Unit.find({ _id: { $in: entries.flatMap((entry) => entry.unitIds) } }, { name: 1 }).lean();
  const unitName = new Map(units.map((unit) => [unit._id.toString(), unit.name]));

  const visible = entries.flatMap((entry) => {
    const batch = batchOf.get(entry.batchId.toString());
    return batch === undefined ? [] : [{ entry, batch }];
  });
  visible.sort((a, b) => a.batch.issuedAt.localeCompare(b.batch.issuedAt) || a.batch.docNo.localeCompare(b.batch.docNo));

  return {
    lineageId: lineageId.toString(),
    entries: visible.map(({ entry, batch }) => ({
      projectId: entry._id.toString(),
      current: entry._id.equals(project._id),
      batch: { id: batch._id.toString(), docNo: batch.docNo, title: batch.title, issuedAt: batch.issuedAt, year: batch.year, status: batch.status },
      seq: entry.seq,
      name: entry.name,
      nature: entry.nature,
      units: entry.unitIds.map((id) => unitName.get(id.toString()) ?? '未知单位'),
      yearInvestment: {
        year: entry.yearInvestment.year,
        total: entry.yearInvestment.total,
        special: entry.yearInvestment.special,
        other: entry.yearInvestment.other,
      },
      previousProjectId: entry.previousProjectId?.toString() ?? null,
      linkSource: entry.linkSource,
      stages: presentStageStates(reports.filter((report) => report.projectId.equals(entry._id))),
    })),
  };
}

export type ProjectHistoryView = Awaited<ReturnType<typeof loadProjectHistory>>;

/**
 * Lists projects of batches issued before the project's batch that an admin may link it to:
 * those whose name contains the search text, or without text those of the same lead unit.
 */
export async function findLinkCandidates(project: { batchId: Types.ObjectId; unitIds: Types.ObjectId[] }, search: string | undefined, limit: number) {
  const batch = await Batch.findById(project.batchId, { issuedAt: 1 }).lean();
  if (batch === null) return [];
  const earlier = await Batch.find({ issuedAt: { $lt: batch.issuedAt } }, { docNo: 1, issuedAt: 1 }).lean();
  const batchOf = new Map(earlier.map((each) => [each._id.toString(), each]));

  const nameFilter =
    search === undefined ? { 'unitIds.0': project.unitIds[0] } : { name: { $regex: search.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), $options: 'i' } };
  const candidates = await Project.find({ batchId: { $in: earlier.map((each) => each._id) }, ...nameFilter })
    .sort({ batchId: -1, seq: 1 })
    .limit(limit)
    .lean();
  const units = await Unit.find({ _id: { $in: candidates.flatMap((candidate) => candidate.unitIds) } }, { name: 1 }).lean();
  const unitName = new Map(units.map((unit) => [unit._id.toString(), unit.name]));

  return candidates.map((candidate) => {
    const candidateBatch = batchOf.get(candidate.batchId.toString())!;
    return {
      id: candidate._id.toString(),
      seq: candidate.seq,
      name: candidate.name,
      nature: candidate.nature,
      units: candidate.unitIds.map((id) => unitName.get(id.toString()) ?? '未知单位'),
      batch: { id: candidateBatch._id.toString(), docNo: candidateBatch.docNo, issuedAt: candidateBatch.issuedAt },
    };
  });
}

export type LinkCandidateView = Awaited<ReturnType<typeof findLinkCandidates>>[number];
