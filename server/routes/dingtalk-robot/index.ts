import Router from '@koa/router';
import mongoose from 'mongoose';
import { verifySignature } from '../../../bot/dingtalk/index.ts';
import { answerCommand } from '../../../bot/incoming/answer.ts';
import { parseCommand, robotCallbackSchema } from '../../../bot/incoming/robot-message.ts';
import { textReply } from '../../../bot/messages/robot-replies.ts';
import { IncomingMessage } from '../../models/incoming-message.ts';
import { OutboxMessage } from '../../models/outbox-message.ts';
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
      const command = parseCommand(message.text?.content ?? '');

      // Claiming the message id first makes a replay, even a concurrent one, change nothing.
      try {
        await IncomingMessage.create({
          msgId: message.msgId,
          senderStaffId: message.senderStaffId,
          conversationType: message.conversationType,
          text: message.text?.content ?? '',
          command: command.name,
          receivedAt: new Date(),
        });
      } catch (error) {
        if ((error as { code?: unknown }).code === 11000) throw conflict('该消息已处理过');
        throw error;
      }

      const replyText = await answerCommand(message.senderStaffId, command);
      await mongoose.connection.transaction(async (session) => {
        await OutboxMessage.create(
          [
            {
              dedupeKey: `robot-reply:${message.msgId}`,
              kind: 'reply',
              webhookUrl: message.sessionWebhook,
              webhookExpiresAt: message.sessionWebhookExpiredTime === undefined ? null : new Date(message.sessionWebhookExpiredTime),
              body: textReply(replyText, message.senderStaffId === '' ? [] : [message.senderStaffId]),
            },
          ],
          { session },
        );
      });
      deps.outboxChanged();
      ctx.body = { ok: true };
    },
  );
  return router;
}
