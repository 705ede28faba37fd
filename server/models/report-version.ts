import { model, Schema, type InferSchemaType } from 'mongoose';
import { stages } from '../reports/stages.ts';
import { reviewSchema, submitterSchema } from './report.ts';

/** One submitted version of a report, kept unchanged except for the review it received. */
const reportVersionSchema = new Schema(
  {
    reportId: { type: Schema.Types.ObjectId, ref: 'Report', required: true },
    projectId: { type: Schema.Types.ObjectId, ref: 'Project', required: true },
    stage: { type: String, enum: stages, required: true },
    version: { type: Number, required: true },
    fields: { type: Schema.Types.Mixed, required: true },
    common: { type: Schema.Types.Mixed, required: true },
    evidenceFileIds: { type: [Schema.Types.ObjectId], default: [] },
    submittedBy: { type: submitterSchema, required: true },
    submittedAt: { type: Date, required: true },
    /** Client key of the request that submitted this version (POST or PUT). */
    idempotencyKey: { type: String, required: true },
    review: { type: reviewSchema, default: null },
  },
  { versionKey: false },
);

// Serves GET /api/reports/:id/versions in order, and keeps one document per version number.
reportVersionSchema.index({ reportId: 1, version: 1 }, { unique: true });
// Serves idempotent resubmission: a retried PUT with the same key finds the version it wrote.
reportVersionSchema.index({ 'submittedBy.contactId': 1, idempotencyKey: 1 }, { unique: true });

export type ReportVersionRecord = InferSchemaType<typeof reportVersionSchema>;
export const ReportVersion = model('ReportVersion', reportVersionSchema);
