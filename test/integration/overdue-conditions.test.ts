// The dashboard counts overdue stages with MongoDB conditions while the reminders compute them
// project by project; both must name the same projects on every day.
import test from 'ava';
import mongoose from 'mongoose';
import { WorkingDayCalendar } from '../../bot/schedule/calendar.ts';
import { Project } from '../../server/models/project.ts';
import type { StageDueRuleRecord } from '../../server/models/stage-due-rule.ts';
import { latestOverdueBase, overdueConditions } from '../../server/queries/dashboard/overdue.ts';
import type { PublishedBatch } from '../../server/queries/dashboard/filter.ts';
import { owedStages } from '../../server/reports/owed-stages.ts';
import { emptyProgress, progressOf } from '../../server/reports/progress.ts';
import { connectTestDatabase, dropTestDatabase } from '../helpers/database.ts';

const calendar = new WorkingDayCalendar();
const batches: PublishedBatch[] = [
  // Published the day before the 2026 National Day holiday, and in an ordinary week.
  { _id: new mongoose.Types.ObjectId(), docNo: '甲', title: '甲', year: 2026, publishedAt: new Date('2026-09-30T02:00:00Z') },
  { _id: new mongoose.Types.ObjectId(), docNo: '乙', title: '乙', year: 2026, publishedAt: new Date('2026-11-16T02:00:00Z') },
];
const rules = [
  { stage: 'procurement', date: null, base: 'published', workingDays: 10 },
  { stage: 'contractFiling', date: null, base: 'procurement', workingDays: 5 },
  { stage: 'supervision', date: '2026-11-20', base: 'published', workingDays: null },
] as unknown as StageDueRuleRecord[];
/** Report dates of procurement around the contract's threshold, including holidays. */
const reportDays = ['2026-09-25', '2026-10-01', '2026-10-08', '2026-10-09', '2026-11-13', '2026-11-20', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-30', null];

test.before(async () => {
  await connectTestDatabase();
  let seq = 0;
  const docs = [];
  for (const batch of batches) {
    for (const reportedOn of reportDays) {
      for (const supervision of ['none', 'submitted'] as const) {
        const progress = emptyProgress();
        if (reportedOn !== null) progress.stages.procurement = { state: 'submitted', at: new Date(), reportedOn };
        progress.stages.supervision = { state: supervision, at: supervision === 'none' ? null : new Date(), reportedOn: supervision === 'none' ? null : '2026-11-02' };
        seq += 1;
        docs.push({
          batchId: batch._id,
          seq,
          unitIds: [new mongoose.Types.ObjectId()],
          name: `项目${seq}`,
          nature: 'new',
          period: { startYear: 2026, endYear: 2026 },
          investment: { total: 100, special: 100, other: 0 },
          yearInvestment: { year: 2026, total: 100, special: 100, other: 0 },
          progress,
        });
      }
    }
  }
  await Project.insertMany(docs);
});

test.after.always(async () => {
  await dropTestDatabase();
});

for (const today of ['2026-10-12', '2026-10-16', '2026-11-20', '2026-11-23', '2026-11-30', '2026-12-04', '2026-12-07']) {
  test(`conditions match owedStages on ${today}`, async (t) => {
    const context = { rules, calendar, today, daysBefore: 0 };
    const projects = await Project.find().lean();
    const batchOf = new Map(batches.map((batch) => [batch._id.toString(), batch]));

    const conditions = overdueConditions(context, batches);
    if (today >= '2026-11-23') t.deepEqual(conditions.map((condition) => condition.stage), ['procurement', 'contractFiling', 'supervision']);
    for (const condition of conditions) {
      const matched = await Project.find({ $and: [{ _id: { $in: projects.map((project) => project._id) } }, condition.condition] }, { seq: 1 }).lean();
      const counted = await Project.aggregate<{ count: number }>([{ $group: { _id: null, count: { $sum: { $cond: [condition.expression, 1, 0] } } } }]);
      const expected = projects.filter((project) => {
        const publishedOn = batchOf.get(project.batchId.toString())!.publishedAt.toISOString().slice(0, 10);
        return owedStages(progressOf(project), publishedOn, context).some((item) => item.kind === 'overdue' && item.stage === condition.stage);
      });

      t.deepEqual(matched.map((project) => project.seq).sort((a, b) => a - b), expected.map((project) => project.seq), `${condition.stage} query`);
      t.is(counted[0]?.count ?? 0, expected.length, `${condition.stage} expression`);
      if (today === '2026-12-07') t.true(expected.length > 0, `${condition.stage} has overdue projects`);
    }
  });
}

test('threshold is the last overdue base', (t) => {
  // The days before 12 October 2026 include the National Day holiday, where working days are sparse.
  const base = latestOverdueBase('2026-10-12', 5, calendar);
  t.true(calendar.addWorkingDays(base, 5) < '2026-10-12');
  t.true(calendar.addWorkingDays(nextDay(base), 5) >= '2026-10-12');
});

function nextDay(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}
