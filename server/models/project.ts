import { model, Schema, type InferSchemaType } from 'mongoose';
import { stages } from '../reports/stage-names.ts';
import { investmentSchema, yearInvestmentSchema } from './money.ts';
import { reportStates } from './report.ts';

export const natures = ['new', 'upgrade', 'continuing'] as const;

/** Who linked a project to the entry it continues: nobody, the import's name match, or an admin by hand. */
export const linkSources = ['none', 'import', 'manual'] as const;

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
    /** The name as carried-over projects are matched across batches; see `projectNameKey`. */
    nameKey: { type: String, default: null },
    /** The same project's entry in an earlier batch, for a carried-over (历年) project. */
    previousProjectId: { type: Schema.Types.ObjectId, ref: 'Project', default: null },
    /** Id shared by every entry of one project across batches: the first entry's id. Null reads as the project's own id. */
    lineageId: { type: Schema.Types.ObjectId, default: null },
    /** An admin's link or unlink ('manual') is kept when the batch is imported again. */
    linkSource: { type: String, enum: linkSources, default: 'none' },
  },
  { timestamps: true },
);

// Serves re-import (upsert by 序号) and listing a batch's table in order.
projectSchema.index({ batchId: 1, seq: 1 }, { unique: true });
// Serves a contact's view: the projects of their units in a batch.
projectSchema.index({ unitIds: 1, batchId: 1 });
// Serves the dashboard's project matrix: newest batch first, each in table order.
projectSchema.index({ batchId: -1, seq: 1 });
// Serves matching a carried-over project with its earlier entries at import.
projectSchema.index({ nameKey: 1 });
// Serves a project's history (its chain) and relabelling the entries that continue a project.
projectSchema.index({ lineageId: 1 });
projectSchema.index({ previousProjectId: 1 });

export type ProjectRecord = InferSchemaType<typeof projectSchema>;
export const Project = model('Project', projectSchema);
