import type { Types } from 'mongoose';
import { Batch } from '../../server/models/batch.ts';
import { Project } from '../../server/models/project.ts';
import { StageDueRule } from '../../server/models/stage-due-rule.ts';
import { owedStages, type OwedStage } from '../../server/reports/owed-stages.ts';
import { progressOf } from '../../server/reports/progress.ts';
import { beijingDate, type WorkingDayCalendar } from '../schedule/calendar.ts';

export interface OwedReport extends OwedStage {
  docNo: string;
  projectId: Types.ObjectId;
  seq: number;
  projectName: string;
  unitIds: Types.ObjectId[];
}

/**
 * Lists the stage reports owed on `today` across published batches: stages due within
 * `daysBefore` working days or overdue under the bureau's due rules, and reports returned for
 * correction.
 */
export async function owedReports(today: string, calendar: WorkingDayCalendar, daysBefore: number): Promise<OwedReport[]> {
  const context = { rules: await StageDueRule.find().lean(), calendar, today, daysBefore };
  const owed: OwedReport[] = [];
  const batches = await Batch.find({ status: 'published' }).lean();

  for (const batch of batches) {
    const publishedOn = beijingDate(batch.publishedAt!);
    const projects = await Project.find({ batchId: batch._id }, { seq: 1, name: 1, unitIds: 1, progress: 1 }).sort({ seq: 1 }).lean();
    for (const project of projects) {
      const base = { docNo: batch.docNo, projectId: project._id, seq: project.seq, projectName: project.name, unitIds: project.unitIds };
      for (const item of owedStages(progressOf(project), publishedOn, context)) owed.push({ ...base, ...item });
    }
  }
  return owed;
}
