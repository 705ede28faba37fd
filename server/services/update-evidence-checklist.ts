import mongoose from 'mongoose';
import { EvidenceChecklist } from '../models/evidence-checklist.ts';
import { loadEvidenceChecklist } from '../reports/checklist.ts';
import type { Stage } from '../reports/stages.ts';
import { recordAudit, type Actor } from './audit.ts';

export interface UpdateEvidenceChecklistProps {
  stage: Stage;
  items: string[];
  actor: Actor;
}

/**
 * Replaces the evidence checklist of one stage. Reports keep their files; their missing
 * evidence is computed against the new list from now on.
 */
export async function updateEvidenceChecklist({ stage, items, actor }: UpdateEvidenceChecklistProps): Promise<void> {
  await mongoose.connection.transaction(async (session) => {
    const before = (await loadEvidenceChecklist(session))[stage];
    await EvidenceChecklist.updateOne(
      { stage },
      { $set: { items, updatedByUserId: actor.userId } },
      { upsert: true, session },
    );
    await recordAudit(session, actor, {
      action: 'checklist.update',
      targetKind: 'EvidenceChecklist',
      targetId: stage,
      before: { items: before },
      after: { items },
    });
  });
}
