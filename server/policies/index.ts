import type { Types } from 'mongoose';
import { forbidden, unauthorized } from '../errors.ts';
import type { Viewer } from '../auth/viewer.ts';
import type { Role } from '../models/contact.ts';

/** Every action a route may perform, and the roles allowed to perform it. */
const rules = {
  'batch.list': ['admin', 'viewer', 'contact'],
  'batch.read': ['admin', 'viewer'],
  'batch.import': ['admin'],
  'batch.importPreview': ['admin'],
  'batch.export': ['admin', 'viewer'],
  'batch.publish': ['admin'],
  'batch.confirmations': ['admin', 'viewer'],
  'batch.readOwn': ['contact', 'admin'],
  'batch.confirm': ['contact'],
  'project.read': ['admin', 'viewer', 'contact'],
  'file.upload': ['contact'],
  'file.read': ['admin', 'viewer', 'contact'],
  'report.submit': ['contact'],
  'report.resubmit': ['contact'],
  'report.read': ['admin', 'viewer', 'contact'],
  'report.list': ['admin'],
  'report.review': ['admin'],
  'checklist.read': ['admin', 'viewer', 'contact'],
  'checklist.edit': ['admin'],
  'batch.delivery': ['admin', 'viewer'],
  'outbox.list': ['admin'],
  'outbox.resend': ['admin'],
  'settings.read': ['admin', 'viewer'],
  'settings.edit': ['admin'],
  'dashboard.read': ['admin', 'viewer'],
  // The trail contains every report's content and every person's actions, so it stays with the admins
  // who answer for the data; leaders (viewers) follow outcomes on the batch pages.
  'audit.read': ['admin'],
  'project.history': ['admin', 'viewer', 'contact'],
  'project.link': ['admin'],
  'contact.list': ['admin'],
  'contact.create': ['admin'],
  'contact.edit': ['admin'],
  'contact.deactivate': ['admin'],
  'contact.sync': ['admin'],
  'unit.list': ['admin', 'viewer'],
  // Report details of a classified project: dates and amounts are kept from viewers, who see such a project only as its plan row.
  'report.readClassified': ['admin', 'contact'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof rules;

/** Fields of a record that the record-level rules read. */
export interface PolicyRecord {
  /** Units of the contact who created a report. */
  authorUnitIds?: Types.ObjectId[];
}

const sharesUnit = (viewer: Viewer, unitIds: Types.ObjectId[] | undefined): boolean =>
  (unitIds ?? []).some((unitId) => viewer.unitIds.some((own) => own.equals(unitId)));

/** Rules on the record itself, checked after the role; each returns the refusal, or undefined to allow. */
const recordRules: Partial<Record<Action, (viewer: Viewer, record: PolicyRecord) => string | undefined>> = {
  // Another unit sharing the project reads the report but does not rewrite it.
  'report.resubmit': (viewer, report) => (sharesUnit(viewer, report.authorUnitIds) ? undefined : '只有报送单位的联系人可以修改该报送'),
};

/**
 * Throws 401 without a viewer and 403 when the viewer's role may not perform the action, or,
 * given the record it applies to, when a rule of that record refuses it.
 */
export function authorize(viewer: Viewer | undefined, action: Action, record?: PolicyRecord): Viewer {
  if (viewer === undefined) throw unauthorized();
  const allowed: readonly Role[] = rules[action];
  if (!allowed.includes(viewer.role)) throw forbidden();

  const recordRule = recordRules[action];
  if (recordRule !== undefined) {
    if (record === undefined) throw new Error(`authorize(${action}) needs the record`);
    const refusal = recordRule(viewer, record);
    if (refusal !== undefined) throw forbidden(refusal);
  }
  return viewer;
}

/** Returns whether the viewer's role may perform the action; for choosing what to show, where `authorize` would refuse. */
export function permits(viewer: Viewer, action: Action): boolean {
  const allowed: readonly Role[] = rules[action];
  return allowed.includes(viewer.role);
}

/**
 * The project filter every project query of a viewer starts from: a unit contact sees only
 * projects of their own units, the bureau sees all.
 */
export function projectScope(viewer: Viewer): { unitIds?: { $in: Types.ObjectId[] } } {
  return viewer.role === 'contact' ? { unitIds: { $in: viewer.unitIds } } : {};
}
