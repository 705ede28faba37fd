import { model, Schema, type InferSchemaType } from 'mongoose';

export const calendarDayKinds = ['workday', 'holiday'] as const;

const calendarDaySchema = new Schema(
  {
    /** Beijing date, YYYY-MM-DD. */
    date: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    /** The bureau's decision for that day, overriding the published national calendar. */
    kind: { type: String, enum: calendarDayKinds, required: true },
    note: { type: String, default: '', maxlength: 100 },
  },
  { timestamps: true },
);

// Serves the working-day check of one date and listing a year.
calendarDaySchema.index({ date: 1 }, { unique: true });

export type CalendarDayRecord = InferSchemaType<typeof calendarDaySchema>;
export const CalendarDay = model('CalendarDay', calendarDaySchema);
