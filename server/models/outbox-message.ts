import { model, Schema, type InferSchemaType } from 'mongoose';

export const outboxKinds = ['group', 'work-notification'] as const;
export const outboxStates = ['pending', 'sent', 'failed'] as const;

const outboxMessageSchema = new Schema(
  {
    /** Unique per message owed, so a retried cause never queues a second copy. */
    dedupeKey: { type: String, required: true },
    kind: { type: String, enum: outboxKinds, required: true },
    batchId: { type: Schema.Types.ObjectId, ref: 'Batch', default: null },
    /** DingTalk userids for a work notification; empty for a group post. */
    userIds: { type: [String], default: [] },
    /** The DingTalk message body exactly as it will be sent. */
    body: { type: Schema.Types.Mixed, required: true },
    state: { type: String, enum: outboxStates, required: true, default: 'pending' },
    attempts: { type: Number, default: 0 },
    lastError: { type: String, default: '' },
    taskId: { type: String, default: '' },
    sentAt: { type: Date, default: null },
  },
  { timestamps: true },
);

outboxMessageSchema.index({ dedupeKey: 1 }, { unique: true });
// Serves the dispatcher: oldest pending messages first.
outboxMessageSchema.index({ state: 1, createdAt: 1 });

export type OutboxMessageRecord = InferSchemaType<typeof outboxMessageSchema>;
export const OutboxMessage = model('OutboxMessage', outboxMessageSchema);
