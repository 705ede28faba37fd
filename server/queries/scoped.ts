// Loaders of one record on behalf of a viewer. Each builds its query from the viewer's unit
// scope, so a route cannot load another unit's record by forgetting a check.
import type { Types } from 'mongoose';
import type { Viewer } from '../auth/viewer.ts';
import { forbidden, notFound } from '../errors.ts';
import { Batch } from '../models/batch.ts';
import { EvidenceFile } from '../models/evidence-file.ts';
import { Project } from '../models/project.ts';
import { Report } from '../models/report.ts';
import { projectScope } from '../policies/index.ts';

const foreignProject = '该项目不属于您的单位，无权查看或报送';

/**
 * Ids of the projects a unit contact may reach: their units' projects in published batches.
 * Undefined for the bureau, who reaches every project.
 */
export async function projectIdsInScope(viewer: Viewer): Promise<Types.ObjectId[] | undefined> {
  if (viewer.role !== 'contact') return undefined;
  const published = await Batch.find({ status: 'published' }, { _id: 1 }).lean();
  const projects = await Project.find(
    { ...projectScope(viewer), batchId: { $in: published.map((batch) => batch._id) } },
    { _id: 1 },
  ).lean();
  return projects.map((project) => project._id);
}

/** Loads a project the viewer may reach: 404 when it does not exist, 403 when it is another unit's. */
export async function findProjectFor(viewer: Viewer, projectId: string | Types.ObjectId) {
  const project = await Project.findOne({ _id: projectId, ...projectScope(viewer) }).lean();
  if (project === null) {
    if ((await Project.exists({ _id: projectId })) !== null) throw forbidden(foreignProject);
    throw notFound('找不到该项目');
  }
  // A contact learns of a batch's projects only once it is published.
  if (viewer.role === 'contact' && (await Batch.exists({ _id: project.batchId, status: 'published' })) === null) {
    throw notFound('找不到该项目');
  }
  return project;
}

/** Loads a report of a project the viewer may reach, with 404 and 403 as for projects. */
export async function findReportFor(viewer: Viewer, reportId: string) {
  const projectIds = await projectIdsInScope(viewer);
  const report = await Report.findOne({ _id: reportId, ...(projectIds === undefined ? {} : { projectId: { $in: projectIds } }) }).lean();
  if (report === null) {
    if ((await Report.exists({ _id: reportId })) !== null) throw forbidden('该报送不属于您的单位，无权查看或修改');
    throw notFound('找不到该报送');
  }
  return report;
}

/** Loads an evidence file's record of a project the viewer may reach, with 404 and 403 as for projects. */
export async function findEvidenceFileFor(viewer: Viewer, fileId: string) {
  const projectIds = await projectIdsInScope(viewer);
  const file = await EvidenceFile.findOne({
    _id: fileId,
    ...(projectIds === undefined ? {} : { 'metadata.projectId': { $in: projectIds } }),
  }).lean();
  if (file === null) {
    if ((await EvidenceFile.exists({ _id: fileId })) !== null) throw forbidden('该附件不属于您的单位，无权下载');
    throw notFound('找不到该附件');
  }
  return file;
}
