// Rules of a contact's fields, shared by the bureau's contact form and the server, so both refuse
// the same input with the same Chinese message.
import { z } from 'zod';
import { roles } from './roles.ts';

export const contactLimits = { name: 50, title: 50, userId: 64, units: 50, search: 50 } as const;

/** DingTalk userids are letters, digits and a few separators, so anything else is a typing error. */
export const userIdSchema = z
  .string()
  .trim()
  .min(1, '请填写钉钉用户 ID')
  .max(contactLimits.userId, `钉钉用户 ID 最多 ${contactLimits.userId} 个字符`)
  .regex(/^[A-Za-z0-9_.@-]+$/, '钉钉用户 ID 只能包含字母、数字和 _ . @ -');

export const contactNameSchema = z.string().trim().min(1, '请填写姓名').max(contactLimits.name, `姓名最多 ${contactLimits.name} 个字`);

/** A mainland mobile number, or empty when DingTalk does not share it. */
export const mobileSchema = z
  .string()
  .trim()
  .regex(/^(1\d{10})?$/, '手机号应为以 1 开头的 11 位数字，或留空');

export const titleSchema = z.string().trim().max(contactLimits.title, `职务最多 ${contactLimits.title} 个字`);

export const roleSchema = z.enum(roles, '角色应为管理员、联系人或查看');

const unitIdList = (label: string) =>
  z
    .array(z.string().regex(/^[0-9a-f]{24}$/, '不是有效的单位编号'), `${label}应为单位编号的列表`)
    .max(contactLimits.units, `${label}最多 ${contactLimits.units} 个`)
    .refine((ids) => new Set(ids).size === ids.length, `${label}中有重复的单位`);

/** The editable fields of a contact. The userid is fixed once the contact exists. */
export const contactFields = z
  .object({
    name: contactNameSchema,
    mobile: mobileSchema.default(''),
    title: titleSchema.default(''),
    role: roleSchema,
    unitIds: unitIdList('所属单位').default([]),
    leaderOfUnitIds: unitIdList('分管单位').default([]),
  })
  .superRefine((contact, context) => {
    // Only unit contacts report for units; the bureau's staff and leaders reach every project through their role.
    if (contact.role !== 'contact' && contact.unitIds.length > 0) {
      context.addIssue({ code: 'custom', path: ['unitIds'], message: '管理员和查看角色不属于建设单位，请清空所属单位或把角色改为联系人' });
    }
    if (contact.role === 'contact' && contact.unitIds.length === 0 && contact.leaderOfUnitIds.length === 0) {
      context.addIssue({ code: 'custom', path: ['unitIds'], message: '联系人至少要属于一个单位，或分管一个单位' });
    }
  });

export const newContactFields = z.intersection(z.object({ userId: userIdSchema }), contactFields);

export type ContactFields = z.infer<typeof contactFields>;
export type NewContactFields = z.infer<typeof newContactFields>;
