// Turns an audit event's before and after values into rows of changed fields that a person reads.
import { stageLabels, type Stage } from '../../../../server/reports/stage-names.ts';

/** Chinese names of the fields that audit events store; a field missing here shows its own name. */
const fieldLabels: Record<string, string> = {
  state: '状态',
  status: '状态',
  version: '版本',
  reason: '退回原因',
  title: '标题',
  projects: '项目数',
  findings: '核对发现',
  changedSeqs: '变化的序号',
  workNotifications: '工作通知数',
  items: '材料清单',
  kind: '类型',
  note: '备注',
  cron: '时间表',
  enabled: '启用',
  workingDaysOnly: '仅工作日',
  params: '参数',
  date: '日期',
  base: '起算',
  workingDays: '工作日数',
  name: '文件名',
  contentType: '文件类型',
  size: '大小（字节）',
  item: '证明材料',
  projectId: '项目编号',
  stage: '阶段',
  evidence: '材料',
  contact: '联系人',
  channel: '确认方式',
  confirmedAt: '确认时间',
  previousProject: '往年项目',
  fields: '报送内容',
  common: '进度',
  paidToDate: '累计支付（分）',
  progressPercent: '完成比例（%）',
  risks: '风险',
  method: '采购方式',
  signInWith: '登录方式',
  refusal: '拒绝原因',
  linkedProjects: '关联往年项目数',
  announcementDate: '公告日期',
  resultDate: '结果日期',
  supplier: '供应商',
  winningAmount: '中标金额（分）',
  contractNo: '合同编号',
  signedDate: '签订日期',
  counterparty: '合同相对方',
  amount: '金额（分）',
  filedDate: '备案日期',
};

/** Chinese words of the values a few fields take. */
const valueLabels: Record<string, string> = {
  submitted: '已提交',
  returned: '已退回',
  accepted: '已通过',
  draft: '草稿',
  published: '已发布',
  pending: '待发送',
  holiday: '休息日',
  workday: '工作日',
};

export interface FieldChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Flattens nested objects into dotted paths, e.g. fields.supplier. */
function flatten(value: unknown, prefix = '', into = new Map<string, unknown>()): Map<string, unknown> {
  if (isRecord(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix === '' ? key : `${prefix}.${key}`, into);
  } else if (prefix !== '') {
    into.set(prefix, value);
  }
  return into;
}

function labelOf(path: string): string {
  return path
    .split('.')
    .map((part) => fieldLabels[part] ?? part)
    .join(' · ');
}

function formatValue(path: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return '（无）';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value)) return value.length === 0 ? '（无）' : value.map((each) => formatValue(path, each)).join('、');
  if (typeof value === 'string') {
    if (path.endsWith('stage') && value in stageLabels) return stageLabels[value as Stage];
    return valueLabels[value] ?? value;
  }
  if (isRecord(value)) return JSON.stringify(value);
  return String(value);
}

/** Lists the fields whose value differs between before and after, in the order they first appear. */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const old = flatten(before);
  const next = flatten(after);
  const paths = [...new Set([...old.keys(), ...next.keys()])];
  return paths
    .map((path) => ({ field: path, label: labelOf(path), before: formatValue(path, old.get(path)), after: formatValue(path, next.get(path)) }))
    .filter((change) => change.before !== change.after);
}
