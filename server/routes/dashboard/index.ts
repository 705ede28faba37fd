import Router from '@koa/router';
import { dashboardMatrix, type DashboardMatrix } from '../../queries/dashboard/matrix.ts';
import { dashboardOverview, type DashboardOverview } from '../../queries/dashboard/overview.ts';
import { authorize, permits } from '../../policies/index.ts';
import { input, validate } from '../../validate.ts';
import { dashboardQuery, matrixQuery } from './schema.ts';

/** Serves the bureau's dashboard (驾驶舱) over published batches, read-only. */
export function dashboardRouter(): Router {
  const router = new Router({ prefix: '/api/dashboard' });

  router.get('/overview', validate('query', dashboardQuery), async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'dashboard.read');
    const classifiedAmounts = permits(viewer, 'report.readClassified');
    const body: DashboardOverview = await dashboardOverview(input(ctx, 'query', dashboardQuery), new Date(), classifiedAmounts);
    ctx.body = body;
  });

  router.get('/matrix', validate('query', matrixQuery), async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'dashboard.read');
    const { page, pageSize, ...filter } = input(ctx, 'query', matrixQuery);
    const body: DashboardMatrix = await dashboardMatrix(filter, new Date(), page, pageSize, permits(viewer, 'report.readClassified'));
    ctx.body = body;
  });

  return router;
}
