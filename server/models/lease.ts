import { model, Schema, type InferSchemaType } from 'mongoose';

const leaseSchema = new Schema(
  {
    /** Name of the guarded work, e.g. "outbox-dispatcher" or a schedule's time slot. */
    _id: { type: String, required: true },
    holder: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export type LeaseRecord = InferSchemaType<typeof leaseSchema>;
export const Lease = model('Lease', leaseSchema);
