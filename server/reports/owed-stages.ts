// The stages a project owes on a given day under the bureau's due rules. Shared by the reminders
// and the dashboard, so a stage counts as overdue in both or in neither.
import type { WorkingDayCalendar } from '../../bot/schedule/calendar.ts';
import type { StageDueRuleRecord } from '../models/stage-due-rule.ts';
import type { ProjectProgress } from './progress.ts';
import type { Stage } from './stage-names.ts';

export interface OwedStage {
  stage: Stage;
  /** Due within the warning window, past due, or returned by the bureau for correction. */
  kind: 'due-soon' | 'overdue' | 'returned';
  /** YYYY-MM-DD; null for a returned report. */
  dueDate: string | null;
  /** Working days past the due date, 0 when not overdue. */
  workingDaysLate: number;
}

export interface DueContext {
  rules: readonly StageDueRuleRecord[];
  calendar: WorkingDayCalendar;
  /** Beijing date, YYYY-MM-DD. */
  today: string;
  /** Working days before the due date from which a stage counts as due soon. */
  daysBefore: number;
}

/** Computes the due date of one stage of one project, or null while its base event has not happened. */
function dueDateOf(rule: StageDueRuleRecord, publishedOn: string, progress: ProjectProgress, calendar: WorkingDayCalendar): string | null {
  if (rule.date) return rule.date;
  if (rule.workingDays === null || rule.workingDays === undefined) return null;
  const base = rule.base === 'published' ? publishedOn : progress.stages[rule.base as Stage].reportedOn;
  return base === null ? null : calendar.addWorkingDays(base, rule.workingDays);
}

/**
 * Lists the stages a project owes: those returned for correction with no other report kept, then
 * those without any report that are due soon or overdue, in the order of the rules.
 */
export function owedStages(progress: ProjectProgress, publishedOn: string, context: DueContext): OwedStage[] {
  const owed: OwedStage[] = [];
  for (const [stage, stageProgress] of Object.entries(progress.stages) as Array<[Stage, ProjectProgress['stages'][Stage]]>) {
    if (stageProgress.state === 'returned' && stageProgress.reportedOn === null) {
      owed.push({ stage, kind: 'returned', dueDate: null, workingDaysLate: 0 });
    }
  }

  for (const rule of context.rules) {
    const stage = rule.stage as Stage;
    if (progress.stages[stage].state !== 'none') continue;
    const due = dueDateOf(rule, publishedOn, progress, context.calendar);
    if (due === null) continue;
    if (due < context.today) {
      owed.push({ stage, kind: 'overdue', dueDate: due, workingDaysLate: context.calendar.workingDaysBetween(due, context.today) });
    } else if (context.calendar.workingDaysBetween(context.today, due) <= context.daysBefore) {
      owed.push({ stage, kind: 'due-soon', dueDate: due, workingDaysLate: 0 });
    }
  }
  return owed;
}
