import { model, Schema, type InferSchemaType } from 'mongoose';

const sessionSchema = new Schema(
  {
    /** Random token carried in the signed cookie. */
    token: { type: String, required: true },
    contactId: { type: Schema.Types.ObjectId, ref: 'Contact', required: true },
    lastSeenAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);

sessionSchema.index({ token: 1 }, { unique: true });
// Lets MongoDB delete sessions past their absolute expiry.
sessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export type SessionRecord = InferSchemaType<typeof sessionSchema>;
export const Session = model('Session', sessionSchema);
