import { model, Schema, type InferSchemaType } from 'mongoose';

import { roles } from '../contacts/roles.ts';

export { roles, type Role } from '../contacts/roles.ts';

const contactSchema = new Schema(
  {
    /** DingTalk userid within the organisation. */
    userId: { type: String, required: true, trim: true, maxlength: 64 },
    name: { type: String, required: true, trim: true, maxlength: 50 },
    mobile: { type: String, trim: true, maxlength: 20, default: '' },
    title: { type: String, trim: true, maxlength: 50, default: '' },
    role: { type: String, enum: roles, required: true, default: 'contact' },
    /** Units this person reports for; a person may serve several. */
    unitIds: { type: [Schema.Types.ObjectId], ref: 'Unit', default: [] },
    /** Units this person leads; escalations about their contacts go to this person. */
    leaderOfUnitIds: { type: [Schema.Types.ObjectId], ref: 'Unit', default: [] },
    active: { type: Boolean, default: true },
  },
  { timestamps: true },
);

// Serves login: DingTalk's auth code exchange yields a userid.
contactSchema.index({ userId: 1 }, { unique: true });
// Serves "who reports for this unit" when publishing a batch.
contactSchema.index({ unitIds: 1 });
// Serves escalation: the leaders of a unit.
contactSchema.index({ leaderOfUnitIds: 1 });

export type ContactRecord = InferSchemaType<typeof contactSchema>;
export const Contact = model('Contact', contactSchema);
