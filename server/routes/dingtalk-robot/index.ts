import Router from '@koa/router';
import { verifySignature } from '../../../bot/dingtalk/index.ts';
import { handleRobotMessage } from '../../../bot/incoming/handle.ts';
import { robotCallbackSchema } from '../../../bot/incoming/robot-message.ts';
import { conflict, HttpError } from '../../errors.ts';
import { logger } from '../../log.ts';
import { input, validate } from '../../validate.ts';

const log = logger('bot');

export interface RobotCallbackDeps {
  /** The app secret DingTalk signs robot callbacks with. */
  appSecret: string;
  now?: () => number;
  outboxChanged(): void;
}

/** Path DingTalk posts the app robot's messages to (HTTP mode); exempt from the session CSRF check. */
export const robotCallbackPath = '/api/dingtalk/robot';

/**
 * Receives messages to the app robot. The timestamp and sign headers are checked first, and a
 * message id seen before is refused, so a forged, stale or replayed request changes nothing.
 */
export function dingtalkRobotRouter(deps: RobotCallbackDeps): Router {
  const router = new Router();

  router.post(
    robotCallbackPath,
    async (ctx, next) => {
      const check = verifySignature({ timestamp: ctx.get('timestamp'), sign: ctx.get('sign'), secret: deps.appSecret, now: deps.now?.() ?? Date.now() });
      if (!check.valid) {
        log.warn({ reason: check.reason, requestId: ctx.state.requestId }, 'robot callback rejected');
        throw new HttpError(401, 'bad_signature', check.reason === 'stale-timestamp' ? '请求时间戳已过期' : '签名无效');
      }
      await next();
    },
    validate('body', robotCallbackSchema),
    async (ctx) => {
      const message = input(ctx, 'body', robotCallbackSchema);
      if ((await handleRobotMessage(message)) === 'replayed') throw conflict('该消息已处理过');
      deps.outboxChanged();
      ctx.body = { ok: true };
    },
  );
  return router;
}
