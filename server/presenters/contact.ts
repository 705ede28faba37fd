import type { Types } from 'mongoose';
import type { ContactRecord } from '../models/contact.ts';

type WithId<T> = T & { _id: Types.ObjectId };

/** Lists what of a contact the bureau's contact pages show. */
export function presentContact(contact: WithId<ContactRecord>, unitNames: ReadonlyMap<string, string>) {
  const unitRef = (id: Types.ObjectId) => ({ id: id.toString(), name: unitNames.get(id.toString()) ?? '未知单位' });
  return {
    id: contact._id.toString(),
    userId: contact.userId,
    name: contact.name,
    mobile: contact.mobile,
    title: contact.title,
    role: contact.role,
    units: contact.unitIds.map(unitRef),
    leaderOf: contact.leaderOfUnitIds.map(unitRef),
    active: contact.active,
    updatedAt: (contact as { updatedAt?: Date }).updatedAt?.toISOString() ?? null,
  };
}

export type ContactView = ReturnType<typeof presentContact>;

/**
 * The fields of a contact an audit event records before and after a change, with ids as strings
 * so the trail reads the same whatever stored it.
 */
export function contactSnapshot(contact: ContactRecord) {
  return {
    userId: contact.userId,
    name: contact.name,
    mobile: contact.mobile,
    title: contact.title,
    role: contact.role,
    unitIds: contact.unitIds.map(String),
    leaderOfUnitIds: contact.leaderOfUnitIds.map(String),
    active: contact.active,
  };
}
