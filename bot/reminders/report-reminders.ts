import mongoose from 'mongoose';
import { Contact } from '../../server/models/contact.ts';
import { OutboxMessage } from '../../server/models/outbox-message.ts';
import { Unit } from '../../server/models/unit.ts';
import { overdueDigestPost, reportReminderCard, type UnitOverdue } from '../messages/report-reminders.ts';
import { beijingDate } from '../schedule/calendar.ts';
import type { ScheduledTask } from '../schedule/runner.ts';
import { owedReports, type OwedReport } from './owed-reports.ts';
import type { ConfirmationReminderDeps } from './confirmation-reminders.ts';

const defaultDaysBefore = 3;

/** Reminds contacts of stage reports due soon, overdue or returned, one digest per person per run. */
export function reportRemindersTask(deps: ConfirmationReminderDeps): ScheduledTask {
  return {
    name: 'report-reminders',
    defaults: { cron: '0 9 * * *', workingDaysOnly: true, params: { daysBefore: defaultDaysBefore } },
    async run({ slot, params, calendar }) {
      const today = beijingDate(slot);
      const daysBefore = typeof params.daysBefore === 'number' ? params.daysBefore : defaultDaysBefore;
      const owed = await owedReports(today, calendar, daysBefore);

      const contacts = await Contact.find({ role: 'contact', active: true, unitIds: { $in: owed.flatMap((item) => item.unitIds) } }).lean();
      const digests = new Map<string, OwedReport[]>();
      for (const contact of contacts) {
        const items = owed.filter((item) => item.unitIds.some((unitId) => contact.unitIds.some((own) => own.equals(unitId))));
        if (items.length > 0) digests.set(contact.userId, items);
      }
      if (digests.size === 0) return { reminders: 0, owed: owed.length };

      const slotKey = slot.toISOString();
      await mongoose.connection.transaction(async (session) => {
        await OutboxMessage.create(
          [...digests].map(([userId, items]) => ({
            dedupeKey: `report-reminder:${slotKey}:${userId}`,
            kind: 'work-notification',
            userIds: [userId],
            body: reportReminderCard(today, items, deps.appUrl('/')),
          })),
          { session, ordered: true },
        );
      });
      deps.outboxChanged();
      return { reminders: digests.size, owed: owed.length };
    },
  };
}

/** Posts the week's overdue reports per unit to the bureau's group, Monday mornings by default. */
export function overdueDigestTask(deps: ConfirmationReminderDeps): ScheduledTask {
  return {
    name: 'overdue-digest',
    defaults: { cron: '0 9 * * 1', workingDaysOnly: false, params: {} },
    async run({ slot, calendar }) {
      const today = beijingDate(slot);
      const overdue = (await owedReports(today, calendar, 0)).filter((item) => item.kind === 'overdue');

      const byUnit = new Map<string, UnitOverdue>();
      const unitNames = new Map((await Unit.find({ _id: { $in: overdue.map((item) => item.unitIds[0]!) } }).lean()).map((unit) => [unit._id.toString(), unit.name]));
      for (const item of overdue) {
        // The lead unit is counted for a project with several owner units.
        const unit = unitNames.get(item.unitIds[0]!.toString()) ?? '未知单位';
        const entry = byUnit.get(unit) ?? { unit, count: 0, maxWorkingDaysLate: 0 };
        entry.count += 1;
        entry.maxWorkingDaysLate = Math.max(entry.maxWorkingDaysLate, item.workingDaysLate);
        byUnit.set(unit, entry);
      }
      const units = [...byUnit.values()].sort((a, b) => b.count - a.count || b.maxWorkingDaysLate - a.maxWorkingDaysLate);

      await OutboxMessage.create({
        dedupeKey: `overdue-digest:${slot.toISOString()}`,
        kind: 'group',
        body: overdueDigestPost(today, overdue.length, units, deps.appUrl('/admin')),
      });
      deps.outboxChanged();
      return { overdue: overdue.length, units: units.length };
    },
  };
}
