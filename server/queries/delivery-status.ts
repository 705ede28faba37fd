import type { Types } from 'mongoose';
import { OutboxMessage } from '../models/outbox-message.ts';
import { confirmationStatus } from './confirmation-status.ts';

export const deliveryStates = ['未送达', '未读', '已读未确认', '已确认'] as const;
export type DeliveryState = (typeof deliveryStates)[number];

/**
 * Computes each batch contact's delivery state: the publish notice not delivered, delivered but unread,
 * read but not confirmed, or confirmed. Read and undelivered lists come from DingTalk's send
 * results, refreshed by `refreshDelivery`.
 */
export async function deliveryStatus(batchId: Types.ObjectId) {
  const [status, notices] = await Promise.all([
    confirmationStatus(batchId),
    OutboxMessage.find({ batchId, kind: 'work-notification', dedupeKey: { $regex: '^batch-published:' } }).lean(),
  ]);
  const noticeOf = new Map(notices.flatMap((notice) => notice.userIds.map((userId) => [userId, notice] as const)));

  const stateOf = (userId: string, confirmedAt: string | null): DeliveryState => {
    if (confirmedAt !== null) return '已确认';
    const notice = noticeOf.get(userId);
    if (notice === undefined || notice.state !== 'sent' || notice.undeliveredUserIds.includes(userId)) return '未送达';
    return notice.readUserIds.includes(userId) ? '已读未确认' : '未读';
  };

  const units = status.units.map((unit) => ({
    unit: unit.unit,
    contacts: unit.contacts.map((contact) => ({
      userId: contact.userId,
      name: contact.name,
      state: stateOf(contact.userId, contact.confirmedAt),
      lastError: noticeOf.get(contact.userId)?.lastError ?? '',
    })),
  }));
  const counts = Object.fromEntries(deliveryStates.map((state) => [state, 0])) as Record<DeliveryState, number>;
  const seen = new Set<string>();
  for (const contact of units.flatMap((unit) => unit.contacts)) {
    if (seen.has(contact.userId)) continue;
    seen.add(contact.userId);
    counts[contact.state] += 1;
  }
  return { units, counts };
}

export type DeliveryStatusView = Awaited<ReturnType<typeof deliveryStatus>>;
