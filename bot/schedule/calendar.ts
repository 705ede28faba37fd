import chineseDays from 'chinese-days';
import { CalendarDay } from '../../server/models/calendar-day.ts';

const beijingDateFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Returns the Beijing calendar date of an instant, YYYY-MM-DD, whatever the server's time zone. */
export function beijingDate(instant: Date): string {
  return beijingDateFormat.format(instant);
}

/** Formats a Beijing date for people, e.g. 2026年12月7日. */
export function chineseDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/**
 * Tells working days from rest days in Beijing: the national calendar (weekends, public holidays
 * and the make-up working days 调休, from the chinese-days package) overridden by the bureau's own
 * entries in the CalendarDay collection.
 */
export class WorkingDayCalendar {
  private overrides = new Map<string, 'workday' | 'holiday'>();

  /** Reads the bureau's overrides; call again after they change. */
  async load(): Promise<this> {
    const days = await CalendarDay.find({}, { date: 1, kind: 1 }).lean();
    this.overrides = new Map(days.map((day) => [day.date, day.kind]));
    return this;
  }

  isWorkingDay(date: string): boolean {
    const override = this.overrides.get(date);
    if (override !== undefined) return override === 'workday';
    return chineseDays.isWorkday(date);
  }

  /** Returns the date `count` working days after `from` (YYYY-MM-DD). */
  addWorkingDays(from: string, count: number): string {
    let day = from;
    for (let added = 0; added < count; ) {
      day = nextDate(day);
      if (this.isWorkingDay(day)) added += 1;
    }
    return day;
  }

  /** Counts working days after `from` up to and including `to`, both YYYY-MM-DD. */
  workingDaysBetween(from: string, to: string): number {
    let count = 0;
    for (let day = nextDate(from); day <= to; day = nextDate(day)) {
      if (this.isWorkingDay(day)) count += 1;
    }
    return count;
  }
}

function nextDate(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}
