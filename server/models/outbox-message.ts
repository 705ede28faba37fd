import { model, Schema, type InferSchemaType } from 'mongoose';

export const outboxKinds = ['group', 'work-notification', 'reply'] as const;
export const outboxStates = ['pending', 'sending', 'sent', 'failed'] as const;

const outboxMessageSchema = new Schema(
  {
    /** Unique per message owed, so a retried cause never queues a second copy. */
    dedupeKey: { type: String, required: true },
    kind: { type: String, enum: outboxKinds, required: true },
    batchId: { type: Schema.Types.ObjectId, ref: 'Batch', default: null },
    /** For a reply: the conversation's sessionWebhook and when DingTalk stops accepting it. */
    webhookUrl: { type: String, default: '' },
    webhookExpiresAt: { type: Date, default: null },
    /** DingTalk userids for a work notification; empty for a group post. */
    userIds: { type: [String], default: [] },
    /** The DingTalk message body exactly as it will be sent. */
    body: { type: Schema.Types.Mixed, required: true },
    state: { type: String, enum: outboxStates, required: true, default: 'pending' },
    attempts: { type: Number, default: 0 },
    /** Earliest time of the next attempt; later than now after a retryable failure. */
    nextAttemptAt: { type: Date, default: () => new Date() },
    /** Time of the latest attempt; DingTalk's per-minute limits count attempts. */
    attemptedAt: { type: Date, default: null },
    lastError: { type: String, default: '' },
    taskId: { type: String, default: '' },
    /** From DingTalk's send result of a work notification: who opened it, and who did not get it. */
    readUserIds: { type: [String], default: [] },
    undeliveredUserIds: { type: [String], default: [] },
    deliveryCheckedAt: { type: Date, default: null },
    sentAt: { type: Date, default: null },
  },
  { timestamps: true },
);

outboxMessageSchema.index({ dedupeKey: 1 }, { unique: true });
// Serves the dispatcher: due pending messages, oldest first.
outboxMessageSchema.index({ state: 1, nextAttemptAt: 1, createdAt: 1 });
// Serves the per-minute rate windows: attempts of one kind in the last minute.
outboxMessageSchema.index({ kind: 1, attemptedAt: 1 });

export type OutboxMessageRecord = InferSchemaType<typeof outboxMessageSchema>;
export const OutboxMessage = model('OutboxMessage', outboxMessageSchema);
