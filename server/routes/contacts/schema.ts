import { z } from 'zod';
import { contactFields, contactLimits, newContactFields, roleSchema } from '../../contacts/fields.ts';
import { objectId } from '../../validate.ts';

export const contactParams = z.object({ id: objectId });

export const contactListQuery = z.object({
  unitId: objectId.optional(),
  role: roleSchema.optional(),
  /** `true` lists active contacts, `false` deactivated ones; without it, both. */
  active: z.enum(['true', 'false'], 'active 应为 true 或 false').optional(),
  q: z.string().trim().max(contactLimits.search, `搜索词最多 ${contactLimits.search} 个字`).optional(),
});

export const createContactBody = newContactFields;
export const updateContactBody = contactFields;

export const syncApplyBody = z.object({
  /** The fingerprint of the preview the bureau saw, so the sync applies exactly that. */
  previewId: z.string().regex(/^[0-9a-f]{64}$/, '预览编号无效，请重新预览'),
});
