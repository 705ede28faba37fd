/**
 * The simulator's own endpoints, outside DingTalk's API: the web page, a JSON copy of the state, auth codes
 * as `dd.requestAuthCode` would return them, opening a message as its recipient, and sending a message to
 * the app robot as a person.
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';

import { renderSimulatorPage } from './page.ts';
import { AUTH_CODE_LIFETIME_MS, type SimulatorState } from './state.ts';

const authCodeBody = z.object({ userid: z.string().min(1) });
const robotMessageBody = z.object({
  userid: z.string().min(1),
  text: z.string().trim().min(1).max(5000),
  conversationType: z.enum(['1', '2']).default('1'),
});
const readBody = z.object({ userid: z.string().min(1), taskId: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]) });

function badRequest(ctx: Context, message: string): void {
  ctx.status = 400;
  ctx.body = { message };
}

function notFound(ctx: Context, message: string): void {
  ctx.status = 404;
  ctx.body = { message };
}

/**
 * Allows cross-origin calls to /_sim/*, because the demo's micro-app runs on another origin and fetches auth
 * codes from here.
 */
export async function allowCrossOriginSimCalls(ctx: Context, next: () => Promise<unknown>): Promise<void> {
  if (!ctx.path.startsWith('/_sim/')) {
    await next();
    return;
  }

  ctx.set('Access-Control-Allow-Origin', '*');
  ctx.set('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  ctx.set('Access-Control-Allow-Headers', 'content-type');
  if (ctx.method === 'OPTIONS') {
    ctx.status = 204;
    return;
  }
  await next();
}

export function simulatorRouter(state: SimulatorState): Router {
  const router = new Router();

  router.get('/', (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = renderSimulatorPage(state);
  });

  router.get('/_sim/state', (ctx) => {
    ctx.body = state.snapshot();
  });

  router.post('/_sim/auth-code', (ctx) => {
    const parsed = authCodeBody.safeParse(ctx.request.body);
    if (!parsed.success) return badRequest(ctx, '缺少 userid');

    const { userid } = parsed.data;
    if (!state.directory.users.has(userid)) return notFound(ctx, `模拟器中没有 userid 为 ${userid} 的用户`);

    ctx.body = { code: state.issueAuthCode(userid), expiresInSeconds: AUTH_CODE_LIFETIME_MS / 1000 };
  });

  router.post('/_sim/read', (ctx) => {
    const parsed = readBody.safeParse(ctx.request.body);
    if (!parsed.success) return badRequest(ctx, '缺少 userid 或 taskId');

    const { userid, taskId } = parsed.data;
    try {
      state.markRead(userid, taskId);
    } catch {
      return notFound(ctx, `用户 ${userid} 没有任务 ${taskId} 中已送达的工作通知`);
    }

    // The page posts a form and expects to land back on the person's messages.
    if (ctx.request.is('urlencoded')) {
      ctx.status = 303;
      ctx.redirect(`/#user-${encodeURIComponent(userid)}`);
      return;
    }
    ctx.body = { read: true };
  });

  router.post('/_sim/robot-message', (ctx) => {
    const parsed = robotMessageBody.safeParse(ctx.request.body);
    if (!parsed.success) return badRequest(ctx, '缺少 userid 或消息内容，或会话类型不是 1（单聊）或 2（群聊）');

    const { userid, text, conversationType } = parsed.data;
    if (!state.directory.users.has(userid)) return notFound(ctx, `模拟器中没有 userid 为 ${userid} 的用户`);

    const sent = state.sendRobotMessage({ userid, text, conversationType });

    // The page posts a form and expects to land back on the robot's conversations.
    if (ctx.request.is('urlencoded')) {
      ctx.status = 303;
      ctx.redirect('/#app-robot');
      return;
    }
    ctx.body = sent;
  });

  router.post('/_sim/reset', (ctx) => {
    state.reset();
    ctx.body = { reset: true };
  });

  return router;
}
