import Router from '@koa/router';
import type { Context } from 'koa';
import { Contact } from '../../models/contact.ts';
import { Unit } from '../../models/unit.ts';
import { endSession, requireViewer, startSession } from '../../auth/session.ts';
import { forbidden, notFound } from '../../errors.ts';
import { logger } from '../../log.ts';
import { input, validate } from '../../validate.ts';
import type { AuthOptionsResponse, DemoContact } from '../../presenters/responses.ts';
import type { RouteDeps } from '../deps.ts';
import { demoLoginBody, dingtalkLoginBody } from './schema.ts';

const log = logger('http');

async function presentMe(contactId: unknown) {
  const contact = await Contact.findById(contactId).lean();
  if (contact === null) throw notFound('找不到该联系人');
  const units = await Unit.find({ _id: { $in: contact.unitIds } }).lean();
  const unitName = new Map(units.map((unit) => [unit._id.toString(), unit.name]));
  return {
    userId: contact.userId,
    name: contact.name,
    title: contact.title,
    role: contact.role,
    units: contact.unitIds.map((id) => ({ id: id.toString(), name: unitName.get(id.toString()) ?? '' })),
  };
}

export type MeView = Awaited<ReturnType<typeof presentMe>>;

async function signIn(ctx: Context, deps: RouteDeps, userId: string): Promise<void> {
  const contact = await Contact.findOne({ userId, active: true }).lean();
  if (contact === null) throw forbidden('您不在进度通的联系人名单中，请联系市大数据局项目管理处');
  await startSession(ctx, contact._id, deps.session);
  log.info({ userId, requestId: ctx.state.requestId }, 'signed in');
  ctx.body = await presentMe(contact._id);
}

export function authRouter(deps: RouteDeps): Router {
  const router = new Router({ prefix: '/api' });

  router.get('/auth/options', (ctx) => {
    const body: AuthOptionsResponse = { demo: deps.demo, corpId: deps.dingtalkLogin.corpId, clientId: deps.dingtalkLogin.clientId };
    ctx.body = body;
  });

  router.post('/auth/dingtalk', validate('body', dingtalkLoginBody), async (ctx) => {
    const { code } = input(ctx, 'body', dingtalkLoginBody);
    await signIn(ctx, deps, await deps.userIdByAuthCode(code));
  });

  // The contact picker replaces DingTalk's login-free auth in a plain browser, so it
  // exists only in demo mode.
  router.get('/auth/demo-contacts', async (ctx) => {
    if (!deps.demo) throw forbidden('仅演示模式可选择联系人登录');
    const [contacts, units] = await Promise.all([
      Contact.find({ active: true }).sort({ role: 1, userId: 1 }).lean(),
      Unit.find().lean(),
    ]);
    const unitName = new Map(units.map((unit) => [unit._id.toString(), unit.name]));
    const body: DemoContact[] = contacts.map((contact) => ({
      userId: contact.userId,
      name: contact.name,
      title: contact.title,
      role: contact.role,
      units: contact.unitIds.map((id) => unitName.get(id.toString()) ?? ''),
    }));
    ctx.body = body;
  });

  router.post('/auth/demo', validate('body', demoLoginBody), async (ctx) => {
    if (!deps.demo) throw forbidden('仅演示模式可选择联系人登录');
    await signIn(ctx, deps, input(ctx, 'body', demoLoginBody).userId);
  });

  router.post('/auth/logout', async (ctx) => {
    await endSession(ctx, deps.session);
    ctx.body = { ok: true };
  });

  router.get('/me', async (ctx) => {
    ctx.body = await presentMe(requireViewer(ctx).contactId);
  });

  return router;
}
