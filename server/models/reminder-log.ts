import { model, Schema, type InferSchemaType } from 'mongoose';

export const reminderSteps = ['reminder', 'leader', 'group'] as const;

const reminderLogSchema = new Schema(
  {
    batchId: { type: Schema.Types.ObjectId, ref: 'Batch', required: true },
    /** The contact who owes the confirmation. */
    contactId: { type: Schema.Types.ObjectId, ref: 'Contact', required: true },
    /** Reminder to the contact, escalation to the unit's leader, or escalation to the bureau group. */
    step: { type: String, enum: reminderSteps, required: true },
    /** Recipient of the message: the contact's or leader's userid, or "group" for the group robot. */
    recipient: { type: String, required: true },
    slot: { type: Date, required: true },
  },
  { timestamps: true },
);

// Serves the escalation ladder: the steps already taken for one contact and batch.
reminderLogSchema.index({ batchId: 1, contactId: 1, step: 1 });

export type ReminderLogRecord = InferSchemaType<typeof reminderLogSchema>;
export const ReminderLog = model('ReminderLog', reminderLogSchema);
