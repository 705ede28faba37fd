import { model, Schema, type InferSchemaType } from 'mongoose';

const auditEventSchema = new Schema(
  {
    /** DingTalk userid of the person, or "system" for imports and scheduled work. */
    actorUserId: { type: String, required: true },
    actorName: { type: String, required: true },
    action: { type: String, required: true },
    targetKind: { type: String, required: true },
    targetId: { type: String, required: true },
    /** The project the change belongs to (its own change, a report or an evidence file of it), else null. */
    projectId: { type: Schema.Types.ObjectId, ref: 'Project', default: null },
    before: { type: Schema.Types.Mixed, default: null },
    after: { type: Schema.Types.Mixed, default: null },
    at: { type: Date, required: true },
    address: { type: String, default: '' },
  },
  { versionKey: false },
);

// Serves the history of one record, newest first.
auditEventSchema.index({ targetKind: 1, targetId: 1, at: -1 });
// Serves the console's trail, newest first, whole or within a date range; _id orders events of the same instant.
auditEventSchema.index({ at: -1, _id: -1 });
// Serve the console's trail filtered by project, by person or by action.
auditEventSchema.index({ projectId: 1, at: -1, _id: -1 });
auditEventSchema.index({ actorUserId: 1, at: -1, _id: -1 });
auditEventSchema.index({ action: 1, at: -1, _id: -1 });

/** An attempt to change or remove a recorded audit event. */
export class AuditTrailImmutableError extends Error {
  override readonly name = 'AuditTrailImmutableError';

  constructor(operation: string) {
    super(`audit events are append-only: ${operation} rejected`);
  }
}

// The trail is append-only: every mongoose path that changes or removes stored events fails. Raw
// driver calls on the collection bypass these hooks, so no product code makes them.
const changingQueries = ['updateOne', 'updateMany', 'replaceOne', 'findOneAndUpdate', 'findOneAndReplace', 'deleteOne', 'deleteMany', 'findOneAndDelete'] as const;
for (const operation of changingQueries) {
  auditEventSchema.pre(operation, { document: false, query: true }, () => {
    throw new AuditTrailImmutableError(operation);
  });
}
auditEventSchema.pre(['updateOne', 'deleteOne'], { document: true, query: false }, () => {
  throw new AuditTrailImmutableError('document update or delete');
});
auditEventSchema.pre('save', function rejectChangedEvent() {
  if (!this.isNew) throw new AuditTrailImmutableError('save of a stored event');
});
auditEventSchema.pre('bulkWrite', () => {
  throw new AuditTrailImmutableError('bulkWrite');
});

export type AuditEventRecord = InferSchemaType<typeof auditEventSchema>;
export const AuditEvent = model('AuditEvent', auditEventSchema);
