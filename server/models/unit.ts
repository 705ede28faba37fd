import { model, Schema, type InferSchemaType } from 'mongoose';

const unitSchema = new Schema(
  {
    /** Canonical name as the bureau writes it, e.g. 市大数据管理中心. */
    name: { type: String, required: true, trim: true, maxlength: 100 },
    /** Other spellings seen in tables (大数据管理中心). */
    aliases: { type: [String], default: [] },
    /** The unit's DingTalk department, recorded by the first contact sync that matched it by name. */
    dingtalkDeptId: { type: Number, default: null },
  },
  { timestamps: true },
);

// Serves lookups by name when importing a table and loading the roster.
unitSchema.index({ name: 1 }, { unique: true });
// Serves the contact sync: which unit a DingTalk department belongs to. One department serves one unit.
unitSchema.index({ dingtalkDeptId: 1 }, { unique: true, partialFilterExpression: { dingtalkDeptId: { $type: 'number' } } });

export type UnitRecord = InferSchemaType<typeof unitSchema>;
export const Unit = model('Unit', unitSchema);
