import test from 'ava';
import { AuditEvent } from '../../server/models/audit-event.ts';
import { CalendarDay } from '../../server/models/calendar-day.ts';
import { ScheduleSetting } from '../../server/models/schedule.ts';
import { StageDueRule } from '../../server/models/stage-due-rule.ts';
import { ApiSession, startTestProduct } from '../helpers/product.ts';
import type { RunningProduct } from '../../server/start.ts';

let product: RunningProduct;
let admin: ApiSession;

test.before(async () => {
  product = await startTestProduct();
  admin = await new ApiSession(product.url).signInAs('jdt-admin-01');
});

test.after.always(async () => {
  await product?.stop();
});

test.serial('schedules are listed with their defaults', async (t) => {
  const list = await admin.get<Array<{ name: string; cron: string; workingDaysOnly: boolean }>>('/api/settings/schedules');
  t.is(list.status, 200);
  const reminders = list.body.find((setting) => setting.name === 'confirmation-reminders');
  t.is(reminders?.cron, '30 9 * * *');
  t.true(reminders?.workingDaysOnly);
  t.deepEqual(list.body.map((setting) => setting.name), ['confirmation-reminders', 'delivery-status', 'overdue-digest', 'report-reminders']);
});

test.serial('the bureau changes a schedule without code', async (t) => {
  const changed = await admin.request('PUT', '/api/settings/schedules/confirmation-reminders', {
    cron: '0 10 * * 1-5',
    enabled: true,
    workingDaysOnly: true,
    params: { remindersBeforeEscalation: 2 },
  });
  t.is(changed.status, 200);
  const stored = await ScheduleSetting.findOne({ name: 'confirmation-reminders' }).lean();
  t.is(stored?.cron, '0 10 * * 1-5');
  t.deepEqual(stored?.params, { remindersBeforeEscalation: 2 });
  t.is(await AuditEvent.countDocuments({ action: 'schedule.update' }), 1);
});

test.serial('an invalid cron is refused and changes nothing', async (t) => {
  const refused = await admin.request<{ error: { message: string; field: string } }>('PUT', '/api/settings/schedules/confirmation-reminders', {
    cron: '99 9 * * *',
    enabled: true,
    workingDaysOnly: true,
  });
  t.is(refused.status, 400);
  t.is(refused.body.error.field, 'cron');
  t.regex(refused.body.error.message, /cron/);
  t.is((await ScheduleSetting.findOne({ name: 'confirmation-reminders' }).lean())?.cron, '0 10 * * 1-5');
});

test.serial('the calendar takes make-up working days', async (t) => {
  t.is((await admin.request('PUT', '/api/settings/calendar/2027-02-20', { kind: 'workday', note: '春节调休上班' })).status, 200);
  const year = await admin.get<Array<{ date: string; kind: string }>>('/api/settings/calendar?year=2027');
  t.deepEqual(year.body, [{ date: '2027-02-20', kind: 'workday', note: '春节调休上班' }]);
  t.is((await admin.request('DELETE', '/api/settings/calendar/2027-02-20')).status, 200);
  t.is(await CalendarDay.countDocuments(), 0);
  t.is((await admin.request('PUT', '/api/settings/calendar/2027-13-01', { kind: 'holiday' })).status, 400);
});

test.serial('stage due rules are set by date or working days', async (t) => {
  t.is((await admin.request('PUT', '/api/settings/due-rules/procurement', { base: 'published', workingDays: 40 })).status, 200);
  t.is((await admin.request('PUT', '/api/settings/due-rules/acceptance', { date: '2027-06-30' })).status, 200);
  const rules = await admin.get<Array<{ stage: string }>>('/api/settings/due-rules');
  t.is(rules.body.length, 2);
  t.is((await admin.request('PUT', '/api/settings/due-rules/operation', { base: 'nowhere', workingDays: 3 })).status, 400);
  t.is(await StageDueRule.countDocuments(), 2);
});

test.serial('contacts cannot change settings', async (t) => {
  const contact = await new ApiSession(product.url).signInAs('jdt-u01-1');
  t.is((await contact.get('/api/settings/schedules')).status, 403);
  t.is((await contact.request('PUT', '/api/settings/calendar/2027-01-04', { kind: 'holiday' })).status, 403);
  t.is((await new ApiSession(product.url).get('/api/settings/due-rules')).status, 401);
  t.is(await CalendarDay.countDocuments(), 0);
});
