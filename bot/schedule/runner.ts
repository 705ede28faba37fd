import { randomBytes } from 'node:crypto';
import { CronExpressionParser } from 'cron-parser';
import cron, { type ScheduledTask as CronTask } from 'node-cron';
import { ScheduleRun, ScheduleSetting, type scheduleRunStates } from '../../server/models/schedule.ts';
import { logger } from '../../server/log.ts';
import { beijingDate, WorkingDayCalendar } from './calendar.ts';

const log = logger('schedule');

type RunState = (typeof scheduleRunStates)[number];
const timezone = 'Asia/Shanghai';

export interface TaskContext {
  /** The scheduled time this run is for; reminders date their content by it. */
  slot: Date;
  params: Record<string, unknown>;
  calendar: WorkingDayCalendar;
}

export interface ScheduledTask {
  name: string;
  defaults: { cron: string; workingDaysOnly: boolean; params: Record<string, unknown> };
  run(context: TaskContext): Promise<unknown>;
}

export interface ScheduleRunnerOptions {
  tasks: ScheduledTask[];
  now?: () => Date;
  /** A slot missed while no instance ran is still run this long afterwards. */
  graceMs?: number;
  holder?: string;
}

/** How far back missed slots are looked for and recorded as missed. */
const missedLookbackMs = 7 * 24 * 3600_000;

/** Lists the slots of a cron expression in (from, to], oldest first, at most `max`. */
export function slotsBetween(expression: string, from: Date, to: Date, max = 100): Date[] {
  const parsed = CronExpressionParser.parse(expression, { tz: timezone, currentDate: to });
  const slots: Date[] = [];
  // The parser steps back from `to`, which it excludes, so a slot exactly at `to` is added first.
  const atTo = CronExpressionParser.parse(expression, { tz: timezone, currentDate: new Date(to.getTime() - 1) }).next().toDate();
  if (atTo.getTime() === to.getTime()) slots.push(atTo);
  while (slots.length < max) {
    const previous = parsed.prev().toDate();
    if (previous <= from) break;
    slots.push(previous);
  }
  return slots.reverse();
}

/**
 * Runs scheduled tasks at their configured Beijing-time slots. Each slot is claimed by inserting
 * a ScheduleRun document, so it runs once however many instances tick. A slot missed while every
 * instance was busy or down still runs within the grace window, and is recorded as missed after it.
 */
export class ScheduleRunner {
  private readonly tasks: ScheduledTask[];
  private readonly now: () => Date;
  private readonly graceMs: number;
  private readonly holder: string;
  private cronTask: CronTask | undefined;
  private ticking: Promise<void> | undefined;

  constructor(options: ScheduleRunnerOptions) {
    this.tasks = options.tasks;
    this.now = options.now ?? (() => new Date());
    this.graceMs = options.graceMs ?? 6 * 3600_000;
    this.holder = options.holder ?? `scheduler-${randomBytes(6).toString('hex')}`;
  }

  /** Creates each task's settings with its defaults unless the bureau has set them already. */
  async ensureSettings(): Promise<void> {
    for (const task of this.tasks) {
      await ScheduleSetting.updateOne({ name: task.name }, { $setOnInsert: { name: task.name, ...task.defaults } }, { upsert: true });
    }
  }

  start(): void {
    this.cronTask = cron.schedule('* * * * *', () => void this.tick(), { timezone, name: 'jindutong-schedules' });
    void this.tick();
  }

  async stop(): Promise<void> {
    await this.cronTask?.stop();
    await this.ticking;
  }

  /** Runs every slot that is due and not yet claimed; overlapping calls wait for the first. */
  tick(): Promise<void> {
    this.ticking ??= this.runDue().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  private async runDue(): Promise<void> {
    const now = this.now();
    const calendar = await new WorkingDayCalendar().load();
    const settings = await ScheduleSetting.find({ enabled: true }).lean();
    for (const setting of settings) {
      const task = this.tasks.find((candidate) => candidate.name === setting.name);
      if (task === undefined) continue;

      // Slots from before the schedule existed were never owed.
      const since = Math.max(now.getTime() - missedLookbackMs, setting.createdAt.getTime());
      const slots = slotsBetween(setting.cron, new Date(since), now, 500);
      for (const slot of slots) {
        const skip = setting.workingDaysOnly && !calendar.isWorkingDay(beijingDate(slot));
        const late = now.getTime() - slot.getTime() > this.graceMs;
        let state: RunState = 'running';
        if (skip) state = 'skipped';
        else if (late) state = 'missed';
        if (!(await this.claim(task.name, slot, state))) continue;
        if (state === 'missed') log.warn({ task: task.name, slot }, 'schedule slot missed beyond its grace window');
        if (state !== 'running') continue;
        await this.runSlot(task, slot, (setting.params ?? {}) as Record<string, unknown>, calendar);
      }
    }
  }

  private async claim(name: string, slot: Date, state: RunState): Promise<boolean> {
    try {
      await ScheduleRun.create({ _id: `${name}@${slot.toISOString()}`, name, slot, state, holder: this.holder, startedAt: this.now() });
      return true;
    } catch (error) {
      if ((error as { code?: unknown }).code === 11000) return false;
      throw error;
    }
  }

  private async runSlot(task: ScheduledTask, slot: Date, params: Record<string, unknown>, calendar: WorkingDayCalendar): Promise<void> {
    const id = `${task.name}@${slot.toISOString()}`;
    try {
      const result = await task.run({ slot, params, calendar });
      await ScheduleRun.updateOne({ _id: id }, { $set: { state: 'done', finishedAt: this.now(), result } });
      log.info({ task: task.name, slot, result }, 'schedule slot done');
    } catch (error) {
      await ScheduleRun.updateOne({ _id: id }, { $set: { state: 'failed', finishedAt: this.now(), error: String(error) } });
      log.error({ task: task.name, slot, err: error }, 'schedule slot failed');
    }
  }
}
