// The inventory of the API's routes, read from the routers themselves.
import type Router from '@koa/router';
import { authRouter } from '../../server/routes/auth/index.ts';
import { batchesRouter } from '../../server/routes/batches/index.ts';
import { contactsRouter } from '../../server/routes/contacts/index.ts';
import { dingtalkRobotRouter } from '../../server/routes/dingtalk-robot/index.ts';
import { evidenceChecklistRouter } from '../../server/routes/evidence-checklist/index.ts';
import { planFilesRouter } from '../../server/routes/exports/index.ts';
import { filesRouter } from '../../server/routes/files/index.ts';
import { healthRouter } from '../../server/routes/health.ts';
import { outboxRouter } from '../../server/routes/outbox/index.ts';
import { projectsRouter } from '../../server/routes/projects/index.ts';
import { reportsRouter } from '../../server/routes/reports/index.ts';
import { settingsRouter } from '../../server/routes/settings/index.ts';
import type { RouteDeps } from '../../server/routes/deps.ts';

/**
 * Lists every `METHOD path` the app serves, from the same routers `createApp` registers. HEAD
 * is left out because @koa/router adds it to every GET.
 */
export function routeInventory(): string[] {
  // Building a router only stores the dependencies, so stand-ins that are never called suffice.
  const unused = (): never => {
    throw new Error('route dependency called while listing routes');
  };
  const deps: RouteDeps = {
    demo: true,
    session: { maxAgeMs: 0, secureCookies: false },
    dingtalkLogin: { corpId: '', clientId: '' },
    rateLimits: { loginPerMinute: 1, submitPerMinute: 1 },
    robotCallbackSecret: '',
    userIdByAuthCode: unused,
    appUrl: unused,
    refreshDelivery: unused,
    outboxChanged: unused,
    dingtalkDirectory: { listAllDepartments: unused, listAllDepartmentUsers: unused },
  };
  const routers: Router[] = [
    healthRouter,
    dingtalkRobotRouter({ appSecret: '', outboxChanged: unused }),
    authRouter(deps),
    batchesRouter(deps),
    projectsRouter(),
    filesRouter(),
    reportsRouter(deps),
    evidenceChecklistRouter(),
    outboxRouter(deps),
    settingsRouter(),
    planFilesRouter(),
    contactsRouter(deps),
  ];
  const routes = routers.flatMap((router) =>
    router.stack.flatMap((layer) => layer.methods.filter((method) => method !== 'HEAD').map((method) => `${method} ${layer.path}`)),
  );
  return [...new Set(routes)].sort();
}
