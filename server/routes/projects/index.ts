import Router from '@koa/router';
import type { Types } from 'mongoose';
import { Batch } from '../../models/batch.ts';
import { Project } from '../../models/project.ts';
import { Report } from '../../models/report.ts';
import { Unit } from '../../models/unit.ts';
import { authorize, permits, projectScope } from '../../policies/index.ts';
import { presentBatch, presentProject, presentProjectSummary } from '../../presenters/batch.ts';
import { presentStageStates, snapshotOfReport } from '../../presenters/report.ts';
import type { MyProjectsResponse, ProjectDetailResponse } from '../../presenters/responses.ts';
import { presentReports } from '../../queries/report-views.ts';
import { findProjectFor } from '../../queries/scoped.ts';
import { loadEvidenceChecklist } from '../../reports/checklist.ts';
import { input, validate } from '../../validate.ts';
import { projectParams } from './schema.ts';

async function unitNamesOf(projects: Array<{ unitIds: Types.ObjectId[] }>): Promise<Map<string, string>> {
  const ids = [...new Set(projects.flatMap((project) => project.unitIds.map(String)))];
  const units = await Unit.find({ _id: { $in: ids } }).lean();
  return new Map(units.map((unit) => [unit._id.toString(), unit.name]));
}

export function projectsRouter(): Router {
  const router = new Router({ prefix: '/api' });

  router.get('/my/projects', async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'project.read');

    const batches = await Batch.find({ status: 'published' }).sort({ issuedAt: -1, docNo: -1 }).lean();
    const projects = await Project.find({ ...projectScope(viewer), batchId: { $in: batches.map((batch) => batch._id) } })
      .sort({ seq: 1 })
      .lean();
    const reports = await Report.find(
      { projectId: { $in: projects.map((project) => project._id) } },
      { projectId: 1, stage: 1, state: 1, submittedAt: 1, updatedAt: 1 },
    ).lean();
    const unitNames = await unitNamesOf(projects);

    const body: MyProjectsResponse = { batches: [] };
    for (const batch of batches) {
      const listed = projects.filter((project) => project.batchId.equals(batch._id));
      if (listed.length === 0) continue;
      body.batches.push({
        batch: presentBatch(batch, listed.length),
        projects: listed.map((project) =>
          presentProjectSummary(project, unitNames, presentStageStates(reports.filter((report) => report.projectId.equals(project._id)))),
        ),
      });
    }
    ctx.body = body;
  });

  router.get('/projects/:id', validate('params', projectParams), async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'project.read');
    const project = await findProjectFor(viewer, input(ctx, 'params', projectParams).id);

    const batch = await Batch.findById(project.batchId).lean();
    if (batch === null) throw new Error(`batch of project ${project._id.toString()} missing`);
    const projectCount = await Project.countDocuments({ ...projectScope(viewer), batchId: batch._id });
    const reports = await Report.find({ projectId: project._id }).sort({ submittedAt: -1, _id: -1 }).lean();
    const classified = new Map([[project._id.toString(), project.classified]]);
    // A viewer sees a classified project as its plan row and the state of each stage, without the reports.
    const reportsShown = !project.classified || permits(viewer, 'report.readClassified');

    const body: ProjectDetailResponse = {
      project: presentProject(project, await unitNamesOf([project])),
      batch: presentBatch(batch, projectCount),
      stages: presentStageStates(reports),
      reports: reportsShown ? await presentReports(reports.map(snapshotOfReport), classified) : [],
      checklist: await loadEvidenceChecklist(),
    };
    ctx.body = body;
  });

  return router;
}
