import type { Types } from 'mongoose';
import { Contact } from '../models/contact.ts';
import { ReminderLog } from '../models/reminder-log.ts';

const stepLabels = { reminder: '提醒联系人', leader: '督办单位领导', group: '工作群督办' } as const;

/** Lists every reminder and escalation step taken for a batch, newest first, for the bureau. */
export async function reminderHistory(batchId: Types.ObjectId) {
  const logs = await ReminderLog.find({ batchId }).sort({ slot: -1, createdAt: -1 }).limit(2000).lean();
  const people = await Contact.find({ _id: { $in: [...new Set(logs.map((log) => log.contactId.toString()))] } }, { userId: 1, name: 1 }).lean();
  const nameOf = new Map(people.map((person) => [person._id.toString(), person.name]));
  return logs.map((log) => ({
    at: log.slot.toISOString(),
    step: log.step,
    stepLabel: stepLabels[log.step],
    contact: nameOf.get(log.contactId.toString()) ?? '',
    recipient: log.recipient,
  }));
}
