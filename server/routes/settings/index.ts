import Router from '@koa/router';
import mongoose from 'mongoose';
import { CalendarDay } from '../../models/calendar-day.ts';
import { ScheduleRun, ScheduleSetting } from '../../models/schedule.ts';
import { StageDueRule } from '../../models/stage-due-rule.ts';
import { notFound } from '../../errors.ts';
import { authorize } from '../../policies/index.ts';
import { recordAudit } from '../../services/audit.ts';
import { input, validate } from '../../validate.ts';
import { actorOf } from '../actor.ts';
import { calendarBody, calendarParams, calendarQuery, dueRuleBody, dueRuleParams, scheduleBody, scheduleParams } from './schema.ts';

/** Serves the bureau's settings of scheduled work: schedules, the working-day calendar and stage due rules. */
export function settingsRouter(): Router {
  const router = new Router({ prefix: '/api/settings' });

  router.get('/schedules', async (ctx) => {
    authorize(ctx.state.viewer, 'settings.read');
    const settings = await ScheduleSetting.find().sort({ name: 1 }).lean();
    const runs = await ScheduleRun.find({ name: { $in: settings.map((setting) => setting.name) } }).sort({ slot: -1 }).limit(200).lean();
    ctx.body = settings.map((setting) => ({
      name: setting.name,
      cron: setting.cron,
      enabled: setting.enabled,
      workingDaysOnly: setting.workingDaysOnly,
      params: setting.params,
      recentRuns: runs
        .filter((run) => run.name === setting.name)
        .slice(0, 10)
        .map((run) => ({ slot: run.slot.toISOString(), state: run.state, result: run.result, error: run.error })),
    }));
  });

  router.put('/schedules/:name', validate('params', scheduleParams), validate('body', scheduleBody), async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'settings.edit');
    const { name } = input(ctx, 'params', scheduleParams);
    const body = input(ctx, 'body', scheduleBody);

    await mongoose.connection.transaction(async (session) => {
      const before = await ScheduleSetting.findOne({ name }).session(session).lean();
      if (before === null) throw notFound('找不到该定时任务');
      await ScheduleSetting.updateOne({ name }, { $set: body }, { session });
      await recordAudit(session, actorOf(ctx, viewer), {
        action: 'schedule.update',
        targetKind: 'ScheduleSetting',
        targetId: name,
        before: { cron: before.cron, enabled: before.enabled, workingDaysOnly: before.workingDaysOnly, params: before.params },
        after: body,
      });
    });
    ctx.body = { name, ...body };
  });

  router.get('/calendar', validate('query', calendarQuery), async (ctx) => {
    authorize(ctx.state.viewer, 'settings.read');
    const { year } = input(ctx, 'query', calendarQuery);
    const days = await CalendarDay.find(year === undefined ? {} : { date: { $regex: `^${year}-` } }).sort({ date: 1 }).lean();
    ctx.body = days.map((day) => ({ date: day.date, kind: day.kind, note: day.note }));
  });

  router.put('/calendar/:date', validate('params', calendarParams), validate('body', calendarBody), async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'settings.edit');
    const { date } = input(ctx, 'params', calendarParams);
    const body = input(ctx, 'body', calendarBody);

    await mongoose.connection.transaction(async (session) => {
      const before = await CalendarDay.findOne({ date }).session(session).lean();
      await CalendarDay.updateOne({ date }, { $set: { date, ...body } }, { upsert: true, session, runValidators: true });
      await recordAudit(session, actorOf(ctx, viewer), {
        action: 'calendar.set',
        targetKind: 'CalendarDay',
        targetId: date,
        before: before === null ? null : { kind: before.kind, note: before.note },
        after: body,
      });
    });
    ctx.body = { date, ...body };
  });

  router.delete('/calendar/:date', validate('params', calendarParams), async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'settings.edit');
    const { date } = input(ctx, 'params', calendarParams);

    await mongoose.connection.transaction(async (session) => {
      const before = await CalendarDay.findOneAndDelete({ date }, { session }).lean();
      if (before === null) throw notFound('该日期没有单独设置');
      await recordAudit(session, actorOf(ctx, viewer), { action: 'calendar.unset', targetKind: 'CalendarDay', targetId: date, before: { kind: before.kind, note: before.note } });
    });
    ctx.body = { ok: true };
  });

  router.get('/due-rules', async (ctx) => {
    authorize(ctx.state.viewer, 'settings.read');
    const rules = await StageDueRule.find().lean();
    ctx.body = rules.map((rule) => ({ stage: rule.stage, date: rule.date ?? null, base: rule.base, workingDays: rule.workingDays ?? null }));
  });

  router.put('/due-rules/:stage', validate('params', dueRuleParams), validate('body', dueRuleBody), async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'settings.edit');
    const { stage } = input(ctx, 'params', dueRuleParams);
    const body = input(ctx, 'body', dueRuleBody);
    const rule = 'date' in body ? { date: body.date, base: 'published', workingDays: null } : { date: null, ...body };

    await mongoose.connection.transaction(async (session) => {
      const before = await StageDueRule.findOne({ stage }).session(session).lean();
      await StageDueRule.updateOne({ stage }, { $set: { stage, ...rule } }, { upsert: true, session, runValidators: true });
      await recordAudit(session, actorOf(ctx, viewer), {
        action: 'due-rule.set',
        targetKind: 'StageDueRule',
        targetId: stage,
        before: before === null ? null : { date: before.date, base: before.base, workingDays: before.workingDays },
        after: rule,
      });
    });
    ctx.body = { stage, ...rule };
  });

  return router;
}
