import { model, Schema, type InferSchemaType } from 'mongoose';
import { stages } from '../reports/stages.ts';

/**
 * The bureau's edited evidence checklist of one stage. A stage without a document uses
 * `defaultEvidenceChecklist` from stages.ts.
 */
const evidenceChecklistSchema = new Schema(
  {
    stage: { type: String, enum: stages, required: true },
    items: { type: [String], default: [] },
    updatedByUserId: { type: String, required: true },
  },
  { timestamps: true },
);

// Serves reading and replacing the checklist of one stage; one document per stage.
evidenceChecklistSchema.index({ stage: 1 }, { unique: true });

export type EvidenceChecklistRecord = InferSchemaType<typeof evidenceChecklistSchema>;
export const EvidenceChecklist = model('EvidenceChecklist', evidenceChecklistSchema);
