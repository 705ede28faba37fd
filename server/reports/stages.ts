// The six implementation stages a unit reports on, with the fields each needs. Shared by the
// server (validation) and the micro-app (forms), so both reject the same input with the same
// Chinese message. Only zod is imported here, so the micro-app can bundle it.
import { z } from 'zod';

export { stageLabels, stages, type Stage } from './stage-names.ts';
import { stages, type Stage } from './stage-names.ts';

export const procurementMethods = ['公开招标', '邀请招标', '竞争性谈判', '竞争性磋商', '单一来源', '询价', '框架协议', '其他'] as const;
export const acceptanceKinds = ['初验', '终验'] as const;
export const acceptanceConclusions = ['通过', '有条件通过', '不通过'] as const;
export const operationStatuses = ['试运行', '正式运行', '暂停运行', '已下线'] as const;
export const evaluationGrades = ['优', '良', '中', '差'] as const;

/** Limits shared by forms and server. */
export const limits = {
  shortText: 100,
  longText: 2000,
  /** A return reason is read on a phone, so it stays short. */
  reviewReason: 500,
  /** Largest amount a report may state, 100 亿元 in 分, far above any municipal IT project. */
  maxFen: 10_000_000_000 * 100,
  /** Largest evidence file, 20 MB. */
  evidenceFileBytes: 20 * 1024 * 1024,
  /** Most evidence files one report may list. */
  evidencePerReport: 50,
} as const;

/** True when a YYYY-MM-DD string names a day that exists, so 2022-02-30 is rejected. */
function isCalendarDate(value: string): boolean {
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const parsed = new Date(Date.UTC(year, month - 1, day));
  return parsed.getUTCFullYear() === year && parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === day;
}

