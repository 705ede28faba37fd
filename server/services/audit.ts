import type { AuditAction } from '../presenters/audit-labels.ts';
import type { ClientSession, Types } from 'mongoose';
import { AuditEvent } from '../models/audit-event.ts';

export interface Actor {
  userId: string;
  name: string;
  /** Client address of the request, empty for the command line and scheduled work. */
  address: string;
}

export const systemActor: Actor = { userId: 'system', name: '系统', address: '' };

export interface AuditEntry {
  /** One of the actions the trail has words for, so a new action cannot reach the trail unnamed. */
  action: AuditAction;
  targetKind: string;
  targetId: string;
  /** The project the change belongs to, so the trail can be filtered by project. */
  projectId?: Types.ObjectId | null;
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
        projectId: entry.projectId ?? null,
        before: entry.before ?? null,
        after: entry.after ?? null,
        at,
      },
    ],
    { session },
  );
}
