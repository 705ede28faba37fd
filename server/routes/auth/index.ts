import Router from '@koa/router';
import type { Context } from 'koa';
import mongoose from 'mongoose';
import { Contact } from '../../models/contact.ts';
import { Unit } from '../../models/unit.ts';
import { endSession, requireViewer, startSession } from '../../auth/session.ts';
import { forbidden, HttpError, notFound } from '../../errors.ts';
import { logger } from '../../log.ts';
import { recordAudit, type Actor, type AuditEntry } from '../../services/audit.ts';
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

async function auditSession(actor: Actor, entry: AuditEntry): Promise<void> {
  await mongoose.connection.transaction((session) => recordAudit(session, actor, entry));
}

/**
 * Starts a session for the person DingTalk or the demo picker identified. A refusal of a known
 * identity is audited too, because it shows someone outside the roster trying to get in.
 */
async function signIn(ctx: Context, deps: RouteDeps, userId: string, method: 'dingtalk' | 'demo'): Promise<void> {
  const contact = await Contact.findOne({ userId }).lean();
  const target = { targetKind: 'Contact', targetId: userId };
  // Stored in the words the trail shows, because a person reads these values there.
  const signInWith = method === 'dingtalk' ? '钉钉免登' : '演示模式选择联系人';
  if (contact === null || !contact.active) {
    const reason = contact === null ? 'not-in-roster' : 'deactivated';
    const refusal = contact === null ? '不在联系人名单中' : '账号已停用';
    await auditSession({ userId, name: contact?.name ?? userId, address: ctx.ip }, { action: 'session.signInRefused', ...target, after: { signInWith, refusal } });
    log.warn({ userId, reason, address: ctx.ip, requestId: ctx.state.requestId }, 'sign-in rejected');
    throw forbidden(
      contact === null ? '您不在进度通的联系人名单中，请联系市大数据局项目管理处' : '您的进度通账号已停用，如需恢复请联系市大数据局项目管理处',
    );
  }

  await startSession(ctx, contact._id, deps.session);
  await auditSession({ userId, name: contact.name, address: ctx.ip }, { action: 'session.signIn', ...target, after: { signInWith } });
  log.info({ userId, requestId: ctx.state.requestId }, 'signed in');
  ctx.body = await presentMe(contact._id);
}

/**
 * Exchanges a login-free auth code. A code DingTalk does not accept names nobody, so the
 * refusal goes to the log rather than the audit trail, which records what people did.
 */
async function userIdOfCode(ctx: Context, deps: RouteDeps, code: string): Promise<string> {
  try {
    return await deps.userIdByAuthCode(code);
  } catch (error) {
    if (error instanceof HttpError && error.status === 401) {
      log.warn({ address: ctx.ip, requestId: ctx.state.requestId, reason: error.message }, 'DingTalk sign-in failed without an identity');
    }
    throw error;
  }
}

export function authRouter(deps: RouteDeps): Router {
  const router = new Router({ prefix: '/api' });

  router.get('/auth/options', (ctx) => {
    const body: AuthOptionsResponse = { demo: deps.demo, corpId: deps.dingtalkLogin.corpId, clientId: deps.dingtalkLogin.clientId };
    ctx.body = body;
  });

  router.post('/auth/dingtalk', validate('body', dingtalkLoginBody), async (ctx) => {
    const { code } = input(ctx, 'body', dingtalkLoginBody);
    await signIn(ctx, deps, await userIdOfCode(ctx, deps, code), 'dingtalk');
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
      // A unit's leader reports for no unit, so the picker lists them under the units they lead.
      units: (contact.unitIds.length > 0 ? contact.unitIds : contact.leaderOfUnitIds).map((id) => unitName.get(id.toString()) ?? ''),
    }));
    ctx.body = body;
  });

  router.post('/auth/demo', validate('body', demoLoginBody), async (ctx) => {
    if (!deps.demo) throw forbidden('仅演示模式可选择联系人登录');
    await signIn(ctx, deps, input(ctx, 'body', demoLoginBody).userId, 'demo');
  });

  router.post('/auth/logout', async (ctx) => {
    const viewer = ctx.state.viewer;
    await endSession(ctx, deps.session);
    if (viewer !== undefined) {
      await auditSession({ userId: viewer.userId, name: viewer.name, address: ctx.ip }, { action: 'session.signOut', targetKind: 'Contact', targetId: viewer.userId });
    }
    ctx.body = { ok: true };
  });

  router.get('/me', async (ctx) => {
    ctx.body = await presentMe(requireViewer(ctx).contactId);
  });

  return router;
}
