import mongoose, { type Types } from 'mongoose';
import { notFound, unprocessable } from '../errors.ts';
import { setPreviousProject } from '../lineage/link.ts';
import { Batch } from '../models/batch.ts';
import { Project } from '../models/project.ts';
import { recordAudit, type Actor } from './audit.ts';

export interface LinkProjectProps {
  projectId: Types.ObjectId;
  /** The same project's entry in an earlier batch, or null to unlink. */
  previousProjectId: Types.ObjectId | null;
  actor: Actor;
}

/** Describes a project's link for the audit trail: the earlier entry's 文号, 序号 and name. */
async function describeEntry(projectId: Types.ObjectId | null | undefined, session: mongoose.ClientSession) {
  if (projectId == null) return null;
  const project = await Project.findById(projectId, { batchId: 1, seq: 1, name: 1 }).session(session).lean();
  if (project === null) return { projectId: projectId.toString() };
  const batch = await Batch.findById(project.batchId, { docNo: 1 }).session(session).lean();
  return { projectId: projectId.toString(), docNo: batch?.docNo ?? '', seq: project.seq, name: project.name };
}

/**
 * Links a project to its entry in an earlier batch by hand, or removes its link, when the import's
 * name match failed or chose wrongly. The decision is kept when the batch is imported again.
 */
export async function linkProject({ projectId, previousProjectId, actor }: LinkProjectProps): Promise<void> {
  await mongoose.connection.transaction(async (session) => {
    const project = await Project.findById(projectId).session(session).lean();
    if (project === null) throw notFound('找不到该项目');
    let previous = null;
    if (previousProjectId !== null) {
      if (previousProjectId.equals(projectId)) throw unprocessable('项目不能关联自己', 'previousProjectId');
      previous = await Project.findById(previousProjectId).session(session).lean();
      if (previous === null) throw unprocessable('找不到要关联的往年项目', 'previousProjectId');
      const [batch, previousBatch] = await Promise.all([
        Batch.findById(project.batchId, { issuedAt: 1 }).session(session).lean(),
        Batch.findById(previous.batchId, { issuedAt: 1 }).session(session).lean(),
      ]);
      // Only an earlier batch qualifies, which also keeps a chain free of cycles.
      if (batch === null || previousBatch === null || previousBatch.issuedAt >= batch.issuedAt) {
        throw unprocessable('只能关联发文日期更早的批次中的项目', 'previousProjectId');
      }
    }

    const before = { linkSource: project.linkSource, previousProject: await describeEntry(project.previousProjectId, session) };
    await setPreviousProject(project, previous, 'manual', session);
    await recordAudit(session, actor, {
      action: previous === null ? 'project.unlink' : 'project.link',
      targetKind: 'Project',
      targetId: projectId.toString(),
      projectId,
      before,
      after: { linkSource: 'manual', previousProject: await describeEntry(previous?._id, session) },
    });
  });
}
