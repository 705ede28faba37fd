import { z } from 'zod';
import { auditActions } from '../../presenters/audit-labels.ts';
import { objectId } from '../../validate.ts';

/** A calendar day, YYYY-MM-DD, that exists. */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD')
  .refine((value) => new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), '不是有效的日期');

export const auditListQuery = z
  .object({
    /** One project, as its page links to the trail. */
    projectId: objectId.optional(),
    /** Part of a project's name; matches the events of every project whose name contains it. */
    project: z.string().trim().min(1).max(100, '项目名称不能超过 100 字').optional(),
    /** DingTalk userid of the person who acted, or "system". */
    actor: z.string().trim().min(1).max(64).optional(),
    action: z.enum(auditActions, { error: '无法识别的操作类型' }).optional(),
    /** First and last day of the range, both included, in Beijing time. */
    from: day.optional(),
    to: day.optional(),
    /** `nextCursor` of the previous page. */
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(30),
  })
  .refine((query) => query.from === undefined || query.to === undefined || query.from <= query.to, {
    message: '开始日期不能晚于结束日期',
    path: ['from'],
  });

export type AuditListQuery = z.infer<typeof auditListQuery>;
