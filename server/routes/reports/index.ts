import Router from '@koa/router';
import { Project } from '../../models/project.ts';
import { Report } from '../../models/report.ts';
import { ReportVersion } from '../../models/report-version.ts';
import { Unit } from '../../models/unit.ts';
import { authorize } from '../../policies/index.ts';
import { snapshotOfReport, snapshotOfVersion, type ReportView } from '../../presenters/report.ts';
import type { ReportListItem } from '../../presenters/responses.ts';
import { presentReportById, presentReports } from '../../queries/report-views.ts';
import { findProjectFor, findReportFor } from '../../queries/scoped.ts';
import { reviewReport } from '../../services/review-report.ts';
import { resubmitReport, submitReport } from '../../services/submit-report.ts';
import { input, validate } from '../../validate.ts';
import { actorOf } from '../actor.ts';
import type { RouteDeps } from '../deps.ts';
import { projectParams, reportBody, reportListQuery, reportParams, reviewBody } from './schema.ts';

export function reportsRouter(deps: RouteDeps): Router {
  const router = new Router({ prefix: '/api' });

  router.post('/projects/:id/reports', validate('params', projectParams), validate('body', reportBody), async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'report.submit');
    const project = await findProjectFor(viewer, input(ctx, 'params', projectParams).id);
    const { idempotencyKey, ...content } = input(ctx, 'body', reportBody);

    const result = await submitReport({ project, viewer, actor: actorOf(ctx, viewer), idempotencyKey, input: content });
    // A repeated key returns the report it created, unchanged.
    ctx.status = result.written ? 201 : 200;
    const body: ReportView = await presentReportById(result.reportId);
    ctx.body = body;
  });

  router.put('/reports/:id', validate('params', reportParams), validate('body', reportBody), async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'report.submit');
    const report = await findReportFor(viewer, input(ctx, 'params', reportParams).id);
    authorize(viewer, 'report.resubmit', report);
    const project = await findProjectFor(viewer, report.projectId);
    const { idempotencyKey, ...content } = input(ctx, 'body', reportBody);

    const result = await resubmitReport({ project, reportId: report._id, viewer, actor: actorOf(ctx, viewer), idempotencyKey, input: content });
    const body: ReportView = await presentReportById(result.reportId);
    ctx.body = body;
  });

  router.get('/reports/:id/versions', validate('params', reportParams), async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'report.read');
    const report = await findReportFor(viewer, input(ctx, 'params', reportParams).id);

    const project = await Project.findById(report.projectId, { classified: 1 }).lean();
    if (project?.classified ?? true) authorize(viewer, 'report.readClassified');
    const versions = await ReportVersion.find({ reportId: report._id }).sort({ version: 1 }).lean();
    const body: ReportView[] = await presentReports(versions.map(snapshotOfVersion), new Map([[report.projectId.toString(), project?.classified ?? true]]));
    ctx.body = body;
  });

  router.get('/reports', validate('query', reportListQuery), async (ctx) => {
    authorize(ctx.state.viewer, 'report.list');
    const { state } = input(ctx, 'query', reportListQuery);

    // Oldest first, because the bureau reviews reports in the order they arrived.
    const reports = await Report.find(state === undefined ? {} : { state }).sort({ submittedAt: 1, _id: 1 }).lean();
    const projects = await Project.find({ _id: { $in: reports.map((report) => report.projectId) } }, { seq: 1, name: 1, unitIds: 1, classified: 1 }).lean();
    const units = await Unit.find({ _id: { $in: projects.flatMap((project) => project.unitIds) } }, { name: 1 }).lean();
    const unitName = new Map(units.map((unit) => [unit._id.toString(), unit.name]));
    const projectOf = new Map(projects.map((project) => [project._id.toString(), project]));
    const views = await presentReports(reports.map(snapshotOfReport), new Map(projects.map((project) => [project._id.toString(), project.classified])));

    const body: ReportListItem[] = views.map((view) => {
      const project = projectOf.get(view.projectId);
      return {
        ...view,
        project: {
          id: view.projectId,
          seq: project?.seq ?? 0,
          name: project?.name ?? '',
          units: (project?.unitIds ?? []).map((id) => unitName.get(id.toString()) ?? '未知单位'),
        },
      };
    });
    ctx.body = body;
  });

  router.post('/reports/:id/review', validate('params', reportParams), validate('body', reviewBody), async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'report.review');
    const report = await findReportFor(viewer, input(ctx, 'params', reportParams).id);
    const { decision, reason, version } = input(ctx, 'body', reviewBody);

    await reviewReport({ reportId: report._id, decision, reason, version, actor: actorOf(ctx, viewer), appUrl: deps.appUrl });
    deps.outboxChanged();
    const body: ReportView = await presentReportById(report._id);
    ctx.body = body;
  });

  return router;
}
