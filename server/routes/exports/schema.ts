import { z } from 'zod';

const optionalText = (label: string, max: number) => z.string().trim().max(max, `${label}不能超过 ${max} 字`).optional();

/**
 * The text parts of an import form besides the file. Each batch field overrides the notice's
 * header, and a workbook or TSV holding only the table needs all three; the importer checks them.
 */
export const previewFields = z.object({
  docNo: optionalText('文号', 50),
  title: optionalText('通知标题', 200),
  /** YYYY-MM-DD. */
  issuedAt: optionalText('印发日期', 20),
});

export const importFields = previewFields.extend({
  /** Lets the import change the plan of a published batch; a form sends a checkbox as "on". */
  updatePublished: z
    .enum(['true', 'false', '1', '0', 'on'], { error: 'updatePublished 应为 true 或 false' })
    .optional()
    .transform((value) => value === 'true' || value === '1' || value === 'on'),
});
