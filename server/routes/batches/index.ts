import Router from '@koa/router';
import mongoose, { type Types } from 'mongoose';
import { Batch } from '../../models/batch.ts';
import { Confirmation } from '../../models/confirmation.ts';
import { Project } from '../../models/project.ts';
import { Unit } from '../../models/unit.ts';
import { authorize, projectScope } from '../../policies/index.ts';
import { presentBatch, presentFindings, presentProject } from '../../presenters/batch.ts';
import type {
  BatchDetailResponse,
  BatchListItem,
  ConfirmResponse,
  MyBatchResponse,
  PublishResponse,
} from '../../presenters/responses.ts';
import { confirmationStatus } from '../../queries/confirmation-status.ts';
import { deliveryStatus } from '../../queries/delivery-status.ts';
import { reminderHistory } from '../../queries/reminder-history.ts';
import { publishBatch } from '../../services/publish-batch.ts';
import { confirmBatch } from '../../services/confirm-batch.ts';
import { forbidden, notFound } from '../../errors.ts';
import { input, validate } from '../../validate.ts';
import { actorOf } from '../actor.ts';
import type { RouteDeps } from '../deps.ts';
import { batchParams } from './schema.ts';

async function loadBatch(id: string) {
  const batch = await Batch.findById(id).lean();
  if (batch === null) throw notFound('找不到该批次');
  return batch;
}

async function unitNamesOf(projects: Array<{ unitIds: Types.ObjectId[] }>): Promise<Map<string, string>> {
  const ids = [...new Set(projects.flatMap((project) => project.unitIds.map(String)))];
  const units = await Unit.find({ _id: { $in: ids } }).lean();
  return new Map(units.map((unit) => [unit._id.toString(), unit.name]));
}

export function batchesRouter(deps: RouteDeps): Router {
  const router = new Router({ prefix: '/api/batches' });

  router.get('/', async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'batch.list');

    // A contact sees only published batches that hold projects of their units.
    const scope = projectScope(viewer);
    const counts = await Project.aggregate<{ _id: Types.ObjectId; count: number }>([
      { $match: scope },
      { $group: { _id: '$batchId', count: { $sum: 1 } } },
    ]);
    const countOf = new Map(counts.map((row) => [row._id.toString(), row.count]));
    const filter = viewer.role === 'contact' ? { _id: { $in: counts.map((row) => row._id) }, status: 'published' as const } : {};
    const batches = await Batch.find(filter).sort({ issuedAt: -1, docNo: -1 }).lean();

    const confirmed = await Confirmation.find({ contactId: viewer.contactId }, { batchId: 1, confirmedAt: 1 }).lean();
    const confirmedAt = new Map(confirmed.map((c) => [c.batchId.toString(), c.confirmedAt.toISOString()]));
    const body: BatchListItem[] = batches.map((batch) => ({
      ...presentBatch(batch, countOf.get(batch._id.toString()) ?? 0),
      myConfirmedAt: confirmedAt.get(batch._id.toString()) ?? null,
    }));
    ctx.body = body;
  });

  router.get('/:id', validate('params', batchParams), async (ctx) => {
    authorize(ctx.state.viewer, 'batch.read');
    const batch = await loadBatch(input(ctx, 'params', batchParams).id);

    const projects = await Project.find({ batchId: batch._id }).sort({ seq: 1 }).lean();
    const unitNames = await unitNamesOf(projects);
    const body: BatchDetailResponse = {
      batch: presentBatch(batch, projects.length),
      projects: projects.map((project) => presentProject(project, unitNames)),
      findings: presentFindings(batch),
    };
    ctx.body = body;
  });

  router.get('/:id/mine', validate('params', batchParams), async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'batch.readOwn');
    const batch = await loadBatch(input(ctx, 'params', batchParams).id);
    if (batch.status !== 'published' && viewer.role === 'contact') throw notFound('找不到该批次');

    const projects = await Project.find({ batchId: batch._id, unitIds: { $in: viewer.unitIds } }).sort({ seq: 1 }).lean();
    if (projects.length === 0) throw forbidden('本批次没有您单位的项目');
    const unitNames = await unitNamesOf(projects);
    const confirmation = await Confirmation.findOne({ batchId: batch._id, contactId: viewer.contactId }).lean();
    const body: MyBatchResponse = {
      batch: presentBatch(batch, projects.length),
      projects: projects.map((project) => presentProject(project, unitNames)),
      confirmedAt: confirmation?.confirmedAt.toISOString() ?? null,
    };
    ctx.body = body;
  });

  router.get('/:id/confirmations', validate('params', batchParams), async (ctx) => {
    authorize(ctx.state.viewer, 'batch.confirmations');
    const batch = await loadBatch(input(ctx, 'params', batchParams).id);
    ctx.body = await confirmationStatus(batch._id);
  });

  router.get('/:id/delivery', validate('params', batchParams), async (ctx) => {
    authorize(ctx.state.viewer, 'batch.delivery');
    const batch = await loadBatch(input(ctx, 'params', batchParams).id);

    await deps.refreshDelivery(batch._id);
    ctx.body = await deliveryStatus(batch._id);
  });

  router.get('/:id/reminders', validate('params', batchParams), async (ctx) => {
    authorize(ctx.state.viewer, 'batch.delivery');
    const batch = await loadBatch(input(ctx, 'params', batchParams).id);
    ctx.body = await reminderHistory(batch._id);
  });

  router.post('/:id/publish', validate('params', batchParams), async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'batch.publish');
    const batchId = new mongoose.Types.ObjectId(input(ctx, 'params', batchParams).id);

    const result = await publishBatch({ batchId, actor: actorOf(ctx, viewer), appUrl: deps.appUrl });
    deps.outboxChanged();
    const body: PublishResponse = {
      batch: presentBatch(await loadBatch(batchId.toString()), await Project.countDocuments({ batchId })),
      ...result,
    };
    ctx.body = body;
  });

  router.post('/:id/confirm', validate('params', batchParams), async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'batch.confirm');
    const batchId = new mongoose.Types.ObjectId(input(ctx, 'params', batchParams).id);

    const result = await confirmBatch({ batchId, viewer, actor: actorOf(ctx, viewer), channel: 'miniapp' });
    const body: ConfirmResponse = { confirmedAt: result.confirmedAt.toISOString(), alreadyConfirmed: result.alreadyConfirmed };
    ctx.body = body;
  });

  return router;
}
