import { formatWanyuan } from './money.ts';
import type { NoticeProject, ParsedNotice } from './types.ts';

/** Formats the short Chinese summary that the import command prints: batch, project counts, totals and findings. */
export function formatSummary({ batch, projects, findings }: ParsedNotice): string {
  const count = (predicate: (project: NoticeProject) => boolean): number => projects.filter(predicate).length;
  const sum = (amount: (project: NoticeProject) => number): string =>
    formatWanyuan(projects.reduce((total, project) => total + amount(project), 0));

  const lines = [
    `文号：${batch.docNo}`,
    `标题：${batch.title}`,
    `印发日期：${batch.issuedAt}　年度：${batch.year}`,
    `发文单位：${batch.issuers.length > 0 ? batch.issuers.join('、') : '（文件中没有）'}`,
    `项目：${projects.length} 个（新建 ${count((p) => p.nature === 'new')}，新建（升级） ${count((p) => p.nature === 'upgrade')}，` +
      `历年 ${count((p) => p.nature === 'continuing')}；其中涉密 ${count((p) => p.classified)}）`,
    `总投资额：${sum((p) => p.investment.total)} 万元（信息化专项 ${sum((p) => p.investment.special)}，其他 ${sum((p) => p.investment.other)}）`,
    `${batch.year}年投资额：${sum((p) => p.yearInvestment.total)} 万元（信息化专项 ${sum((p) => p.yearInvestment.special)}，` +
      `其他 ${sum((p) => p.yearInvestment.other)}）`,
  ];

  if (findings.length === 0) {
    lines.push('核对：各行金额和小计、合计都对得上。');
  } else {
    lines.push(`核对发现 ${findings.length} 处不一致（不影响导入）：`);
    for (const finding of findings) lines.push(`  - ${finding.message}`);
  }
  return lines.join('\n');
}
