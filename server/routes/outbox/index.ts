import Router from '@koa/router';
import mongoose from 'mongoose';
import { Contact } from '../../models/contact.ts';
import { OutboxMessage, type outboxStates } from '../../models/outbox-message.ts';
import type { OutboxItemView } from '../../presenters/responses.ts';
import { authorize } from '../../policies/index.ts';
import { resendOutboxMessage } from '../../services/resend-outbox-message.ts';
import { input, validate } from '../../validate.ts';
import { actorOf } from '../actor.ts';
import type { RouteDeps } from '../deps.ts';
import { outboxListQuery, outboxParams } from './schema.ts';

const stateLabels = { pending: '待发送', sending: '待发送', sent: '已发送', failed: '失败' } as const;
const kindLabels = { group: '群消息', 'work-notification': '工作通知', reply: '机器人回复' } as const;

/** Returns a readable title of a queued DingTalk message, from whichever field its type carries. */
function titleOf(body: unknown): string {
  const message = body as Record<string, { title?: string; content?: string } | undefined> & { msgtype?: string };
  const part = message.msgtype === undefined ? undefined : message[message.msgtype];
  return (part?.title ?? part?.content ?? '').slice(0, 60);
}

export function outboxRouter(deps: RouteDeps): Router {
  const router = new Router({ prefix: '/api/outbox' });

  router.get('/', validate('query', outboxListQuery), async (ctx) => {
    authorize(ctx.state.viewer, 'outbox.list');
    const query = input(ctx, 'query', outboxListQuery);
    // A message being sent counts as pending for the bureau.
    let states: Array<(typeof outboxStates)[number]> | undefined;
    if (query.state === 'pending') states = ['pending', 'sending'];
    else if (query.state !== undefined) states = [query.state];

    const messages = await OutboxMessage.find(states === undefined ? {} : { state: { $in: states } })
      .sort({ createdAt: -1 })
      .limit(query.limit)
      .lean();
    const people = await Contact.find({ userId: { $in: messages.flatMap((message) => message.userIds) } }, { userId: 1, name: 1 }).lean();
    const nameOf = new Map(people.map((person) => [person.userId, person.name]));
    const body: OutboxItemView[] = messages.map((message) => ({
      id: message._id.toString(),
      kind: message.kind,
      kindLabel: kindLabels[message.kind],
      title: titleOf(message.body),
      recipients: message.kind === 'work-notification' ? message.userIds : [],
      recipientNames: message.kind === 'work-notification' ? message.userIds.map((userId) => nameOf.get(userId) ?? userId) : [],
      state: message.state === 'sending' ? 'pending' : message.state,
      stateLabel: stateLabels[message.state],
      attempts: message.attempts,
      reason: message.lastError,
      createdAt: message.createdAt.toISOString(),
      sentAt: message.sentAt?.toISOString() ?? null,
    }));
    ctx.body = body;
  });

  router.post('/:id/resend', validate('params', outboxParams), async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'outbox.resend');
    const id = new mongoose.Types.ObjectId(input(ctx, 'params', outboxParams).id);

    await resendOutboxMessage({ id, actor: actorOf(ctx, viewer) });
    deps.outboxChanged();
    ctx.body = { ok: true };
  });

  return router;
}
