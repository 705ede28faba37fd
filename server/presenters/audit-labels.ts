// Chinese words for the actions of the audit trail, apart from the presenter so that the
// micro-app's filter can import them without bundling the server's models.

/** Every action the product records, with the words the trail shows for it. */
export const auditActionLabels = {
  'batch.import': '导入批次',
  'batch.reimport': '重新导入批次',
  'batch.publish': '发布批次',
  'batch.confirm': '确认收到',
  'report.submit': '提交报送',
  'report.resubmit': '修改报送',
  'report.accept': '审核通过',
  'report.return': '退回报送',
  'file.upload': '上传材料',
  'checklist.update': '修改材料清单',
  'outbox.resend': '重新发送消息',
  'schedule.update': '修改定时任务',
  'calendar.set': '设置工作日历',
  'calendar.unset': '取消工作日历设置',
  'due-rule.set': '设置报送期限',
  'project.link': '关联往年项目',
  'project.unlink': '取消关联往年项目',
  'contact.create': '新增联系人',
  'contact.update': '修改联系人',
  'contact.deactivate': '停用联系人',
  'contact.reactivate': '恢复联系人',
  'contact.sync': '同步钉钉通讯录',
  'contact.sync.create': '同步新增联系人',
  'contact.sync.update': '同步更新联系人',
  'contact.sync.deactivate': '同步停用联系人',
  'unit.linkDepartment': '关联钉钉部门',
  'session.signIn': '登录',
  'session.signOut': '退出登录',
  'session.signInRefused': '登录被拒绝',
} as const;

export type AuditAction = keyof typeof auditActionLabels;

export const auditActions = Object.keys(auditActionLabels) as [AuditAction, ...AuditAction[]];

/** Returns the Chinese words of an action, or the action's id for one this list lacks. */
export function auditActionLabel(action: string): string {
  return (auditActionLabels as Record<string, string>)[action] ?? action;
}
