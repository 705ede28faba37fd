// Applies a contact sync from DingTalk's departments, after the bureau saw its preview.
import mongoose from 'mongoose';
import { planContactSync, type DepartmentDirectory, type SyncPlan } from '../contacts/sync-plan.ts';
import { conflict } from '../errors.ts';
import { logger } from '../log.ts';
import { Contact } from '../models/contact.ts';
import { Unit } from '../models/unit.ts';
import { contactSnapshot } from '../presenters/contact.ts';
import { recordAudit, type Actor } from './audit.ts';
import { withdrawContact } from './set-contact-active.ts';

const log = logger('app');

/**
 * Plans the sync again and applies it in one transaction, with an audit event per changed unit
 * and contact and one for the whole sync. Throws 409 when DingTalk's departments changed since
 * the preview `previewId` was shown, so the bureau never applies changes it did not see.
 */
export async function syncContacts({ directory, previewId, actor }: { directory: DepartmentDirectory; previewId: string; actor: Actor }): Promise<SyncPlan> {
  const plan = await planContactSync(directory);
  if (plan.previewId !== previewId) throw conflict('钉钉通讯录或联系人名单在预览之后有变化，请重新预览，确认后再同步');

  await mongoose.connection.transaction(async (session) => {
    for (const link of plan.links.filter((candidate) => candidate.newlyLinked)) {
      await Unit.updateOne({ _id: link.unitId }, { $set: { dingtalkDeptId: link.deptId } }, { session });
      await recordAudit(session, actor, {
        action: 'unit.linkDepartment',
        targetKind: 'Unit',
        targetId: link.unitId,
        before: { dingtalkDeptId: null },
        after: { dingtalkDeptId: link.deptId, department: link.department },
      });
    }

    for (const addition of plan.added) {
      const [created] = await Contact.create([{ ...addition, role: 'contact', active: true }], { session });
      await recordAudit(session, actor, { action: 'contact.sync.create', targetKind: 'Contact', targetId: addition.userId, after: contactSnapshot(created!) });
    }

    for (const update of plan.updated) {
      const contact = await Contact.findById(update.contactId).session(session);
      if (contact === null) throw conflict('联系人在同步过程中被删除，请重新预览');
      const before = contactSnapshot(contact);
      contact.set(update.after);
      await contact.save({ session });
      await recordAudit(session, actor, { action: 'contact.sync.update', targetKind: 'Contact', targetId: update.userId, before, after: contactSnapshot(contact) });
    }

    for (const deactivation of plan.deactivated) {
      const contact = await Contact.findById(deactivation.contactId).session(session);
      if (contact === null) throw conflict('联系人在同步过程中被删除，请重新预览');
      const before = contactSnapshot(contact);
      contact.active = false;
      await contact.save({ session });
      await withdrawContact(contact.userId, contact._id, session);
      await recordAudit(session, actor, {
        action: 'contact.sync.deactivate',
        targetKind: 'Contact',
        targetId: deactivation.userId,
        before,
        after: { ...contactSnapshot(contact), leftUnitIds: deactivation.leftUnitIds },
      });
    }

    await recordAudit(session, actor, {
      action: 'contact.sync',
      targetKind: 'ContactRoster',
      targetId: 'dingtalk',
      after: {
        previewId,
        linked: plan.links.filter((link) => link.newlyLinked).length,
        added: plan.added.length,
        updated: plan.updated.length,
        deactivated: plan.deactivated.length,
        unmatchedDepartments: plan.unmatchedDepartments.length,
      },
    });
  });
  log.info(
    { user: actor.userId, added: plan.added.length, updated: plan.updated.length, deactivated: plan.deactivated.length, unmatched: plan.unmatchedDepartments.length },
    'contacts synced from DingTalk',
  );
  return plan;
}
