import test from 'ava';
import { readFile } from 'node:fs/promises';
import { workNotificationByteLength, workNotificationMessageSchema, robotMessageSchema } from '../../bot/dingtalk/index.ts';
import { confirmationRemindersTask } from '../../bot/reminders/confirmation-reminders.ts';
import { ScheduleRunner } from '../../bot/schedule/runner.ts';
import { parseNotice } from '../../server/importer/parse-notice.ts';
import { saveParsedNotice } from '../../server/importer/save.ts';
import { Batch } from '../../server/models/batch.ts';
import { Confirmation } from '../../server/models/confirmation.ts';
import { Contact } from '../../server/models/contact.ts';
import { OutboxMessage } from '../../server/models/outbox-message.ts';
import { ScheduleRun, ScheduleSetting } from '../../server/models/schedule.ts';
import { loadRoster, readRoster } from '../../server/seed/roster.ts';
import { systemActor } from '../../server/services/audit.ts';
import { publishBatch } from '../../server/services/publish-batch.ts';
import { connectTestDatabase, dropTestDatabase } from '../helpers/database.ts';

// Monday 7 December 2026, 09:00 in Beijing, is when the batch is published in this test.
const publishedAt = new Date('2026-12-07T01:00:00Z');
let clock = publishedAt;
const at = (iso: string) => {
  clock = new Date(iso);
};

function runner(holder: string): ScheduleRunner {
  return new ScheduleRunner({
    tasks: [confirmationRemindersTask({ appUrl: (path) => `http://127.0.0.1:3000/app${path}`, outboxChanged: () => undefined })],
    now: () => clock,
    holder,
  });
}

async function queued(prefix: string) {
  return OutboxMessage.find({ dedupeKey: { $regex: `^${prefix}` } }).sort({ dedupeKey: 1 }).lean();
}

test.before(async () => {
  await connectTestDatabase();
  await loadRoster(await readRoster('seeds/roster.json'));
  const saved = await saveParsedNotice(parseNotice(await readFile('seeds/000_722b16daf95b2959.txt')));
  const batchId = (await Batch.findById(saved.batchId).lean())!._id;
  await publishBatch({ batchId, actor: systemActor, appUrl: (path) => path });
  await Batch.updateOne({ _id: batchId }, { $set: { publishedAt } });
  await OutboxMessage.deleteMany({});
  await runner('setup').ensureSettings();
  // The schedules count as configured long before this test's clock, whatever today's date is.
  await ScheduleSetting.collection.updateMany({}, { $set: { createdAt: new Date('2026-11-01T00:00:00Z') } });
});

test.after.always(async () => {
  await dropTestDatabase();
});

test.serial('nothing is sent before the first slot', async (t) => {
  at('2026-12-07T01:10:00Z');
  await runner('a').tick();
  t.is(await OutboxMessage.countDocuments(), 0);
  // Slots between the settings' creation and now were recorded as skipped or missed, not run.
  t.true((await ScheduleRun.countDocuments({ state: { $in: ['missed', 'skipped'] } })) > 0);
  t.is(await ScheduleRun.countDocuments({ state: 'running' }), 0);
});

test.serial('two instances send one reminder per contact', async (t) => {
  at('2026-12-07T01:31:00Z');
  await Promise.all([runner('a').tick(), runner('b').tick()]);

  const reminders = await queued('confirm-reminder:');
  t.is(reminders.length, 34);
  t.is(new Set(reminders.map((message) => message.userIds[0])).size, 34);
  t.is(await ScheduleRun.countDocuments({ state: 'done' }), 1);

  const body = workNotificationMessageSchema.parse(reminders[0]!.body);
  t.true(workNotificationByteLength(body) <= 2048);
  const text = JSON.stringify(body);
  t.regex(text, /2026年12月7日/);
  t.regex(text, /舟数管发〔2022〕4号/);
  t.regex(text, /第 1 次提醒/);
});

test.serial('a late run catches up within the grace window', async (t) => {
  const wang = await Contact.findOne({ userId: 'jdt-u01-1' }).lean();
  const batch = await Batch.findOne().lean();
  await Confirmation.create({ batchId: batch!._id, contactId: wang!._id, unitIds: wang!.unitIds, confirmedAt: clock, channel: 'miniapp' });

  // No instance ticked at 09:30 on Tuesday, so the 14:00 tick runs that slot.
  at('2026-12-08T06:00:00Z');
  await runner('a').tick();
  const reminders = await queued('confirm-reminder:2026-12-08');
  t.is(reminders.length, 33);
  t.false(reminders.some((message) => message.userIds[0] === 'jdt-u01-1'));
  t.regex(JSON.stringify(reminders[0]!.body), /2026年12月8日/);
  t.regex(JSON.stringify(reminders[0]!.body), /第 2 次提醒/);
});

test.serial('rest days are skipped', async (t) => {
  at('2026-12-09T01:31:00Z');
  await runner('a').tick();
  const before = await OutboxMessage.countDocuments();

  at('2026-12-12T01:31:00Z'); // Saturday
  await runner('a').tick();
  t.is(await OutboxMessage.countDocuments(), before);
  t.is(await ScheduleRun.countDocuments({ _id: 'confirmation-reminders@2026-12-12T01:30:00.000Z', state: 'skipped' }), 1);
});

test.serial('after three reminders the leaders are told', async (t) => {
  // Wednesday's run sent the third reminder. The Saturday tick found Thursday's and Friday's
  // slots past the grace window and recorded them as missed, so Monday is the next run.
  at('2026-12-14T01:31:00Z'); // Monday
  await runner('a').tick();
  t.is((await queued('confirm-reminder:2026-12-14')).length, 0);
  const leaderMessages = await queued('confirm-escalation-leader:2026-12-14');
  t.is(leaderMessages.length, 30);
  const text = JSON.stringify(leaderMessages.map((message) => message.body));
  t.regex(text, /督办提醒（2026年12月14日）/);
  t.regex(text, /已提醒 3 次/);
  t.false(text.includes('王晓明'));
});

test.serial('then the bureau group is @mentioned', async (t) => {
  at('2026-12-15T01:31:00Z');
  await runner('a').tick();
  const posts = await queued('confirm-escalation-group:');
  t.is(posts.length, 1);
  const body = robotMessageSchema.parse(posts[0]!.body);
  t.is(body.msgtype, 'markdown');
  const mobiles = (posts[0]!.body as { at: { atMobiles: string[] } }).at.atMobiles;
  t.is(mobiles.length, 33);
  for (const mobile of mobiles) t.true(JSON.stringify(body).includes(`@${mobile}`));

  at('2026-12-16T01:31:00Z');
  await runner('a').tick();
  t.is((await queued('confirm-escalation-group:')).length, 1, 'each late contact is escalated to the group once');
});

test.serial('the bureau sees every step taken', async (t) => {
  const { reminderHistory } = await import('../../server/queries/reminder-history.ts');
  const batch = await Batch.findOne().lean();
  const history = await reminderHistory(batch!._id);
  const steps = new Set(history.map((entry) => entry.stepLabel));
  t.deepEqual([...steps].sort(), ['工作群督办', '提醒联系人', '督办单位领导'].sort());
  t.is(history.filter((entry) => entry.step === 'reminder' && entry.contact === '李志强').length, 3);
});
