import { model, Schema, type InferSchemaType } from 'mongoose';

const scheduleSettingSchema = new Schema(
  {
    /** The scheduled task this configures, e.g. "confirmation-reminders". */
    name: { type: String, required: true },
    /** Five-field cron expression in Beijing time. */
    cron: { type: String, required: true },
    /** Skips slots that fall on rest days of the working-day calendar. */
    workingDaysOnly: { type: Boolean, default: true },
    enabled: { type: Boolean, default: true },
    /** Task-specific settings, such as how many reminders come before an escalation. */
    params: { type: Schema.Types.Mixed, default: {} },
  },
  { timestamps: true, minimize: false },
);

scheduleSettingSchema.index({ name: 1 }, { unique: true });

export const ScheduleSetting = model('ScheduleSetting', scheduleSettingSchema);
export type ScheduleSettingRecord = InferSchemaType<typeof scheduleSettingSchema>;

export const scheduleRunStates = ['running', 'done', 'failed', 'skipped', 'missed'] as const;

const scheduleRunSchema = new Schema(
  {
    /** `name@slot`: inserting it claims the slot, so each slot runs once across instances. */
    _id: { type: String, required: true },
    name: { type: String, required: true },
    slot: { type: Date, required: true },
    state: { type: String, enum: scheduleRunStates, required: true },
    holder: { type: String, default: '' },
    startedAt: { type: Date, default: null },
    finishedAt: { type: Date, default: null },
    result: { type: Schema.Types.Mixed, default: null },
    error: { type: String, default: '' },
  },
  { versionKey: false },
);

// Serves the bureau's view of recent runs of one task.
scheduleRunSchema.index({ name: 1, slot: -1 });

export const ScheduleRun = model('ScheduleRun', scheduleRunSchema);
export type ScheduleRunRecord = InferSchemaType<typeof scheduleRunSchema>;
