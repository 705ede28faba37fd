import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { dueBases } from '../../models/stage-due-rule.ts';
import { dateSchema, stages } from '../../reports/stages.ts';


export const scheduleParams = z.object({ name: z.string().min(1).max(64) });
export const scheduleBody = z.object({
  cron: z
    .string()
    .trim()
    .refine((value) => value.split(/\s+/).length === 5, '请填写 5 段的 cron 表达式，例如 30 9 * * *')
    .refine((value) => {
      try {
        CronExpressionParser.parse(value, { tz: 'Asia/Shanghai' });
        return true;
      } catch {
        return false;
      }
    }, 'cron 表达式无效'),
  enabled: z.boolean(),
  workingDaysOnly: z.boolean(),
  params: z.record(z.string().max(64), z.union([z.number(), z.string().max(200), z.boolean()])).default({}),
});

export const calendarQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
export const calendarParams = z.object({ date: dateSchema });
export const calendarBody = z.object({ kind: z.enum(['workday', 'holiday']), note: z.string().trim().max(100).default('') });

export const dueRuleParams = z.object({ stage: z.enum(stages) });
export const dueRuleBody = z.union([
  z.object({ date: dateSchema }),
  z.object({ base: z.enum(dueBases), workingDays: z.number().int().min(0, '工作日数不能为负').max(1000) }),
]);
