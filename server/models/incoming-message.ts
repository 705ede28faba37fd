import { model, Schema, type InferSchemaType } from 'mongoose';

const incomingMessageSchema = new Schema(
  {
    /** DingTalk's id of the message; a second delivery of the same id is a replay. */
    msgId: { type: String, required: true },
    senderStaffId: { type: String, default: '' },
    conversationType: { type: String, default: '' },
    text: { type: String, default: '' },
    command: { type: String, default: '' },
    receivedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

incomingMessageSchema.index({ msgId: 1 }, { unique: true });

export type IncomingMessageRecord = InferSchemaType<typeof incomingMessageSchema>;
export const IncomingMessage = model('IncomingMessage', incomingMessageSchema);
