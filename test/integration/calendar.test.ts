import test from 'ava';
import { beijingDate, WorkingDayCalendar } from '../../bot/schedule/calendar.ts';
import { slotsBetween } from '../../bot/schedule/runner.ts';
import { CalendarDay } from '../../server/models/calendar-day.ts';
import { connectTestDatabase, dropTestDatabase } from '../helpers/database.ts';

test.before(async () => {
  await connectTestDatabase();
});

test.after.always(async () => {
  await dropTestDatabase();
});

test.serial('national calendar knows weekends, holidays and make-up days', async (t) => {
  const calendar = await new WorkingDayCalendar().load();
  t.true(calendar.isWorkingDay('2026-12-07'), 'a Monday');
  t.false(calendar.isWorkingDay('2026-12-12'), 'a Saturday');
  t.false(calendar.isWorkingDay('2026-10-01'), 'National Day');
  t.true(calendar.isWorkingDay('2026-02-14'), 'a Saturday made a working day before the Spring Festival');
  t.false(calendar.isWorkingDay('2026-02-17'), 'Spring Festival');
});

test.serial('the bureau overrides a day', async (t) => {
  await CalendarDay.create([
    { date: '2026-12-12', kind: 'workday', note: '集中办公' },
    { date: '2026-12-07', kind: 'holiday', note: '停电' },
  ]);
  const calendar = await new WorkingDayCalendar().load();
  t.true(calendar.isWorkingDay('2026-12-12'));
  t.false(calendar.isWorkingDay('2026-12-07'));
  t.is(calendar.workingDaysBetween('2026-12-04', '2026-12-12'), 5);
  await CalendarDay.deleteMany({});
});

test('Beijing date does not follow the server time zone', (t) => {
  t.is(beijingDate(new Date('2026-12-06T16:30:00Z')), '2026-12-07');
  t.is(beijingDate(new Date('2026-12-06T15:59:00Z')), '2026-12-06');
});

test('cron slots are in Beijing time', (t) => {
  const slots = slotsBetween('30 9 * * *', new Date('2026-12-06T00:00:00Z'), new Date('2026-12-08T01:30:00Z'));
  t.deepEqual(slots.map((slot) => slot.toISOString()), ['2026-12-06T01:30:00.000Z', '2026-12-07T01:30:00.000Z', '2026-12-08T01:30:00.000Z']);
});