export const dateSchema = z
  .string({ error: '请填写日期' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine(isCalendarDate, '日期不存在，请检查年月日');
const fen = z
  .number({ error: '请输入金额' })
  .int('金额最多两位小数')
  .min(0, '金额不能为负数')
  .max(limits.maxFen, '金额过大');
const shortText = (label: string) => z.string().trim().min(1, `请填写${label}`).max(limits.shortText, `${label}不能超过 ${limits.shortText} 字`);
const longText = (label: string) => z.string().trim().max(limits.longText, `${label}不能超过 ${limits.longText} 字`);
/** Needed only when an amount exceeds the project's total investment; checked in `planChecks`. */
const explanation = longText('超概算说明').optional();

/** Fields every report carries whatever its stage. */
export const commonFields = z.object({
  /** 资金支付: money paid to date, in 分. */
  paidToDate: fen,
  progressPercent: z.number().int('进度应为整数').min(0, '进度不能小于 0').max(100, '进度不能大于 100'),
  risks: longText('风险和问题').default(''),
  note: longText('其他说明').default(''),
});

export const stageFields = {
  procurement: z.object({
    method: z.enum(procurementMethods, { error: '请选择采购方式' }),
    announcementDate: dateSchema,
    resultDate: dateSchema,
    supplier: shortText('中标供应商'),
    winningAmount: fen,
    overBudgetExplanation: explanation,
  }),
  contractFiling: z.object({
    contractNo: shortText('合同编号'),
    signedDate: dateSchema,
    counterparty: shortText('合同相对方'),
    amount: fen,
    filedDate: dateSchema,
    overBudgetExplanation: explanation,
  }),
  supervision: z.object({
    supervisor: shortText('监理单位'),
    contractAmount: fen,
    startDate: dateSchema,
  }),
  acceptance: z.object({
    kind: z.enum(acceptanceKinds, { error: '请选择初验或终验' }),
    date: dateSchema,
    conclusion: z.enum(acceptanceConclusions, { error: '请选择验收结论' }),
    remarks: longText('验收意见').default(''),
  }),
  operation: z.object({
    goLiveDate: dateSchema,
    status: z.enum(operationStatuses, { error: '请选择运行状态' }),
    usage: longText('用户数或使用量').default(''),
  }),
  selfEvaluation: z.object({
    score: z.number().min(0, '自评分不能小于 0').max(100, '自评分不能大于 100'),
    grade: z.enum(evaluationGrades, { error: '请选择自评等级' }),
    keyResults: longText('主要成效').default(''),
    problems: longText('存在问题').default(''),
  }),
} satisfies Record<Stage, z.ZodObject>;

export type StageFields = { [S in Stage]: z.infer<(typeof stageFields)[S]> };

/**
 * Field names a classified (涉密) project may report: dates, choices and numbers only, because
 * names, free text and files could reveal what the project builds.
 */
export const classifiedAllowedFields: { [S in Stage]: ReadonlyArray<keyof StageFields[S]> } = {
  procurement: ['method', 'announcementDate', 'resultDate', 'winningAmount'],
  contractFiling: ['signedDate', 'amount', 'filedDate'],
  supervision: ['contractAmount', 'startDate'],
  acceptance: ['kind', 'date', 'conclusion'],
  operation: ['goLiveDate', 'status'],
  selfEvaluation: ['score', 'grade'],
};

/** Chinese labels of the stage fields, for forms and for messages naming a field. */
export const stageFieldLabels: { [S in Stage]: Record<keyof StageFields[S], string> } = {
  procurement: {
    method: '采购方式',
    announcementDate: '公告日期',
    resultDate: '中标日期',
    supplier: '中标供应商',
    winningAmount: '中标金额',
    overBudgetExplanation: '超概算说明',
  },
  contractFiling: {
    contractNo: '合同编号',
    signedDate: '合同签订日期',
    counterparty: '合同相对方',
    amount: '合同金额',
    filedDate: '备案日期',
    overBudgetExplanation: '超概算说明',
  },
  supervision: { supervisor: '监理单位', contractAmount: '监理合同金额', startDate: '监理开始日期' },
  acceptance: { kind: '验收类型', date: '验收日期', conclusion: '验收结论', remarks: '验收意见' },
  operation: { goLiveDate: '上线日期', status: '运行状态', usage: '用户数或使用量' },
  selfEvaluation: { score: '自评分', grade: '自评等级', keyResults: '主要成效', problems: '存在问题' },
};

export const commonFieldLabels: Record<keyof z.infer<typeof commonFields>, string> = {
  paidToDate: '已支付金额',
  progressPercent: '总体进度',
  risks: '风险和问题',
  note: '其他说明',
};

/** Common fields a classified project may fill: numbers only, because free text could reveal its content. */
export const classifiedAllowedCommonFields: ReadonlyArray<keyof z.infer<typeof commonFields>> = ['paidToDate', 'progressPercent'];

/** Default evidence checklist per stage; the bureau can edit it. */
export const defaultEvidenceChecklist: Record<Stage, string[]> = {
  procurement: ['采购公告', '中标（成交）通知书'],
  contractFiling: ['合同文本（签字盖章页）'],
  supervision: ['监理合同'],
  acceptance: ['验收报告', '项目建设总结', '财务报告', '审计报告', '安全测评报告', '密码应用安全性评估报告'],
  operation: ['上线运行证明'],
  selfEvaluation: ['绩效自评报告'],
};

/** What the plan and earlier reports say, for checks across fields and reports. */
export interface PlanContext {
  /** The project's 总投资额 in 分. */
  investmentTotal: number;
  /** Latest contract amount reported under 合同备案, in 分. */
  contractAmount?: number;
  /** Latest dates reported in other stages, YYYY-MM-DD. */
  procurementResultDate?: string;
  contractSignedDate?: string;
  /**
   * True for a classified (涉密) project. Its reports carry no free text, so an amount above the
   * total investment cannot be explained in the form and is accepted without the explanation.
   */
  classified?: boolean;
}

export interface PlanCheckIssue {
  field: string;
  message: string;
}

/**
 * Checks a report against the plan and the project's other reports: dates in order, amounts
 * above the total investment explained, money paid not above the contract. The form runs it
 * while typing and the server before saving.
 */
export function planChecks<S extends Stage>(
  stage: S,
  fields: StageFields[S],
  common: z.infer<typeof commonFields>,
  plan: PlanContext,
): PlanCheckIssue[] {
  const issues: PlanCheckIssue[] = [];
  const overBudget = (amount: number, field: string, label: string, explanationText: string | undefined) => {
    if (plan.classified === true) return;
    if (amount > plan.investmentTotal && (explanationText ?? '').trim() === '') {
      issues.push({ field, message: `${label}超过项目总投资，请在“超概算说明”中说明原因` });
    }
  };

  if (stage === 'procurement') {
    const f = fields as StageFields['procurement'];
    if (f.resultDate < f.announcementDate) issues.push({ field: 'resultDate', message: '中标日期不能早于公告日期' });
    overBudget(f.winningAmount, 'overBudgetExplanation', '中标金额', f.overBudgetExplanation);
  }
  if (stage === 'contractFiling') {
    const f = fields as StageFields['contractFiling'];
    if (f.filedDate < f.signedDate) issues.push({ field: 'filedDate', message: '备案日期不能早于合同签订日期' });
    if (plan.procurementResultDate !== undefined && f.signedDate < plan.procurementResultDate) {
      issues.push({ field: 'signedDate', message: `合同签订日期不能早于中标日期（${plan.procurementResultDate}）` });
    }
    overBudget(f.amount, 'overBudgetExplanation', '合同金额', f.overBudgetExplanation);
  }
  if (stage === 'supervision') {
    const f = fields as StageFields['supervision'];
    if (plan.procurementResultDate !== undefined && f.startDate < plan.procurementResultDate) {
      // Supervision may start before the main contract is signed, but not before the tender result.
      issues.push({ field: 'startDate', message: `监理开始日期不能早于中标日期（${plan.procurementResultDate}）` });
    }
  }
  if (stage === 'acceptance') {
    const f = fields as StageFields['acceptance'];
    if (plan.contractSignedDate === undefined) {
      issues.push({ field: 'date', message: '尚未报送合同备案，不能报送验收' });
    } else if (f.date < plan.contractSignedDate) {
      issues.push({ field: 'date', message: `验收日期不能早于合同签订日期（${plan.contractSignedDate}）` });
    }
  }

  const contractAmount = stage === 'contractFiling' ? (fields as StageFields['contractFiling']).amount : plan.contractAmount;
  if (contractAmount !== undefined && common.paidToDate > contractAmount) {
    issues.push({ field: 'paidToDate', message: '已支付金额不能超过合同金额' });
  }
  return issues;
}
