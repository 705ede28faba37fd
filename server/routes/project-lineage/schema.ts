import { z } from 'zod';
import { objectId } from '../../validate.ts';

export const lineageParams = z.object({ id: objectId });

export const previousProjectBody = z.object({
  /** The same project's entry in an earlier batch. */
  previousProjectId: objectId,
});

export const linkCandidatesQuery = z.object({
  /** Part of the earlier project's name; without it, the lead unit's earlier projects are listed. */
  q: z.string().trim().min(1).max(100, '搜索内容不能超过 100 字').optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
