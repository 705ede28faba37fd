import type Router from '@koa/router';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Koa, { type Context, type Next } from 'koa';
import { bodyParser } from '@koa/bodyparser';
import send from 'koa-send';
import { errorHandler } from './errors.ts';
import { rejectCrossSite } from './auth/csrf.ts';
import { loadViewer } from './auth/session.ts';
import { rateLimits } from './auth/rate-limit.ts';
import { rejectOperatorQueryKeys } from './validate.ts';
import { logger } from './log.ts';
import { healthRouter } from './routes/health.ts';
import { authRouter } from './routes/auth/index.ts';
import { batchesRouter } from './routes/batches/index.ts';
import { dingtalkRobotRouter } from './routes/dingtalk-robot/index.ts';
import { outboxRouter } from './routes/outbox/index.ts';
import { settingsRouter } from './routes/settings/index.ts';
import { evidenceChecklistRouter } from './routes/evidence-checklist/index.ts';
import { filesRouter } from './routes/files/index.ts';
import { projectsRouter } from './routes/projects/index.ts';
import { reportsRouter } from './routes/reports/index.ts';
import { planFilesRouter } from './routes/exports/index.ts';
import { dashboardRouter } from './routes/dashboard/index.ts';
import { auditRouter } from './routes/audit/index.ts';
import { projectLineageRouter } from './routes/project-lineage/index.ts';
import { contactsRouter } from './routes/contacts/index.ts';
import type { RouteDeps } from './routes/deps.ts';

const log = logger('http');
const miniappDist = resolve(fileURLToPath(new URL('../miniapp/dist', import.meta.url)));

/** Path under which the micro-app is served; DingTalk messages link to pages below it. */
export const appBasePath = '/app';

async function requestLog(ctx: Context, next: Next): Promise<void> {
  const started = process.hrtime.bigint();
  ctx.state.requestId = ctx.get('x-request-id').slice(0, 64) || randomUUID();
  ctx.set('X-Request-Id', ctx.state.requestId);
  try {
    await next();
  } finally {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    // The micro-app's static files would bury the API requests, so they log only at debug level.
    const level = ctx.path.startsWith('/api/') || ctx.status >= 400 ? 'info' : 'debug';
    log[level](
      { requestId: ctx.state.requestId, method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(ms), user: ctx.state.viewer?.userId },
      'request',
    );
  }
}

/**
 * Allows the micro-app only its own scripts and requests. Styles may be inline because antd-mobile
 * sets style attributes, and images may be blob: or data: URLs for previews of files on the phone.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

function securityHeaders(secure: boolean) {
  return async (ctx: Context, next: Next): Promise<void> => {
    ctx.set('Content-Security-Policy', contentSecurityPolicy);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('X-Frame-Options', 'SAMEORIGIN');
    ctx.set('Referrer-Policy', 'same-origin');
    ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
    ctx.set('Permissions-Policy', 'geolocation=(), microphone=(), payment=()');
    if (secure) ctx.set('Strict-Transport-Security', 'max-age=31536000');
    await next();
  };
}

/** Builds the routers that run after the session lookup; the authorization matrix test walks the same list. */
export function signedInRouters(deps: RouteDeps): Router[] {
  return [
    authRouter(deps),
    batchesRouter(deps),
    projectsRouter(),
    filesRouter(),
    reportsRouter(deps),
    evidenceChecklistRouter(),
    outboxRouter(deps),
    settingsRouter(),
    planFilesRouter(),
    dashboardRouter(),
    auditRouter(),
    projectLineageRouter(),
    contactsRouter(deps),
  ];
}

/** Serves the built micro-app; every path below /app that is not a file gets index.html. */
async function miniapp(ctx: Context, next: Next): Promise<void> {
  if (ctx.path === '/' ) return ctx.redirect(`${appBasePath}/`);
  if (!ctx.path.startsWith(appBasePath) || !['GET', 'HEAD'].includes(ctx.method)) return next();
  if (!existsSync(join(miniappDist, 'index.html'))) {
    ctx.status = 503;
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = '微应用尚未构建，请运行 npm run build';
    return;
  }
  const relative = ctx.path.slice(appBasePath.length) || '/';
  const isAsset = relative.startsWith('/assets/');
  if (isAsset) ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
  // koa-send picks the build's .br or .gz copy by Accept-Encoding, so caches must key on it.
  ctx.vary('Accept-Encoding');
  await send(ctx, isAsset ? relative : '/index.html', { root: miniappDist });
}

export function createApp(deps: RouteDeps & { sessionSecret: string }): Koa {
  const app = new Koa({ proxy: false });
  app.keys = [deps.sessionSecret];
  // Errors after a response has started, such as a file download the client aborted, arrive here
  // instead of at the error handler. A client going away is routine; anything else is logged.
  app.on('error', (error: NodeJS.ErrnoException, ctx?: Context) => {
    const clientGone = error.code === 'ERR_STREAM_PREMATURE_CLOSE' || error.code === 'ECONNRESET' || error.code === 'EPIPE';
    if (clientGone) log.debug({ code: error.code, path: ctx?.path }, 'client closed the connection');
    else log.error({ err: error, path: ctx?.path, requestId: ctx?.state.requestId }, 'response failed');
  });

  app.use(requestLog);
  app.use(securityHeaders(deps.session.secureCookies));
  app.use(errorHandler);
  app.use(bodyParser({ jsonLimit: '1mb', enableTypes: ['json'] }));
  app.use(rejectCrossSite);
  app.use(rejectOperatorQueryKeys);
  // Health comes before the session lookup, so it returns 503 rather than failing when the
  // database is down.
  app.use(healthRouter.routes());
  app.use(dingtalkRobotRouter({ appSecret: deps.robotCallbackSecret, outboxChanged: deps.outboxChanged }).routes());
  app.use(loadViewer(deps.session));
  app.use(rateLimits(deps.rateLimits));

  for (const router of signedInRouters(deps)) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  app.use(miniapp);
  return app;
}

