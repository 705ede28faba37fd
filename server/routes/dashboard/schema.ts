import { z } from 'zod';
import { natures } from '../../models/project.ts';
import { dashboardStates } from '../../queries/dashboard/filter.ts';
import { stages } from '../../reports/stage-names.ts';
import { objectId } from '../../validate.ts';

export const dashboardQuery = z.object({
  batchId: objectId.optional(),
  unitId: objectId.optional(),
  nature: z.enum(natures).optional(),
  stage: z.enum(stages).optional(),
  state: z.enum(dashboardStates).optional(),
  q: z.string().trim().max(50, '搜索词不能超过 50 字').optional(),
});

export const matrixQuery = dashboardQuery.extend({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
