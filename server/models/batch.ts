import { model, Schema, type InferSchemaType } from 'mongoose';

export const batchStatuses = ['draft', 'published'] as const;

const findingSchema = new Schema(
  {
    kind: { type: String, required: true },
    row: { type: String, required: true },
    column: { type: String, required: true },
    printed: { type: Number, required: true },
    computed: { type: Number, required: true },
    difference: { type: Number, required: true },
    message: { type: String, required: true },
  },
  { _id: false },
);

const batchSchema = new Schema(
  {
    /** 文号 exactly as printed, with the official brackets 〔〕. */
    docNo: { type: String, required: true, trim: true },
    title: { type: String, required: true, trim: true },
    /** Date of issue, YYYY-MM-DD in Beijing time. */
    issuedAt: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    year: { type: Number, required: true },
    issuers: { type: [String], default: [] },
    status: { type: String, enum: batchStatuses, required: true, default: 'draft' },
    publishedAt: { type: Date, default: null },
    findings: { type: [findingSchema], default: [] },
    importedAt: { type: Date, required: true },
  },
  { timestamps: true },
);

// Serves re-import: the same 文号 updates the batch in place.
batchSchema.index({ docNo: 1 }, { unique: true });

export type BatchRecord = InferSchemaType<typeof batchSchema>;
export const Batch = model('Batch', batchSchema);
