// The six stages and their Chinese names, apart from the zod schemas in stages.ts so that pages
// of the micro-app can import them without bundling zod.

/** The six implementation stages, in the order a project goes through them. */
export const stages = ['procurement', 'contractFiling', 'supervision', 'acceptance', 'operation', 'selfEvaluation'] as const;
export type Stage = (typeof stages)[number];

export const stageLabels: Record<Stage, string> = {
  procurement: '招标采购',
  contractFiling: '合同备案',
  supervision: '监理',
  acceptance: '验收',
  operation: '运营',
  selfEvaluation: '绩效自评',
};
