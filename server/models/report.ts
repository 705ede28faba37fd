import { model, Schema, type InferSchemaType } from 'mongoose';
import { stages } from '../reports/stages.ts';

export const reportStates = ['submitted', 'returned', 'accepted'] as const;
export type ReportState = (typeof reportStates)[number];
export const reviewDecisions = ['accept', 'return'] as const;

/** The bureau's decision on one version of a report. */
export const reviewSchema = new Schema(
  {
    decision: { type: String, enum: reviewDecisions, required: true },
    /** Required when returning; may be empty when accepting. */
    reason: { type: String, default: '' },
    byUserId: { type: String, required: true },
    byName: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { _id: false },
);

/** The person who submitted a version, as shown on the report. */
export const submitterSchema = new Schema(
  {
    contactId: { type: Schema.Types.ObjectId, ref: 'Contact', required: true },
    userId: { type: String, required: true },
    name: { type: String, required: true },
  },
  { _id: false },
);

const reportSchema = new Schema(
  {
    projectId: { type: Schema.Types.ObjectId, ref: 'Project', required: true },
    batchId: { type: Schema.Types.ObjectId, ref: 'Batch', required: true },
    stage: { type: String, enum: stages, required: true },
    /** The contact who created the report with its first version. */
    authorContactId: { type: Schema.Types.ObjectId, ref: 'Contact', required: true },
    /** The author's units among the project's owner units; contacts of these units may resubmit. */
    authorUnitIds: { type: [Schema.Types.ObjectId], ref: 'Unit', required: true },
    /** Client key of the request that created the report (a UUID). */
    idempotencyKey: { type: String, required: true },
    state: { type: String, enum: reportStates, required: true, default: 'submitted' },
    /** Number of the current version, from 1; every version is kept in ReportVersion. */
    version: { type: Number, required: true, default: 1 },
    /** Stage fields as validated by `stageFields[stage]`; amounts in 分. */
    fields: { type: Schema.Types.Mixed, required: true },
    /** Fields every stage carries, as validated by `commonFields`. */
    common: { type: Schema.Types.Mixed, required: true },
    evidenceFileIds: { type: [Schema.Types.ObjectId], default: [] },
    /** Submitter of the current version. */
    submittedBy: { type: submitterSchema, required: true },
    submittedAt: { type: Date, required: true },
    /** Review of the current version; null until the bureau reviews it. */
    review: { type: reviewSchema, default: null },
  },
  { timestamps: true },
);

// Serves idempotent creation: a retried POST with the same key finds the report it created,
// and two concurrent retries cannot both insert.
reportSchema.index({ authorContactId: 1, idempotencyKey: 1 }, { unique: true });
// Serves a project's page and its stage states: the reports of a project, newest first.
reportSchema.index({ projectId: 1, submittedAt: -1 });
// Serves the plan checks of a submission: the latest report of one stage of a project.
reportSchema.index({ projectId: 1, stage: 1, submittedAt: -1 });
// Serves the bureau's review list (GET /api/reports?state=submitted), oldest first.
reportSchema.index({ state: 1, submittedAt: 1 });

export type ReportRecord = InferSchemaType<typeof reportSchema>;
export const Report = model('Report', reportSchema);
