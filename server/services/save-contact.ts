// The bureau's own changes to the contact roster: add a person, edit one. Each runs in a
// transaction with its audit event.
import mongoose, { type ClientSession, type Types } from 'mongoose';
import type { ContactFields, NewContactFields } from '../contacts/fields.ts';
import { conflict, notFound, unprocessable } from '../errors.ts';
import { Contact } from '../models/contact.ts';
import { Unit } from '../models/unit.ts';
import { contactSnapshot } from '../presenters/contact.ts';
import { recordAudit, type Actor } from './audit.ts';

/** Throws 422 naming the field when a unit id does not exist, because a contact of no real unit gets nothing. */
async function checkUnitsExist(fields: ContactFields, session: ClientSession): Promise<void> {
  for (const field of ['unitIds', 'leaderOfUnitIds'] as const) {
    const ids = fields[field];
    if (ids.length === 0) continue;
    const found = await Unit.countDocuments({ _id: { $in: ids } }).session(session);
    if (found !== ids.length) throw unprocessable('所选单位中有不存在的单位，请刷新页面后重新选择', field);
  }
}

/** Adds a person to the roster as an active contact. */
export async function createContact({ fields, actor }: { fields: NewContactFields; actor: Actor }): Promise<Types.ObjectId> {
  return mongoose.connection.transaction(async (session) => {
    if ((await Contact.exists({ userId: fields.userId }).session(session)) !== null) {
      throw conflict(`钉钉用户 ID ${fields.userId} 已有联系人，请在列表中搜索并编辑该联系人`);
    }
    await checkUnitsExist(fields, session);

    const [created] = await Contact.create([{ ...fields, active: true }], { session });
    await recordAudit(session, actor, { action: 'contact.create', targetKind: 'Contact', targetId: fields.userId, after: contactSnapshot(created!) });
    return created!._id;
  });
}

/**
 * Edits a contact's name, mobile, title, role and units. An admin cannot take the admin role
 * from themselves, so the bureau never locks itself out by mistake.
 */
export async function updateContact({ id, fields, actor }: { id: Types.ObjectId; fields: ContactFields; actor: Actor }): Promise<void> {
  await mongoose.connection.transaction(async (session) => {
    const contact = await Contact.findById(id).session(session);
    if (contact === null) throw notFound('找不到该联系人');
    if (contact.userId === actor.userId && contact.role === 'admin' && fields.role !== 'admin') {
      throw unprocessable('不能取消自己的管理员角色，请让另一位管理员操作', 'role');
    }
    await checkUnitsExist(fields, session);

    const before = contactSnapshot(contact);
    contact.set(fields);
    await contact.save({ session });
    await recordAudit(session, actor, { action: 'contact.update', targetKind: 'Contact', targetId: contact.userId, before, after: contactSnapshot(contact) });
  });
}
