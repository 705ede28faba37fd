import type { Context, Next } from 'koa';
import { forbidden } from '../errors.ts';
import { robotCallbackPath } from '../routes/dingtalk-robot/index.ts';

/** Header the micro-app sends on every state-changing request. */
export const csrfHeader = 'x-jdt-request';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Rejects state-changing API requests that a cross-site page could have made: a form post
 * cannot set a custom header, and a cross-origin fetch that sets one needs a CORS preflight,
 * which this server never grants.
 */
export async function rejectCrossSite(ctx: Context, next: Next): Promise<void> {
  // DingTalk's robot callback proves itself with a signature instead.
  if (!safeMethods.has(ctx.method) && ctx.path.startsWith('/api/') && ctx.path !== robotCallbackPath) {
    const fetchSite = ctx.get('sec-fetch-site');
    if (ctx.get(csrfHeader) !== '1' || fetchSite === 'cross-site') {
      throw forbidden('请求来源无效，请在进度通页面内操作');
    }
  }
  await next();
}
