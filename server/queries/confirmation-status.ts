import type { Types } from 'mongoose';
import { Confirmation } from '../models/confirmation.ts';
import { Contact } from '../models/contact.ts';
import { Project } from '../models/project.ts';
import { Unit } from '../models/unit.ts';

export interface ContactConfirmation {
  userId: string;
  name: string;
  confirmedAt: string | null;
}

export interface UnitConfirmation {
  unitId: string;
  unit: string;
  projectCount: number;
  /** A unit counts as confirmed once any of its contacts has confirmed. */
  confirmed: boolean;
  contacts: ContactConfirmation[];
}

/** Lists who confirmed a batch and who did not, per unit and per contact, in table order of units. */
export async function confirmationStatus(batchId: Types.ObjectId) {
  const projects = await Project.find({ batchId }, { unitIds: 1, seq: 1 }).sort({ seq: 1 }).lean();
  const projectCount = new Map<string, number>();
  for (const project of projects) {
    for (const id of project.unitIds) projectCount.set(id.toString(), (projectCount.get(id.toString()) ?? 0) + 1);
  }
  const unitKeys = [...projectCount.keys()];

  const [units, contacts, confirmations] = await Promise.all([
    Unit.find({ _id: { $in: unitKeys } }).lean(),
    Contact.find({ role: 'contact', active: true, unitIds: { $in: unitKeys } }).sort({ userId: 1 }).lean(),
    Confirmation.find({ batchId }).lean(),
  ]);
  const unitName = new Map(units.map((unit) => [unit._id.toString(), unit.name]));
  const confirmedAt = new Map(confirmations.map((c) => [c.contactId.toString(), c.confirmedAt.toISOString()]));

  const rows: UnitConfirmation[] = unitKeys.map((unitKey) => {
    const unitContacts = contacts
      .filter((contact) => contact.unitIds.some((id) => id.toString() === unitKey))
      .map((contact) => ({
        userId: contact.userId,
        name: contact.name,
        confirmedAt: confirmedAt.get(contact._id.toString()) ?? null,
      }));
    return {
      unitId: unitKey,
      unit: unitName.get(unitKey) ?? '未知单位',
      projectCount: projectCount.get(unitKey) ?? 0,
      confirmed: unitContacts.some((contact) => contact.confirmedAt !== null),
      contacts: unitContacts,
    };
  });

  const contactKeys = new Set(contacts.map((contact) => contact._id.toString()));
  return {
    units: rows,
    totals: {
      units: rows.length,
      unitsConfirmed: rows.filter((row) => row.confirmed).length,
      contacts: contactKeys.size,
      contactsConfirmed: [...contactKeys].filter((key) => confirmedAt.has(key)).length,
    },
  };
}

export type ConfirmationStatusView = Awaited<ReturnType<typeof confirmationStatus>>;
