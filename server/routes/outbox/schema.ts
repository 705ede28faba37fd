import { z } from 'zod';
import { objectId } from '../../validate.ts';

export const outboxParams = z.object({ id: objectId });
export const outboxListQuery = z.object({
  state: z.enum(['pending', 'sent', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
