import { model, Schema, type InferSchemaType } from 'mongoose';

const auditEventSchema = new Schema(
  {
    /** DingTalk userid of the person, or "system" for imports and scheduled work. */
    actorUserId: { type: String, required: true },
    actorName: { type: String, required: true },
    action: { type: String, required: true },
    targetKind: { type: String, required: true },
    targetId: { type: String, required: true },
    before: { type: Schema.Types.Mixed, default: null },
    after: { type: Schema.Types.Mixed, default: null },
    at: { type: Date, required: true },
    address: { type: String, default: '' },
  },
  { versionKey: false },
);

// Serves the history of one record, newest first.
auditEventSchema.index({ targetKind: 1, targetId: 1, at: -1 });

export type AuditEventRecord = InferSchemaType<typeof auditEventSchema>;
export const AuditEvent = model('AuditEvent', auditEventSchema);
