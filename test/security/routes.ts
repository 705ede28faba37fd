// The inventory of the API's routes, read from the routers themselves.
import type Router from '@koa/router';
import { dingtalkRobotRouter } from '../../server/routes/dingtalk-robot/index.ts';
import { healthRouter } from '../../server/routes/health.ts';
import { signedInRouters } from '../../server/app.ts';
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
  const routers: Router[] = [healthRouter, dingtalkRobotRouter({ appSecret: '', outboxChanged: unused }), ...signedInRouters(deps)];
  const routes = routers.flatMap((router) =>
    router.stack.flatMap((layer) => layer.methods.filter((method) => method !== 'HEAD').map((method) => `${method} ${layer.path}`)),
  );
  return [...new Set(routes)].sort();
}
