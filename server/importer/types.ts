import { z } from 'zod';

/** 建设性质: 新建 → new, 新建（升级） → upgrade, 历年 → continuing. */
export const natures = ['new', 'upgrade', 'continuing'] as const;

/** Identifiers of the six amount columns of the plan table, in table order. */
export const amountColumns = [
  'investment.total',
  'investment.special',
  'investment.other',
  'yearInvestment.total',
  'yearInvestment.special',
  'yearInvestment.other',
] as const;

/**
 * Kinds of disagreement in the table. A row-sum is a row whose total is not the sum of its fund
 * sources. A year-exceeds-total is a row whose year share exceeds its investment. A subtotal or total
 * is a printed 小计 or 合计 that differs from the sum of its rows.
 */
export const findingKinds = ['row-sum', 'year-exceeds-total', 'subtotal', 'total'] as const;

/** An amount of money as an integer number of 分 (fen). */
const fenSchema = z.number().int().nonnegative();

const projectSchema = z.object({
  /** 序号 in the table. */
  seq: z.number().int().positive(),
  /** Canonical owner unit names in table order; the first is the lead unit. */
  units: z.array(z.string().min(1)).min(1),
  name: z.string().min(1),
  /** 建设内容; "涉密，略" for a classified project. */
  scope: z.string(),
  nature: z.enum(natures),
  period: z.object({ startYear: z.number().int(), endYear: z.number().int() }),
  classified: z.boolean(),
  investment: z.object({ total: fenSchema, special: fenSchema, other: fenSchema }),
  yearInvestment: z.object({ year: z.number().int(), total: fenSchema, special: fenSchema, other: fenSchema }),
});

const findingSchema = z.object({
  kind: z.enum(findingKinds),
  /** 序号 of a project row, or the label of a printed row such as 历年项目小计. */
  row: z.string().min(1),
  column: z.enum(amountColumns),
  /** Amounts in 分; difference = printed − computed. */
  printed: z.number().int(),
  computed: z.number().int(),
  difference: z.number().int(),
  message: z.string().min(1),
});

/** The importer's output: the batch and projects of one notice, and the sums in its table that do not add up. */
export const parsedNoticeSchema = z.object({
  batch: z.object({
    /** 文号 as printed, with the official brackets 〔〕. */
    docNo: z.string().min(1),
    title: z.string().min(1),
    /** Date of issue, YYYY-MM-DD. */
    issuedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    /** Year of the table's "2022年投资额" column. */
    year: z.number().int(),
    issuers: z.array(z.string()),
  }),
  projects: z.array(projectSchema),
  findings: z.array(findingSchema),
});

export type ParsedNotice = z.infer<typeof parsedNoticeSchema>;
export type NoticeBatch = ParsedNotice['batch'];
export type NoticeProject = z.infer<typeof projectSchema>;
export type Finding = z.infer<typeof findingSchema>;
export type Nature = (typeof natures)[number];
export type AmountColumn = (typeof amountColumns)[number];
export type FindingKind = (typeof findingKinds)[number];

/** Batch fields given by the caller. Each one overrides the value in the notice's header. */
export interface ParseOptions {
  docNo?: string;
  title?: string;
  /** YYYY-MM-DD. */
  issuedAt?: string;
}
