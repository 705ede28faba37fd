// The audit trail, read-only: no route creates, changes or removes an event, because only the
// services that make a change record it, inside the change's own transaction.
import Router from '@koa/router';
import { authorize } from '../../policies/index.ts';
import { presentAuditEvents } from '../../presenters/audit.ts';
import type { AuditActorView, AuditEventsResponse } from '../../presenters/responses.ts';
import { listAuditActors, listAuditEvents } from '../../queries/audit-trail.ts';
import { input, validate } from '../../validate.ts';
import { auditListQuery } from './schema.ts';

export function auditRouter(): Router {
  const router = new Router({ prefix: '/api/audit-events' });

  router.get('/', validate('query', auditListQuery), async (ctx) => {
    authorize(ctx.state.viewer, 'audit.read');
    const page = await listAuditEvents(input(ctx, 'query', auditListQuery));

    const body: AuditEventsResponse = { events: await presentAuditEvents(page.events), nextCursor: page.nextCursor };
    ctx.body = body;
  });

  router.get('/actors', async (ctx) => {
    authorize(ctx.state.viewer, 'audit.read');
    const body: AuditActorView[] = await listAuditActors();
    ctx.body = body;
  });

  return router;
}
