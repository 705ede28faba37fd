import test from 'ava';
import { readFile } from 'node:fs/promises';
import { workNotificationByteLength, workNotificationMessageSchema } from '../../bot/dingtalk/index.ts';
import { overdueDigestTask, reportRemindersTask } from '../../bot/reminders/report-reminders.ts';
import { ScheduleRunner } from '../../bot/schedule/runner.ts';
import { parseNotice } from '../../server/importer/parse-notice.ts';
import { saveParsedNotice } from '../../server/importer/save.ts';
import { Batch } from '../../server/models/batch.ts';
import { Contact } from '../../server/models/contact.ts';
import { OutboxMessage } from '../../server/models/outbox-message.ts';
import { Project } from '../../server/models/project.ts';
import { Report } from '../../server/models/report.ts';
import { ScheduleSetting } from '../../server/models/schedule.ts';
import { refreshProjectProgress } from '../../server/reports/progress.ts';
import { StageDueRule } from '../../server/models/stage-due-rule.ts';
import { loadRoster, readRoster } from '../../server/seed/roster.ts';
import { systemActor } from '../../server/services/audit.ts';
import { publishBatch } from '../../server/services/publish-batch.ts';
import { connectTestDatabase, dropTestDatabase } from '../helpers/database.ts';

let clock = new Date('2026-12-07T01:00:00Z');
const deps = { appUrl: (path: string) => `http://127.0.0.1:3000/app${path}`, outboxChanged: () => undefined };

function runner(): ScheduleRunner {
  return new ScheduleRunner({ tasks: [reportRemindersTask(deps), overdueDigestTask(deps)], now: () => clock, holder: 'test' });
}

async function digestFor(userId: string, day: string): Promise<string | undefined> {
  const message = await OutboxMessage.findOne({ dedupeKey: { $regex: `^report-reminder:${day}` }, userIds: userId }).lean();
  return message === null ? undefined : JSON.stringify(message.body);
}

test.before(async () => {
  await connectTestDatabase();
  await loadRoster(await readRoster('seeds/roster.json'));
  const saved = await saveParsedNotice(parseNotice(await readFile('seeds/000_722b16daf95b2959.txt')));
  const batch = (await Batch.findById(saved.batchId).lean())!;
  await publishBatch({ batchId: batch._id, actor: systemActor, appUrl: (path) => path });
  await Batch.updateOne({ _id: batch._id }, { $set: { publishedAt: clock } });
  await OutboxMessage.deleteMany({});

  // Procurement is due ten working days after publication, the contract five after procurement.
  await StageDueRule.create([
    { stage: 'procurement', base: 'published', workingDays: 10 },
    { stage: 'contractFiling', base: 'procurement', workingDays: 5 },
  ]);

  const wang = (await Contact.findOne({ userId: 'jdt-u01-1' }).lean())!;
  const projectOne = (await Project.findOne({ seq: 1 }).lean())!;
  const report = await Report.create({
    projectId: projectOne._id,
    batchId: batch._id,
    stage: 'procurement',
    authorContactId: wang._id,
    authorUnitIds: wang.unitIds,
    idempotencyKey: 'reminder-test-1',
    fields: {},
    common: {},
    submittedBy: { contactId: wang._id, userId: wang.userId, name: wang.name },
    submittedAt: new Date('2026-12-15T02:00:00Z'),
  });
  await Report.collection.updateOne({ _id: report._id }, { $set: { createdAt: new Date('2026-12-15T02:00:00Z') } });
  await refreshProjectProgress(projectOne._id);
  await runner().ensureSettings();
  // The schedules count as configured long before this test's clock, whatever today's date is.
  await ScheduleSetting.collection.updateMany({}, { $set: { createdAt: new Date('2026-11-01T00:00:00Z') } });
});

test.after.always(async () => {
  await dropTestDatabase();
});

test.serial('contacts hear of reports due soon', async (t) => {
  clock = new Date('2026-12-17T01:01:00Z'); // Thursday; procurement is due Monday 21 December
  await runner().tick();

  const wang = await digestFor('jdt-u01-1', '2026-12-17');
  t.truthy(wang);
  t.regex(wang!, /报送提醒（2026年12月17日）/);
  t.regex(wang!, /第 2 项 舟山市基层公权力大数据监督应用：招标采购将于2026年12月21日到期/);
  t.false(wang!.includes('第 1 项 舟山市纪委“四责协同”监督平台2.0：招标采购'), 'project 1 has reported its procurement');
  t.regex(wang!, /第 1 项 舟山市纪委“四责协同”监督平台2.0：合同备案将于2026年12月22日到期/);
  t.is(await OutboxMessage.countDocuments({ dedupeKey: { $regex: '^report-reminder:2026-12-17' } }), 34);

  for (const message of await OutboxMessage.find({ dedupeKey: { $regex: '^report-reminder:' } }).lean()) {
    t.true(workNotificationByteLength(workNotificationMessageSchema.parse(message.body)) <= 2048);
  }
});

test.serial('overdue and returned reports are named', async (t) => {
  const projectTwo = (await Project.findOne({ seq: 2 }).lean())!;
  const wang = (await Contact.findOne({ userId: 'jdt-u01-1' }).lean())!;
  await Report.create({
    projectId: projectTwo._id,
    batchId: projectTwo.batchId,
    stage: 'supervision',
    state: 'returned',
    authorContactId: wang._id,
    authorUnitIds: wang.unitIds,
    idempotencyKey: 'reminder-test-2',
    fields: {},
    common: {},
    submittedBy: { contactId: wang._id, userId: wang.userId, name: wang.name },
    submittedAt: clock,
  });
  await refreshProjectProgress(projectTwo._id);

  clock = new Date('2026-12-22T01:01:00Z'); // Tuesday, one working day after the procurement due date
  await runner().tick();
  const digest = await digestFor('jdt-u01-1', '2026-12-22');
  t.regex(digest!, /第 2 项 舟山市基层公权力大数据监督应用：招标采购已逾期 1 个工作日（应于2026年12月21日前报送）/);
  t.regex(digest!, /第 2 项 舟山市基层公权力大数据监督应用：监理已退回，请修改后重新报送/);
  t.regex(digest!, /第 1 项 舟山市纪委“四责协同”监督平台2.0：合同备案将于2026年12月22日到期/);
  t.regex(digest!, /其中 1 项已逾期/);
});

test.serial('the bureau gets a weekly overdue digest', async (t) => {
  clock = new Date('2026-12-28T01:01:00Z'); // Monday
  await runner().tick();
  const posts = await OutboxMessage.find({ dedupeKey: { $regex: '^overdue-digest:' } }).lean();
  t.is(posts.length, 1);
  const text = JSON.stringify(posts[0]!.body);
  t.regex(text, /逾期报送周报（2026年12月28日）/);
  t.regex(text, /共 58 项逾期未报送/);
  t.regex(text, /市大数据管理中心：9 项/);
});
