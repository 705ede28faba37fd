import { model, Schema, type InferSchemaType } from 'mongoose';
import { stages } from '../reports/stages.ts';

/** Starting points of a stage's due date: the batch's publication or another stage's report. */
export const dueBases = ['published', ...stages] as const;

const stageDueRuleSchema = new Schema(
  {
    stage: { type: String, enum: stages, required: true },
    /** A fixed due date, YYYY-MM-DD; when set, `base` and `workingDays` are ignored. */
    date: { type: String, default: null, match: /^\d{4}-\d{2}-\d{2}$/ },
    base: { type: String, enum: dueBases, default: 'published' },
    /** Working days after the base event. */
    workingDays: { type: Number, default: null, min: 0, max: 1000 },
  },
  { timestamps: true },
);

stageDueRuleSchema.index({ stage: 1 }, { unique: true });

export type StageDueRuleRecord = InferSchemaType<typeof stageDueRuleSchema>;
export const StageDueRule = model('StageDueRule', stageDueRuleSchema);
