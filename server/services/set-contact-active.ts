// Deactivating and reactivating a contact. A contact is never deleted, because reports, versions
// and confirmations name the person who made them.
import mongoose, { type ClientSession, type Types } from 'mongoose';
import { conflict, notFound, unprocessable } from '../errors.ts';
import { Contact } from '../models/contact.ts';
import { OutboxMessage } from '../models/outbox-message.ts';
import { Session } from '../models/session.ts';
import { contactSnapshot } from '../presenters/contact.ts';
import { recordAudit, type Actor } from './audit.ts';

/** Reason why a pending work notification left without recipients was not sent. */
export const allRecipientsDeactivated = '收件人均已停用，未发送';

/**
 * Takes a deactivated person out of everything that would still reach them: their sessions end,
 * and work notifications still pending lose them as a recipient. A notification left without
 * recipients fails with a reason the bureau can read.
 */
export async function withdrawContact(userId: string, contactId: Types.ObjectId, session: ClientSession): Promise<void> {
  await Session.deleteMany({ contactId }, { session });
  await OutboxMessage.updateMany({ kind: 'work-notification', state: 'pending', userIds: userId }, { $pull: { userIds: userId } }, { session });
  await OutboxMessage.updateMany(
    { kind: 'work-notification', state: 'pending', userIds: { $size: 0 } },
    { $set: { state: 'failed', lastError: allRecipientsDeactivated } },
    { session },
  );
}

/**
 * Deactivates a contact: they cannot sign in, their sessions end and they get no messages. An
 * admin cannot deactivate themselves.
 */
export async function deactivateContact({ id, actor }: { id: Types.ObjectId; actor: Actor }): Promise<void> {
  await mongoose.connection.transaction(async (session) => {
    const contact = await Contact.findById(id).session(session);
    if (contact === null) throw notFound('找不到该联系人');
    if (contact.userId === actor.userId) throw unprocessable('不能停用自己的账号，请让另一位管理员操作');
    if (!contact.active) throw conflict('该联系人已停用');

    const before = contactSnapshot(contact);
    contact.active = false;
    await contact.save({ session });
    await withdrawContact(contact.userId, contact._id, session);
    await recordAudit(session, actor, { action: 'contact.deactivate', targetKind: 'Contact', targetId: contact.userId, before, after: contactSnapshot(contact) });
  });
}

/** Reactivates a contact, who can sign in again and gets messages from then on. */
export async function reactivateContact({ id, actor }: { id: Types.ObjectId; actor: Actor }): Promise<void> {
  await mongoose.connection.transaction(async (session) => {
    const contact = await Contact.findById(id).session(session);
    if (contact === null) throw notFound('找不到该联系人');
    if (contact.active) throw conflict('该联系人未停用');

    const before = contactSnapshot(contact);
    contact.active = true;
    await contact.save({ session });
    await recordAudit(session, actor, { action: 'contact.reactivate', targetKind: 'Contact', targetId: contact.userId, before, after: contactSnapshot(contact) });
  });
}
