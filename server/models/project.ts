import { model, Schema, type InferSchemaType } from 'mongoose';
import { stages } from '../reports/stage-names.ts';
import { investmentSchema, yearInvestmentSchema } from './money.ts';
import { reportStates } from './report.ts';

export const natures = ['new', 'upgrade', 'continuing'] as const;

const periodSchema = new Schema(
  { startYear: { type: Number, required: true }, endYear: { type: Number, required: true } },
  { _id: false },
);

const stageProgressSchema = new Schema(
  {
    state: { type: String, enum: ['none', ...reportStates], required: true, default: 'none' },
    at: { type: Date, default: null },
    reportedOn: { type: String, default: null },
  },
  { _id: false },
);

/** Summary of the project's reports, written by `refreshProjectProgress`; see server/reports/progress.ts. */
const progressSchema = new Schema(
  {
    stages: new Schema(Object.fromEntries(stages.map((stage) => [stage, { type: stageProgressSchema, default: () => ({}) }])), { _id: false }),
    contractAmount: { type: Number, default: null },
    paidToDate: { type: Number, default: null },
  },
  { _id: false },
);

const projectSchema = new Schema(
  {
    batchId: { type: Schema.Types.ObjectId, ref: 'Batch', required: true },
    /** 序号 in the batch's table. */
    seq: { type: Number, required: true },
    /** Owner units in table order; the first is the lead unit. */
    unitIds: { type: [Schema.Types.ObjectId], ref: 'Unit', required: true },
    name: { type: String, required: true },
    /** 建设内容; "涉密，略" for a classified project, and never sent out of the server. */
    scope: { type: String, default: '' },
    nature: { type: String, enum: natures, required: true },
    period: { type: periodSchema, required: true },
    classified: { type: Boolean, required: true, default: false },
    investment: { type: investmentSchema, required: true },
    yearInvestment: { type: yearInvestmentSchema, required: true },
    progress: { type: progressSchema, default: () => ({ stages: {} }) },
  },
  { timestamps: true },
);

// Serves re-import (upsert by 序号) and listing a batch's table in order.
projectSchema.index({ batchId: 1, seq: 1 }, { unique: true });
// Serves a contact's view: the projects of their units in a batch.
projectSchema.index({ unitIds: 1, batchId: 1 });
// Serves the dashboard's project matrix: newest batch first, each in table order.
projectSchema.index({ batchId: -1, seq: 1 });

export type ProjectRecord = InferSchemaType<typeof projectSchema>;
export const Project = model('Project', projectSchema);
