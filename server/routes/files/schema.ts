import { z } from 'zod';
import { limits } from '../../reports/stages.ts';
import { objectId } from '../../validate.ts';

export const projectParams = z.object({ id: objectId });
export const fileParams = z.object({ id: objectId });
export const downloadQuery = z.object({ preview: z.enum(['0', '1']).optional() });

/** The text parts of an upload besides the file itself. */
export const uploadFields = z.object({
  item: z.string().trim().max(limits.shortText, `材料类别不能超过 ${limits.shortText} 字`).default(''),
});
