import type { Types } from 'mongoose';
import { forbidden, unauthorized } from '../errors.ts';
import type { Viewer } from '../auth/viewer.ts';
import type { Role } from '../models/contact.ts';

/** Every action a route may perform, and the roles allowed to perform it. */
const rules = {
  'batch.list': ['admin', 'viewer', 'contact'],
  'batch.read': ['admin', 'viewer'],
  'batch.import': ['admin'],
  'batch.publish': ['admin'],
  'batch.confirmations': ['admin', 'viewer'],
  'batch.readOwn': ['contact', 'admin'],
  'batch.confirm': ['contact'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof rules;

/** Throws 401 without a viewer and 403 when the viewer's role may not perform the action. */
export function authorize(viewer: Viewer | undefined, action: Action): Viewer {
  if (viewer === undefined) throw unauthorized();
  const allowed: readonly Role[] = rules[action];
  if (!allowed.includes(viewer.role)) throw forbidden();
  return viewer;
}

/**
 * The project filter every project query of a viewer starts from: a unit contact sees only
 * projects of their own units, the bureau sees all.
 */
export function projectScope(viewer: Viewer): { unitIds?: { $in: Types.ObjectId[] } } {
  return viewer.role === 'contact' ? { unitIds: { $in: viewer.unitIds } } : {};
}
