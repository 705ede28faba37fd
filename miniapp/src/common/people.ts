import type { Me, Role } from '../api/index.ts';
import { isBureau } from '../auth/AuthContext.tsx';

export const roleLabels: Record<Role, string> = {
  admin: '管理员',
  viewer: '只读',
  contact: '联系人',
};

/** Describes the person's units in one line: the bureau for its staff, otherwise the units they report for. */
export function describeUnits(me: Me): string {
  if (me.units.length > 0) return me.units.map((unit) => unit.name).join('、');
  return isBureau(me) ? '市大数据局' : '未分配单位';
}
