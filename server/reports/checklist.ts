import type { ClientSession } from 'mongoose';
import { EvidenceChecklist } from '../models/evidence-checklist.ts';
import { defaultEvidenceChecklist, stages, type Stage } from './stages.ts';

export type Checklist = Record<Stage, string[]>;

/** Returns the evidence checklist of every stage: the bureau's edit where there is one, else the default. */
export async function loadEvidenceChecklist(session?: ClientSession): Promise<Checklist> {
  const edited = await EvidenceChecklist.find({}).session(session ?? null).lean();
  const itemsOf = new Map(edited.map((checklist) => [checklist.stage, checklist.items]));
  return Object.fromEntries(stages.map((stage) => [stage, [...(itemsOf.get(stage) ?? defaultEvidenceChecklist[stage])]])) as Checklist;
}
