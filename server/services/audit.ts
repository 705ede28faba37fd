import type { ClientSession } from 'mongoose';
import { AuditEvent } from '../models/audit-event.ts';

export interface Actor {
  userId: string;
  name: string;
  /** Client address of the request, empty for the command line and scheduled work. */
  address: string;
}

export const systemActor: Actor = { userId: 'system', name: '系统', address: '' };

export interface AuditEntry {
  action: string;
  targetKind: string;
  targetId: string;
  before?: unknown;
  after?: unknown;
}

/** Writes one audit event inside the caller's transaction. */
export async function recordAudit(session: ClientSession, actor: Actor, entry: AuditEntry, at = new Date()): Promise<void> {
  await AuditEvent.create(
    [
      {
        actorUserId: actor.userId,
        actorName: actor.name,
        address: actor.address,
        action: entry.action,
        targetKind: entry.targetKind,
        targetId: entry.targetId,
        before: entry.before ?? null,
        after: entry.after ?? null,
        at,
      },
    ],
    { session },
  );
}
