import mongoose, { type Types } from 'mongoose';
import { Batch } from '../../server/models/batch.ts';
import { Confirmation } from '../../server/models/confirmation.ts';
import { Contact } from '../../server/models/contact.ts';
import { OutboxMessage } from '../../server/models/outbox-message.ts';
import { Project } from '../../server/models/project.ts';
import { ReminderLog } from '../../server/models/reminder-log.ts';
import { Unit } from '../../server/models/unit.ts';
import {
  confirmationReminderCard,
  groupEscalationPost,
  leaderEscalationMessage,
  type LateContact,
  type PendingConfirmation,
} from '../messages/confirmation-reminders.ts';
import { beijingDate } from '../schedule/calendar.ts';
import type { ScheduledTask, TaskContext } from '../schedule/runner.ts';

export interface ConfirmationReminderDeps {
  /** Absolute URL of a micro-app page. */
  appUrl(path: string): string;
  /** Called after the run queued messages. */
  outboxChanged(): void;
}

type OutboxEntry = { dedupeKey: string; kind: 'group' | 'work-notification'; batchId: Types.ObjectId | null; userIds: string[]; body: unknown };
type LogEntry = { batchId: Types.ObjectId; contactId: Types.ObjectId; step: 'reminder' | 'leader' | 'group'; recipient: string; slot: Date };

/** Reminders a contact gets for one batch before the ladder goes up to the unit's leader. */
const defaultRemindersBeforeEscalation = 3;

/**
 * Reminds contacts who have not confirmed a published batch, then escalates: first to the leaders
 * of their units, then to the bureau's group with @mentions. Each person gets one digest per run.
 */
export function confirmationRemindersTask(deps: ConfirmationReminderDeps): ScheduledTask {
  return {
    name: 'confirmation-reminders',
    defaults: { cron: '30 9 * * *', workingDaysOnly: true, params: { remindersBeforeEscalation: defaultRemindersBeforeEscalation } },
    async run(context) {
      const result = await planAndQueue(context, deps);
      if (result.reminders + result.leaderMessages + result.groupPosts > 0) deps.outboxChanged();
      return result;
    },
  };
}

