import mongoose, { type Types } from 'mongoose';
import { Batch } from '../models/batch.ts';
import { Contact } from '../models/contact.ts';
import { OutboxMessage } from '../models/outbox-message.ts';
import { Project } from '../models/project.ts';
import { Unit } from '../models/unit.ts';
import { conflict, notFound } from '../errors.ts';
import { batchNoticeCard, batchPublishedGroupPost } from '../../bot/messages/batch-published.ts';
import { recordAudit, type Actor } from './audit.ts';

export interface PublishBatchProps {
  batchId: Types.ObjectId;
  actor: Actor;
  /** Builds the absolute URL of a micro-app page, e.g. appUrl('/batches/…'). */
  appUrl: (path: string) => string;
}

export interface PublishResult {
  groupPosts: number;
  workNotifications: number;
  /** Units with projects in the batch but no contact on the roster to notify. */
  unitsWithoutContacts: string[];
}

/**
 * Publishes a draft batch: marks it published and, in the same transaction, queues one group
 * post and one work notification per responsible contact in the outbox.
 */
export async function publishBatch({ batchId, actor, appUrl }: PublishBatchProps): Promise<PublishResult> {
  return mongoose.connection.transaction(async (session) => {
    const batch = await Batch.findById(batchId).session(session);
    if (batch === null) throw notFound('找不到该批次');
    if (batch.status === 'published') throw conflict('该批次已发布，不能重复发布');

    const projects = await Project.find({ batchId }).sort({ seq: 1 }).session(session).lean();
    const unitIds = [...new Map(projects.flatMap((p) => p.unitIds).map((id) => [id.toString(), id])).values()];
    const units = await Unit.find({ _id: { $in: unitIds } }).session(session).lean();
    const unitName = new Map(units.map((unit) => [unit._id.toString(), unit.name]));
    const contacts = await Contact.find({ role: 'contact', active: true, unitIds: { $in: unitIds } })
      .sort({ userId: 1 })
      .session(session)
      .lean();

    const batchUnitKeys = new Set(unitIds.map(String));
    const notifiedUnits = new Set<string>();
    const notifications = contacts.map((contact) => {
      const ownUnitKeys = contact.unitIds.map(String).filter((key) => batchUnitKeys.has(key));
      ownUnitKeys.forEach((key) => notifiedUnits.add(key));
      const ownProjects = projects.filter((p) => p.unitIds.some((id) => ownUnitKeys.includes(id.toString())));
      const body = batchNoticeCard(
        batch,
        ownUnitKeys.map((key) => unitName.get(key) ?? ''),
        ownProjects.map((p) => ({ seq: p.seq, name: p.name, yearInvestmentTotal: p.yearInvestment.total })),
        appUrl(`/batches/${batch.id}`),
      );
      return {
        dedupeKey: `batch-published:${batch.id}:contact:${contact.userId}`,
        kind: 'work-notification' as const,
        batchId: batch._id,
        userIds: [contact.userId],
        body,
      };
    });

    const groupPost = batchPublishedGroupPost(
      {
        docNo: batch.docNo,
        title: batch.title,
        year: batch.year,
        projectCount: projects.length,
        newCount: projects.filter((p) => p.nature !== 'continuing').length,
        continuingCount: projects.filter((p) => p.nature === 'continuing').length,
        unitCount: unitIds.length,
        contactCount: notifications.length,
        investmentTotal: projects.reduce((sum, p) => sum + p.investment.total, 0),
        yearInvestmentTotal: projects.reduce((sum, p) => sum + p.yearInvestment.total, 0),
        findingCount: batch.findings.length,
      },
      appUrl(`/admin/batches/${batch.id}`),
    );

    // insertMany validates every message and writes them in one command, where create() would
    // take one round trip per message, thousands for a batch that reaches thousands of contacts.
    await OutboxMessage.insertMany(
      [
        { dedupeKey: `batch-published:${batch.id}:group`, kind: 'group', batchId: batch._id, body: groupPost },
        ...notifications,
      ],
      { session, ordered: true },
    );

    batch.status = 'published';
    batch.publishedAt = new Date();
    await batch.save({ session });
    await recordAudit(session, actor, {
      action: 'batch.publish',
      targetKind: 'Batch',
      targetId: batch.id,
      before: { status: 'draft' },
      after: { status: 'published', workNotifications: notifications.length },
    });

    return {
      groupPosts: 1,
      workNotifications: notifications.length,
      unitsWithoutContacts: unitIds
        .filter((id) => !notifiedUnits.has(id.toString()))
        .map((id) => unitName.get(id.toString()) ?? ''),
    };
  });
}
