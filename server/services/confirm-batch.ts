import mongoose, { type Types } from 'mongoose';
import { Batch } from '../models/batch.ts';
import { Confirmation } from '../models/confirmation.ts';
import { Project } from '../models/project.ts';
import { conflict, forbidden, notFound } from '../errors.ts';
import type { Viewer } from '../auth/viewer.ts';
import { recordAudit, type Actor } from './audit.ts';

export interface ConfirmBatchProps {
  batchId: Types.ObjectId;
  viewer: Viewer;
  actor: Actor;
  channel: 'miniapp' | 'bot';
}

/**
 * Records that a contact received a published batch. Confirming twice keeps the first
 * confirmation and its time.
 */
export async function confirmBatch({ batchId, viewer, actor, channel }: ConfirmBatchProps) {
  return mongoose.connection.transaction(async (session) => {
    const batch = await Batch.findById(batchId).session(session).lean();
    if (batch === null) throw notFound('找不到该批次');
    if (batch.status !== 'published') throw conflict('该批次尚未发布，无需确认');

    const ownProjects = await Project.countDocuments({ batchId, unitIds: { $in: viewer.unitIds } }).session(session);
    if (ownProjects === 0) throw forbidden('本批次没有您单位的项目');

    const existing = await Confirmation.findOne({ batchId, contactId: viewer.contactId }).session(session).lean();
    if (existing !== null) return { confirmedAt: existing.confirmedAt, alreadyConfirmed: true };

    const confirmedAt = new Date();
    await Confirmation.create(
      [{ batchId, contactId: viewer.contactId, unitIds: viewer.unitIds, confirmedAt, channel }],
      { session },
    );
    await recordAudit(session, actor, {
      action: 'batch.confirm',
      targetKind: 'Batch',
      targetId: batchId.toString(),
      after: { contact: viewer.userId, channel, confirmedAt },
    });
    return { confirmedAt, alreadyConfirmed: false };
  });
}