async function planAndQueue({ slot, params, calendar }: TaskContext, deps: ConfirmationReminderDeps) {
  const limit = typeof params.remindersBeforeEscalation === 'number' ? params.remindersBeforeEscalation : defaultRemindersBeforeEscalation;
  const today = beijingDate(slot);
  const slotKey = slot.toISOString();

  const digests = new Map<string, { contact: { userId: string }; items: PendingConfirmation[] }>();
  const leaderNotes = new Map<string, LateContact[]>();
  const outbox: OutboxEntry[] = [];
  const logs: LogEntry[] = [];

  const batches = await Batch.find({ status: 'published', publishedAt: { $lte: slot } }).sort({ publishedAt: 1 }).lean();
  for (const batch of batches) {
    const projects = await Project.find({ batchId: batch._id }, { unitIds: 1 }).lean();
    const batchUnits = new Set(projects.flatMap((project) => project.unitIds.map(String)));
    const confirmed = new Set((await Confirmation.find({ batchId: batch._id }, { contactId: 1 }).lean()).map((c) => c.contactId.toString()));
    const contacts = await Contact.find({ role: 'contact', active: true, unitIds: { $in: [...batchUnits] } }).sort({ userId: 1 }).lean();
    const late = contacts.filter((contact) => !confirmed.has(contact._id.toString()));
    if (late.length === 0) continue;

    const steps = await ReminderLog.aggregate<{ _id: { contactId: Types.ObjectId; step: string }; count: number }>([
      { $match: { batchId: batch._id, contactId: { $in: late.map((contact) => contact._id) } } },
      { $group: { _id: { contactId: '$contactId', step: '$step' }, count: { $sum: 1 } } },
    ]);
    const stepCount = (contactId: Types.ObjectId, step: string) =>
      steps.find((row) => row._id.contactId.equals(contactId) && row._id.step === step)?.count ?? 0;
    const unitNames = new Map((await Unit.find({ _id: { $in: [...batchUnits] } }).lean()).map((unit) => [unit._id.toString(), unit.name]));
    const workingDays = calendar.workingDaysBetween(beijingDate(batch.publishedAt!), today);
    const groupLate: Array<{ contactId: Types.ObjectId; entry: LateContact }> = [];
    const unitLeaders = await Contact.find({ active: true, leaderOfUnitIds: { $in: [...batchUnits] } }).lean();

    for (const contact of late) {
      const ownUnits = contact.unitIds.map(String).filter((id) => batchUnits.has(id));
      const reminders = stepCount(contact._id, 'reminder');
      const lateEntry = (unitKey: string): LateContact => ({
        unit: unitNames.get(unitKey) ?? '',
        name: contact.name,
        mobile: contact.mobile,
        docNo: batch.docNo,
        reminders,
      });

      if (reminders < limit) {
        const digest = digests.get(contact.userId) ?? { contact, items: [] };
        digest.items.push({
          docNo: batch.docNo,
          workingDaysSincePublished: workingDays,
          projectCount: projects.filter((project) => project.unitIds.some((id) => ownUnits.includes(id.toString()))).length,
          reminderNumber: reminders + 1,
        });
        digests.set(contact.userId, digest);
        logs.push({ batchId: batch._id, contactId: contact._id, step: 'reminder', recipient: contact.userId, slot });
      } else if (stepCount(contact._id, 'leader') === 0) {
        const leaders = unitLeaders.filter((leader) => leader.leaderOfUnitIds.some((unitId) => contact.unitIds.some((own) => own.equals(unitId))));
        for (const leader of leaders) {
          const unitKey = ownUnits.find((id) => leader.leaderOfUnitIds.some((leaderUnit) => leaderUnit.toString() === id)) ?? ownUnits[0]!;
          leaderNotes.set(leader.userId, [...(leaderNotes.get(leader.userId) ?? []), lateEntry(unitKey)]);
          logs.push({ batchId: batch._id, contactId: contact._id, step: 'leader', recipient: leader.userId, slot });
        }
        // A unit without a known leader goes straight to the bureau's group.
        if (leaders.length === 0) groupLate.push({ contactId: contact._id, entry: lateEntry(ownUnits[0]!) });
      } else if (stepCount(contact._id, 'group') === 0) {
        groupLate.push({ contactId: contact._id, entry: lateEntry(ownUnits[0]!) });
      }
    }

    if (groupLate.length > 0) {
      outbox.push({ dedupeKey: `confirm-escalation-group:${batch._id.toString()}:${slotKey}`, kind: 'group', batchId: batch._id, userIds: [], body: groupEscalationPost(today, batch.docNo, groupLate.map((late) => late.entry)) });
      for (const { contactId } of groupLate) {
        logs.push({ batchId: batch._id, contactId, step: 'group', recipient: 'group', slot });
      }
    }
  }

  for (const [userId, digest] of digests) {
    outbox.push({ dedupeKey: `confirm-reminder:${slotKey}:${userId}`, kind: 'work-notification', batchId: null, userIds: [userId], body: confirmationReminderCard(today, digest.items, deps.appUrl('/')) });
  }
  for (const [userId, late] of leaderNotes) {
    outbox.push({ dedupeKey: `confirm-escalation-leader:${slotKey}:${userId}`, kind: 'work-notification', batchId: null, userIds: [userId], body: leaderEscalationMessage(today, late) });
  }

  if (outbox.length > 0) {
    await mongoose.connection.transaction(async (session) => {
      await OutboxMessage.create(outbox, { session, ordered: true });
      await ReminderLog.create(logs, { session, ordered: true });
    });
  }
  return {
    reminders: digests.size,
    leaderMessages: leaderNotes.size,
    groupPosts: outbox.filter((entry) => entry.kind === 'group').length,
  };
}
