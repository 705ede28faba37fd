import { model, Schema, type InferSchemaType } from 'mongoose';

export const confirmationChannels = ['miniapp', 'bot'] as const;

const confirmationSchema = new Schema(
  {
    batchId: { type: Schema.Types.ObjectId, ref: 'Batch', required: true },
    contactId: { type: Schema.Types.ObjectId, ref: 'Contact', required: true },
    /** The contact's units at the time of confirming, so a later roster change keeps history. */
    unitIds: { type: [Schema.Types.ObjectId], ref: 'Unit', required: true },
    confirmedAt: { type: Date, required: true },
    channel: { type: String, enum: confirmationChannels, required: true },
  },
  { timestamps: true },
);

// Serves "has this contact confirmed" and keeps one confirmation per contact per batch.
confirmationSchema.index({ batchId: 1, contactId: 1 }, { unique: true });

export type ConfirmationRecord = InferSchemaType<typeof confirmationSchema>;
export const Confirmation = model('Confirmation', confirmationSchema);
