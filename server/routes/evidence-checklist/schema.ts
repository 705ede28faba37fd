import { z } from 'zod';
import { limits, stages } from '../../reports/stages.ts';

/** Most items one stage's checklist may have. */
const maxItems = 30;

export const checklistParams = z.object({ stage: z.enum(stages, { error: '没有这个报送阶段' }) });

export const checklistBody = z.object({
  items: z
    .array(z.string().trim().min(1, '材料名称不能为空').max(limits.shortText, `材料名称不能超过 ${limits.shortText} 字`))
    .max(maxItems, `每个阶段最多 ${maxItems} 项材料`)
    .refine((items) => new Set(items).size === items.length, '材料名称不能重复'),
});
