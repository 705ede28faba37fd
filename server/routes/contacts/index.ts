// The bureau's maintenance of the contact roster: list, add, edit, deactivate and reactivate
// contacts, and sync them from DingTalk's departments after a preview.
import Router from '@koa/router';
import { sortByChineseName } from '../../presenters/chinese-order.ts';
import type { Context } from 'koa';
import mongoose from 'mongoose';
import { DingTalkError, DingTalkHttpError, DingTalkRequestError } from '../../../bot/dingtalk/index.ts';
import { planContactSync, type SyncPlan } from '../../contacts/sync-plan.ts';
import { HttpError, notFound } from '../../errors.ts';
import { logger } from '../../log.ts';
import { Contact } from '../../models/contact.ts';
import { Unit } from '../../models/unit.ts';
import { authorize } from '../../policies/index.ts';
import { presentContact, type ContactView } from '../../presenters/contact.ts';
import { createContact, updateContact } from '../../services/save-contact.ts';
import { deactivateContact, reactivateContact } from '../../services/set-contact-active.ts';
import { syncContacts } from '../../services/sync-contacts.ts';
import { input, validate } from '../../validate.ts';
import { actorOf } from '../actor.ts';
import type { RouteDeps } from '../deps.ts';
import { contactListQuery, contactParams, createContactBody, syncApplyBody, updateContactBody } from './schema.ts';

const log = logger('bot');

/** Escapes a search term for a MongoDB regular expression, so it matches literally. */
const literal = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function presentContactById(id: mongoose.Types.ObjectId): Promise<ContactView> {
  const contact = await Contact.findById(id).lean();
  if (contact === null) throw notFound('找不到该联系人');
  const units = await Unit.find({ _id: { $in: [...contact.unitIds, ...contact.leaderOfUnitIds] } }, { name: 1 }).lean();
  return presentContact(contact, new Map(units.map((unit) => [unit._id.toString(), unit.name])));
}

/** Runs a DingTalk read. A DingTalk failure becomes a 502 the bureau can read, and its detail goes to the log. */
async function readDingTalk<T>(ctx: Context, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof DingTalkError || error instanceof DingTalkHttpError || error instanceof DingTalkRequestError)) throw error;
    log.error({ err: error, requestId: ctx.state.requestId }, 'reading DingTalk departments for the contact sync failed');
    throw new HttpError(502, 'dingtalk_unavailable', '暂时无法读取钉钉通讯录，请稍后再试；如一直失败，请检查应用的通讯录权限');
  }
}

export function contactsRouter(deps: RouteDeps): Router {
  const router = new Router({ prefix: '/api' });

  router.get('/units', async (ctx) => {
    authorize(ctx.state.viewer, 'unit.list');
    const units = sortByChineseName(await Unit.find({}, { name: 1, dingtalkDeptId: 1 }).lean());
    ctx.body = units.map((unit) => ({ id: unit._id.toString(), name: unit.name, dingtalkDeptId: unit.dingtalkDeptId ?? null }));
  });

  router.get('/contacts', validate('query', contactListQuery), async (ctx) => {
    authorize(ctx.state.viewer, 'contact.list');
    const { unitId, role, active, q } = input(ctx, 'query', contactListQuery);

    const filter: mongoose.QueryFilter<typeof Contact.schema.obj> = {};
    if (unitId !== undefined) filter['$or'] = [{ unitIds: unitId }, { leaderOfUnitIds: unitId }];
    if (role !== undefined) filter['role'] = role;
    if (active !== undefined) filter['active'] = active === 'true';
    if (q !== undefined && q !== '') {
      const pattern = new RegExp(literal(q), 'i');
      filter['$and'] = [{ $or: [{ name: pattern }, { userId: pattern }] }];
    }
    const contacts = await Contact.find(filter).sort({ active: -1, role: 1, userId: 1 }).lean();
    const units = await Unit.find({}, { name: 1 }).lean();
    const unitNames = new Map(units.map((unit) => [unit._id.toString(), unit.name]));
    const body: ContactView[] = contacts.map((contact) => presentContact(contact, unitNames));
    ctx.body = body;
  });

  router.post('/contacts', validate('body', createContactBody), async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'contact.create');
    const fields = input(ctx, 'body', createContactBody);

    const id = await createContact({ fields, actor: actorOf(ctx, viewer) });
    ctx.status = 201;
    ctx.body = await presentContactById(id);
  });

  router.put('/contacts/:id', validate('params', contactParams), validate('body', updateContactBody), async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'contact.edit');
    const id = new mongoose.Types.ObjectId(input(ctx, 'params', contactParams).id);
    const fields = input(ctx, 'body', updateContactBody);

    await updateContact({ id, fields, actor: actorOf(ctx, viewer) });
    ctx.body = await presentContactById(id);
  });

  router.post('/contacts/:id/deactivate', validate('params', contactParams), async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'contact.deactivate');
    const id = new mongoose.Types.ObjectId(input(ctx, 'params', contactParams).id);

    await deactivateContact({ id, actor: actorOf(ctx, viewer) });
    ctx.body = await presentContactById(id);
  });

  router.post('/contacts/:id/reactivate', validate('params', contactParams), async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'contact.deactivate');
    const id = new mongoose.Types.ObjectId(input(ctx, 'params', contactParams).id);

    await reactivateContact({ id, actor: actorOf(ctx, viewer) });
    ctx.body = await presentContactById(id);
  });

  // A POST although it writes nothing: it calls DingTalk on the bureau's behalf, which a GET
  // that a link or a prefetch could trigger should not.
  router.post('/contacts/sync/preview', async (ctx) => {
    authorize(ctx.state.viewer, 'contact.sync');
    const body: SyncPlan = await readDingTalk(ctx, () => planContactSync(deps.dingtalkDirectory));
    ctx.body = body;
  });

  router.post('/contacts/sync', validate('body', syncApplyBody), async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'contact.sync');
    const { previewId } = input(ctx, 'body', syncApplyBody);

    const body: SyncPlan = await readDingTalk(ctx, () => syncContacts({ directory: deps.dingtalkDirectory, previewId, actor: actorOf(ctx, viewer) }));
    ctx.body = body;
  });

  return router;
}
