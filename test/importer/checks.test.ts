import test from 'ava';
import { checkProjects, checkSummaries } from '../../server/importer/checks.ts';
import type { PrintedAmount, SummaryRow } from '../../server/importer/rows.ts';
import { amountColumns, type AmountColumn, type NoticeProject } from '../../server/importer/types.ts';

const WAN = 1_000_000;

function makeProject(overrides: Partial<NoticeProject> = {}): NoticeProject {
  return {
    seq: 1,
    units: ['市纪委'],
    name: '项目',
    scope: '内容',
    nature: 'new',
    period: { startYear: 2022, endYear: 2022 },
    classified: false,
    investment: { total: 100 * WAN, special: 80 * WAN, other: 20 * WAN },
    yearInvestment: { year: 2022, total: 50 * WAN, special: 40 * WAN, other: 10 * WAN },
    ...overrides,
  };
}

/** Builds a summary row that prints `printed` in every column not listed in `amounts`. */
function makeSummary(
  group: SummaryRow['group'],
  label: string,
  amounts: Partial<Record<AmountColumn, PrintedAmount>>,
  printed: PrintedAmount = { fen: 0, decimals: 0 },
): SummaryRow {
  const all = Object.fromEntries(amountColumns.map((column) => [column, amounts[column] ?? printed]));
  return { line: 1, label, group, amounts: all as Record<AmountColumn, PrintedAmount> };
}

test('checkProjects passes a consistent row', (t) => {
  t.deepEqual(checkProjects([makeProject()]), []);
});

test('checkProjects reports a total that is not the sum', (t) => {
  const project = makeProject({ seq: 7, investment: { total: 101 * WAN, special: 80 * WAN, other: 20 * WAN } });
  t.deepEqual(checkProjects([project]), [
    {
      kind: 'row-sum',
      row: '7',
      column: 'investment.total',
      printed: 101 * WAN,
      computed: 100 * WAN,
      difference: WAN,
      message: '序号 7：总投资额 101 万元，但信息化专项与其他之和为 100 万元，总投资额多 1 万元',
    },
  ]);
});

test('checkProjects reports a year total that is not the sum', (t) => {
  const project = makeProject({ yearInvestment: { year: 2022, total: 49.5 * WAN, special: 40 * WAN, other: 10 * WAN } });
  const [finding] = checkProjects([project]);
  t.is(finding?.kind, 'row-sum');
  t.is(finding?.column, 'yearInvestment.total');
  t.is(finding?.difference, -0.5 * WAN);
  t.is(finding?.message, '序号 1：2022年投资额 49.5 万元，但其信息化专项与其他之和为 50 万元，2022年投资额少 0.5 万元');
});

test('checkProjects reports a year share above the total', (t) => {
  const project = makeProject({
    investment: { total: 100 * WAN, special: 100 * WAN, other: 0 },
    yearInvestment: { year: 2022, total: 120 * WAN, special: 110 * WAN, other: 10 * WAN },
  });
  const findings = checkProjects([project]);
  t.deepEqual(
    findings.map(({ kind, column, printed, computed, difference }) => ({ kind, column, printed, computed, difference })),
    [
      { kind: 'year-exceeds-total', column: 'yearInvestment.total', printed: 120 * WAN, computed: 100 * WAN, difference: 20 * WAN },
      { kind: 'year-exceeds-total', column: 'yearInvestment.special', printed: 110 * WAN, computed: 100 * WAN, difference: 10 * WAN },
      { kind: 'year-exceeds-total', column: 'yearInvestment.other', printed: 10 * WAN, computed: 0, difference: 10 * WAN },
    ],
  );
  t.is(findings[1]?.message, '序号 1：2022年投资中的信息化专项 110 万元，超过总投资中的信息化专项 100 万元，多出 10 万元');
});

const roundingProjects = [
  makeProject({ seq: 1, nature: 'new', investment: { total: 10.25 * WAN, special: 10.25 * WAN, other: 0 } }),
  makeProject({ seq: 2, nature: 'upgrade', investment: { total: 0.25 * WAN, special: 0.25 * WAN, other: 0 } }),
  makeProject({ seq: 3, nature: 'continuing', investment: { total: 7 * WAN, special: 7 * WAN, other: 0 } }),
];

function investmentTotalFindings(printed: PrintedAmount, group: SummaryRow['group'] = 'new') {
  const summary = makeSummary(group, '新建项目小计', { 'investment.total': printed });
  return checkSummaries(roundingProjects, [summary], 2022).filter((finding) => finding.column === 'investment.total');
}

test('checkSummaries allows rounding to whole 万元', (t) => {
  // 新建 and 新建（升级） rows add up to 10.5 万元.
  t.deepEqual(investmentTotalFindings({ fen: 11 * WAN, decimals: 0 }), []);
  t.deepEqual(investmentTotalFindings({ fen: 10 * WAN, decimals: 0 }), []);
});

test('checkSummaries reports more than rounding', (t) => {
  const [finding] = investmentTotalFindings({ fen: 12 * WAN, decimals: 0 });
  t.deepEqual(finding, {
    kind: 'subtotal',
    row: '新建项目小计',
    column: 'investment.total',
    printed: 12 * WAN,
    computed: 10.5 * WAN,
    difference: 1.5 * WAN,
    message: '新建项目小计的总投资额印为 12 万元，但各行相加为 10.5 万元，印出的数多 1.5 万元',
  });
});

test('checkSummaries holds decimals to their last digit', (t) => {
  t.deepEqual(investmentTotalFindings({ fen: 10.5 * WAN, decimals: 1 }), []);
  t.is(investmentTotalFindings({ fen: 10.4 * WAN, decimals: 1 }).length, 1);
  t.is(investmentTotalFindings({ fen: 10.501 * WAN, decimals: 3 }).length, 1);
});

test('checkSummaries adds only the rows of its group', (t) => {
  const continuing = makeSummary('continuing', '历年项目小计', { 'investment.total': { fen: 7 * WAN, decimals: 0 } });
  const total = makeSummary('all', '合计', { 'investment.total': { fen: 19 * WAN, decimals: 0 } });
  const findings = checkSummaries(roundingProjects, [continuing, total], 2022).filter((finding) => finding.column === 'investment.total');

  t.deepEqual(
    findings.map(({ kind, row, computed }) => ({ kind, row, computed })),
    [{ kind: 'total', row: '合计', computed: 17.5 * WAN }],
  );
});
