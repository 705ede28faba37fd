import type { Types } from 'mongoose';
import { EvidenceFile } from '../models/evidence-file.ts';
import { Project } from '../models/project.ts';
import { Report } from '../models/report.ts';
import { presentEvidenceFile, presentReport, snapshotOfReport, type ReportSnapshot, type ReportView } from '../presenters/report.ts';
import { loadEvidenceChecklist } from '../reports/checklist.ts';

/**
 * Presents reports or versions with their evidence files and missing checklist items.
 * `classified` maps each project id to whether the project is classified.
 */
export async function presentReports(snapshots: ReportSnapshot[], classified: ReadonlyMap<string, boolean>): Promise<ReportView[]> {
  const fileIds = [...new Set(snapshots.flatMap((snapshot) => snapshot.evidenceFileIds.map(String)))];
  const [files, checklist] = await Promise.all([
    fileIds.length === 0 ? [] : EvidenceFile.find({ _id: { $in: fileIds } }).lean(),
    loadEvidenceChecklist(),
  ]);
  const fileViews = new Map(files.map((file) => [file._id.toString(), presentEvidenceFile(file)]));
  return snapshots.map((snapshot) =>
    presentReport(snapshot, {
      files: fileViews,
      checklist,
      // Unknown projects count as classified, so nothing free-text leaves the server by mistake.
      classified: classified.get(snapshot.projectId.toString()) ?? true,
    }),
  );
}

/** Loads one report and presents it as it is now. */
export async function presentReportById(reportId: Types.ObjectId): Promise<ReportView> {
  const report = await Report.findById(reportId).lean();
  if (report === null) throw new Error(`report ${reportId.toString()} vanished`);
  const project = await Project.findById(report.projectId, { classified: 1 }).lean();
  const [view] = await presentReports([snapshotOfReport(report)], new Map([[report.projectId.toString(), project?.classified ?? true]]));
  return view!;
}
