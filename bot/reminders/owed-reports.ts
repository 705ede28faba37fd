import type { Types } from 'mongoose';
import { Batch } from '../../server/models/batch.ts';
import { Project } from '../../server/models/project.ts';
import { Report } from '../../server/models/report.ts';
import { StageDueRule, type StageDueRuleRecord } from '../../server/models/stage-due-rule.ts';
import type { Stage } from '../../server/reports/stages.ts';
import { beijingDate, type WorkingDayCalendar } from '../schedule/calendar.ts';

export interface OwedReport {
  docNo: string;
  projectId: Types.ObjectId;
  seq: number;
  projectName: string;
  unitIds: Types.ObjectId[];
  stage: Stage;
  /** Due within the warning window, past due, or returned by the bureau for correction. */
  kind: 'due-soon' | 'overdue' | 'returned';
  /** YYYY-MM-DD; null for a returned report of a stage without a due rule. */
  dueDate: string | null;
  /** Working days past the due date, 0 when not overdue. */
  workingDaysLate: number;
}

/** Computes the due date of one stage of one project, or null while its base event has not happened. */
function dueDateOf(
  rule: StageDueRuleRecord,
  publishedOn: string,
  reportedOn: Partial<Record<Stage, string>>,
  calendar: WorkingDayCalendar,
): string | null {
  if (rule.date) return rule.date;
  if (rule.workingDays === null || rule.workingDays === undefined) return null;
  const base = rule.base === 'published' ? publishedOn : reportedOn[rule.base as Stage];
  return base === undefined ? null : calendar.addWorkingDays(base, rule.workingDays);
}

/**
 * Lists the stage reports owed on `today` across published batches: stages due within
 * `daysBefore` working days or overdue under the bureau's due rules, and reports returned for
 * correction.
 */
export async function owedReports(today: string, calendar: WorkingDayCalendar, daysBefore: number): Promise<OwedReport[]> {
  const rules = await StageDueRule.find().lean();
  const owed: OwedReport[] = [];
  const batches = await Batch.find({ status: 'published' }).lean();

  for (const batch of batches) {
    const publishedOn = beijingDate(batch.publishedAt!);
    const projects = await Project.find({ batchId: batch._id }).sort({ seq: 1 }).lean();
    const reports = await Report.find({ batchId: batch._id }, { projectId: 1, stage: 1, state: 1, submittedAt: 1, createdAt: 1 }).lean();

    for (const project of projects) {
      const own = reports.filter((report) => report.projectId.equals(project._id));
      const reportedOn: Partial<Record<Stage, string>> = {};
      for (const report of own) {
        if (report.state === 'returned') continue;
        const day = beijingDate(report.createdAt);
        const stage = report.stage as Stage;
        if (reportedOn[stage] === undefined || day < reportedOn[stage]!) reportedOn[stage] = day;
      }
      const base = { docNo: batch.docNo, projectId: project._id, seq: project.seq, projectName: project.name, unitIds: project.unitIds };

      for (const report of own) {
        const stage = report.stage as Stage;
        if (report.state === 'returned' && reportedOn[stage] === undefined) {
          owed.push({ ...base, stage, kind: 'returned', dueDate: null, workingDaysLate: 0 });
        }
      }
      for (const rule of rules) {
        const stage = rule.stage as Stage;
        if (reportedOn[stage] !== undefined || own.some((report) => report.stage === stage)) continue;
        const due = dueDateOf(rule, publishedOn, reportedOn, calendar);
        if (due === null) continue;
        if (due < today) {
          owed.push({ ...base, stage, kind: 'overdue', dueDate: due, workingDaysLate: calendar.workingDaysBetween(due, today) });
        } else if (calendar.workingDaysBetween(today, due) <= daysBefore) {
          owed.push({ ...base, stage, kind: 'due-soon', dueDate: due, workingDaysLate: 0 });
        }
      }
    }
  }
  return owed;
}
