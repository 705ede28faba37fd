import Router from '@koa/router';
import { authorize } from '../../policies/index.ts';
import type { EvidenceChecklistResponse } from '../../presenters/responses.ts';
import { loadEvidenceChecklist } from '../../reports/checklist.ts';
import { updateEvidenceChecklist } from '../../services/update-evidence-checklist.ts';
import { input, validate } from '../../validate.ts';
import { actorOf } from '../actor.ts';
import { checklistBody, checklistParams } from './schema.ts';

export function evidenceChecklistRouter(): Router {
  const router = new Router({ prefix: '/api/evidence-checklist' });

  router.get('/', async (ctx) => {
    authorize(ctx.state.viewer, 'checklist.read');
    const body: EvidenceChecklistResponse = await loadEvidenceChecklist();
    ctx.body = body;
  });

  router.put('/:stage', validate('params', checklistParams), validate('body', checklistBody), async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'checklist.edit');
    const { stage } = input(ctx, 'params', checklistParams);
    const { items } = input(ctx, 'body', checklistBody);

    await updateEvidenceChecklist({ stage, items, actor: actorOf(ctx, viewer) });
    const body: EvidenceChecklistResponse = await loadEvidenceChecklist();
    ctx.body = body;
  });

  return router;
}
