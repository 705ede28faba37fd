import type { Context } from 'koa';
import type { Viewer } from '../auth/viewer.ts';
import type { Actor } from '../services/audit.ts';

export function actorOf(ctx: Context, viewer: Viewer): Actor {
  return { userId: viewer.userId, name: viewer.name, address: ctx.ip };
}
