import { FEN_PER_WANYUAN, formatWanyuan, WANYUAN_MAX_DECIMALS } from './money.ts';
import type { PrintedAmount, SummaryRow } from './rows.ts';
import { amountColumns, type AmountColumn, type Finding, type FindingKind, type NoticeProject } from './types.ts';

/** Checks each project row: totals equal the sum of their fund sources, and the year's share stays within them. */
export function checkProjects(projects: NoticeProject[]): Finding[] {
  return projects.flatMap((project) => {
    const { investment, yearInvestment } = project;
    const row = String(project.seq);
    const year = yearInvestment.year;
    const findings: Finding[] = [];

    const investmentSum = investment.special + investment.other;
    if (investment.total !== investmentSum) {
      findings.push(
        buildFinding('row-sum', row, 'investment.total', investment.total, investmentSum, (difference) =>
          `序号 ${row}：总投资额 ${wan(investment.total)}，但信息化专项与其他之和为 ${wan(investmentSum)}，总投资额${describeDifference(difference)}`,
        ),
      );
    }

    const yearSum = yearInvestment.special + yearInvestment.other;
    if (yearInvestment.total !== yearSum) {
      findings.push(
        buildFinding('row-sum', row, 'yearInvestment.total', yearInvestment.total, yearSum, (difference) =>
          `序号 ${row}：${year}年投资额 ${wan(yearInvestment.total)}，但其信息化专项与其他之和为 ${wan(yearSum)}，${year}年投资额${describeDifference(difference)}`,
        ),
      );
    }

    for (const part of ['total', 'special', 'other'] as const) {
      const yearAmount = yearInvestment[part];
      const limit = investment[part];
      if (yearAmount <= limit) continue;

      findings.push(
        buildFinding('year-exceeds-total', row, `yearInvestment.${part}`, yearAmount, limit, (difference) =>
          `序号 ${row}：${describeColumn(`yearInvestment.${part}`, year)} ${wan(yearAmount)}，超过${describeColumn(`investment.${part}`, year)} ${wan(limit)}，多出 ${wan(difference)}`,
        ),
      );
    }

    return findings;
  });
}

/**
 * Checks each printed 小计 and 合计 against the sum of its project rows in all six amount columns.
 * 新建项目小计 adds the 新建 and 新建（升级） rows, 历年项目小计 the 历年 rows, 合计 all rows. A printed
 * value may differ from the exact sum only by rounding to the decimal places it shows: at most half a
 * unit of its last digit, so ±0.5 万元 for a whole number (2486.5 printed as 2487 is rounding).
 */
export function checkSummaries(projects: NoticeProject[], summaries: SummaryRow[], year: number): Finding[] {
  return summaries.flatMap((summary) => {
    const rows = projects.filter((project) => isInGroup(project, summary.group));
    const kind: FindingKind = summary.group === 'all' ? 'total' : 'subtotal';

    return amountColumns.flatMap((column) => {
      const printed = summary.amounts[column];
      const computed = rows.reduce((sum, project) => sum + amountOf(project, column), 0);
      if (Math.abs(printed.fen - computed) <= roundingTolerance(printed)) return [];

      return [
        buildFinding(kind, summary.label, column, printed.fen, computed, (difference) =>
          `${summary.label}的${describeColumn(column, year)}印为 ${wan(printed.fen)}，但各行相加为 ${wan(computed)}，印出的数${describeDifference(difference)}`,
        ),
      ];
    });
  });
}

/** Largest difference in 分 that rounding the exact sum to the printed decimal places explains. */
function roundingTolerance({ decimals }: PrintedAmount): number {
  if (decimals >= WANYUAN_MAX_DECIMALS) return 0;
  return FEN_PER_WANYUAN / 10 ** decimals / 2;
}

function isInGroup(project: NoticeProject, group: SummaryRow['group']): boolean {
  if (group === 'all') return true;
  if (group === 'continuing') return project.nature === 'continuing';
  return project.nature === 'new' || project.nature === 'upgrade';
}

function amountOf(project: NoticeProject, column: AmountColumn): number {
  switch (column) {
    case 'investment.total':
      return project.investment.total;
    case 'investment.special':
      return project.investment.special;
    case 'investment.other':
      return project.investment.other;
    case 'yearInvestment.total':
      return project.yearInvestment.total;
    case 'yearInvestment.special':
      return project.yearInvestment.special;
    case 'yearInvestment.other':
      return project.yearInvestment.other;
  }
}

function buildFinding(
  kind: FindingKind,
  row: string,
  column: AmountColumn,
  printed: number,
  computed: number,
  describe: (difference: number) => string,
): Finding {
  const difference = printed - computed;
  return { kind, row, column, printed, computed, difference, message: describe(difference) };
}

/** Names an amount column in a sentence, e.g. "2022年投资中的信息化专项". */
function describeColumn(column: AmountColumn, year: number): string {
  const names: Record<AmountColumn, string> = {
    'investment.total': '总投资额',
    'investment.special': '总投资中的信息化专项',
    'investment.other': '总投资中的其他资金',
    'yearInvestment.total': `${year}年投资额`,
    'yearInvestment.special': `${year}年投资中的信息化专项`,
    'yearInvestment.other': `${year}年投资中的其他资金`,
  };
  return names[column];
}

function describeDifference(difference: number): string {
  return difference > 0 ? `多 ${wan(difference)}` : `少 ${wan(-difference)}`;
}

function wan(fen: number): string {
  return `${formatWanyuan(fen)} 万元`;
}
