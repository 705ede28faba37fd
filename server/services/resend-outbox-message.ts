import mongoose, { type Types } from 'mongoose';
import { OutboxMessage } from '../models/outbox-message.ts';
import { conflict, notFound } from '../errors.ts';
import { recordAudit, type Actor } from './audit.ts';

/** Puts a failed message back in the queue for the dispatcher, as the bureau asked. */
export async function resendOutboxMessage({ id, actor }: { id: Types.ObjectId; actor: Actor }): Promise<void> {
  await mongoose.connection.transaction(async (session) => {
    const message = await OutboxMessage.findById(id).session(session);
    if (message === null) throw notFound('找不到该消息');
    if (message.state !== 'failed') throw conflict('只有发送失败的消息可以重新发送');
    if (message.kind === 'work-notification' && message.userIds.length === 0) throw conflict('该工作通知的收件人均已停用，无法重新发送');

    const before = { state: message.state, attempts: message.attempts, reason: message.lastError };
    message.state = 'pending';
    message.attempts = 0;
    message.nextAttemptAt = new Date();
    await message.save({ session });
    await recordAudit(session, actor, { action: 'outbox.resend', targetKind: 'OutboxMessage', targetId: message.id, before, after: { state: 'pending' } });
  });
}
