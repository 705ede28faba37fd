import { z } from 'zod';
import { reportStates, reviewDecisions } from '../../models/report.ts';
import { limits, stages } from '../../reports/stages.ts';
import { objectId } from '../../validate.ts';

export const projectParams = z.object({ id: objectId });
export const reportParams = z.object({ id: objectId });

/**
 * The envelope of a new report or a resubmission. `fields` and `common` are checked against the
 * stage's schema later, once the project is known, because a classified project allows fewer fields.
 */
export const reportBody = z.object({
  idempotencyKey: z.guid('idempotencyKey 应为客户端生成的 UUID'),
  stage: z.enum(stages, { error: '请选择报送阶段' }),
  fields: z.record(z.string(), z.unknown(), { error: '缺少报送内容' }),
  common: z.record(z.string(), z.unknown(), { error: '缺少资金支付和进度' }),
  evidence: z.array(objectId).max(limits.evidencePerReport, `每次报送最多附 ${limits.evidencePerReport} 个文件`).default([]),
});

export type ReportBody = z.input<typeof reportBody>;

export const reportListQuery = z.object({ state: z.enum(reportStates, { error: '审核状态无效' }).optional() });

export const reviewBody = z
  .object({
    decision: z.enum(reviewDecisions, { error: '请选择通过或退回' }),
    reason: z.string().trim().max(limits.reviewReason, `审核意见不能超过 ${limits.reviewReason} 字`).default(''),
    /** The version the reviewer read; a newer one must be read before it is decided on. */
    version: z.number({ error: '缺少所审核的版本号' }).int().min(1),
  })
  .refine((review) => review.decision === 'accept' || review.reason !== '', { message: '退回时请填写退回理由', path: ['reason'] });
