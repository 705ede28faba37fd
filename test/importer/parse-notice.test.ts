import test from 'ava';
import iconv from 'iconv-lite';
import { parseNotice } from '../../server/importer/parse-notice.ts';
import { parsedNoticeSchema, type Finding, type NoticeProject, type ParsedNotice } from '../../server/importer/types.ts';
import { LINES, replaceLine, seedTableOnly, seedText } from './seed.ts';

const BATCH_OPTIONS = {
  docNo: '舟数管发〔2022〕4号',
  title: '关于下达舟山市2022年度第三批市本级政府投资信息化项目计划的通知',
  issuedAt: '2022-07-07',
};

// Worked out from the printed rows with decimal arithmetic. Every other printed 小计 and 合计
// matches its rows within rounding to whole 万元. 新建项目小计 prints 2487 and 2396 for
// 2486.5 and 2395.5, which is rounding half up and so no finding.
const REAL_FINDINGS: Omit<Finding, 'message'>[] = [
  {
    kind: 'subtotal',
    row: '历年项目小计',
    column: 'yearInvestment.total',
    printed: 3_109_000_000,
    computed: 3_110_615_000,
    difference: -1_615_000,
  },
  {
    kind: 'subtotal',
    row: '历年项目小计',
    column: 'yearInvestment.special',
    printed: 3_078_000_000,
    computed: 3_079_615_000,
    difference: -1_615_000,
  },
  {
    kind: 'total',
    row: '合计',
    column: 'yearInvestment.total',
    printed: 5_596_000_000,
    computed: 5_597_115_000,
    difference: -1_115_000,
  },
  {
    kind: 'total',
    row: '合计',
    column: 'yearInvestment.special',
    printed: 5_474_000_000,
    computed: 5_475_115_000,
    difference: -1_115_000,
  },
];

const parsedSeed = parseNotice(Buffer.from(seedText, 'utf8'));

function project(parsed: ParsedNotice, seq: number): NoticeProject {
  const found = parsed.projects.find((candidate) => candidate.seq === seq);
  if (found === undefined) throw new Error(`no project ${seq}`);
  return found;
}

function sum(projects: NoticeProject[], amount: (project: NoticeProject) => number): number {
  return projects.reduce((total, item) => total + amount(item), 0);
}

test('real notice matches the output schema', (t) => {
  t.true(parsedNoticeSchema.safeParse(parsedSeed).success);
});

test('real notice header block', (t) => {
  t.deepEqual(parsedSeed.batch, {
    docNo: '舟数管发〔2022〕4号',
    title: '关于下达舟山市2022年度第三批市本级政府投资信息化项目计划的通知',
    issuedAt: '2022-07-07',
    year: 2022,
    issuers: ['舟山市大数据发展管理局', '舟山市发展和改革委员会', '舟山市财政局'],
  });
});

test('real notice has 58 projects in order', (t) => {
  t.is(parsedSeed.projects.length, 58);
  t.deepEqual(
    parsedSeed.projects.map((item) => item.seq),
    Array.from({ length: 58 }, (_, index) => index + 1),
  );
});

test('real notice natures by section', (t) => {
  const natures = parsedSeed.projects.map((item) => item.nature);
  t.true(natures.slice(0, 32).every((nature) => nature === 'new' || nature === 'upgrade'));
  t.true(natures.slice(32).every((nature) => nature === 'continuing'));
  t.is(natures.filter((nature) => nature === 'upgrade').length, 6);
  t.is(project(parsedSeed, 1).nature, 'upgrade');
  t.is(project(parsedSeed, 5).nature, 'upgrade');
});

test('real notice sums to the 分', (t) => {
  const { projects } = parsedSeed;
  t.is(sum(projects, (item) => item.investment.total), 14_032_215_000);
  t.is(sum(projects, (item) => item.investment.special), 13_521_215_000);
  t.is(sum(projects, (item) => item.investment.other), 511_000_000);
  t.is(sum(projects, (item) => item.yearInvestment.total), 5_597_115_000);
  t.is(sum(projects, (item) => item.yearInvestment.special), 5_475_115_000);
  t.is(sum(projects, (item) => item.yearInvestment.other), 122_000_000);

  const continuing = projects.filter((item) => item.nature === 'continuing');
  t.is(sum(continuing, (item) => item.yearInvestment.total), 3_110_615_000);
});

test('real notice has exactly the real findings', (t) => {
  t.deepEqual(
    parsedSeed.findings.map(({ message: _message, ...finding }) => finding),
    REAL_FINDINGS,
  );
});

test('real notice findings have Chinese messages', (t) => {
  t.is(
    parsedSeed.findings[0]?.message,
    '历年项目小计的2022年投资额印为 3109 万元，但各行相加为 3110.615 万元，印出的数少 1.615 万元',
  );
  t.is(
    parsedSeed.findings[2]?.message,
    '合计的2022年投资额印为 5596 万元，但各行相加为 5597.115 万元，印出的数少 1.115 万元',
  );
});

test('real notice row with three decimals', (t) => {
  const row = project(parsedSeed, 58);
  t.deepEqual(row.investment, { total: 41_615_000, special: 41_615_000, other: 0 });
  t.deepEqual(row.yearInvestment, { year: 2022, total: 6_615_000, special: 6_615_000, other: 0 });
  t.deepEqual(row.period, { startYear: 2021, endYear: 2022 });
});

test('real notice empty amounts are zero', (t) => {
  const row = project(parsedSeed, 30);
  t.deepEqual(row.investment, { total: 55_000_000, special: 0, other: 55_000_000 });
  t.deepEqual(row.yearInvestment, { year: 2022, total: 22_000_000, special: 0, other: 22_000_000 });
});

test('real notice classified rows', (t) => {
  const classified = parsedSeed.projects.filter((item) => item.classified).map((item) => item.seq);
  t.deepEqual(classified, [5, 6, 33]);
  t.is(project(parsedSeed, 5).scope, '涉密，略');
  t.false(project(parsedSeed, 7).classified);
});

test('real notice unit names are canonical', (t) => {
  t.deepEqual(project(parsedSeed, 26).units, ['市大数据管理中心']);
  t.deepEqual(project(parsedSeed, 27).units, ['市大数据管理中心']);
  t.deepEqual(project(parsedSeed, 43).units, ['市司法局', '市发改委', '市经信局']);
  t.deepEqual(project(parsedSeed, 47).units, ['市资源规划局', '市发改委']);
  t.true(parsedSeed.projects.every((item) => item.units.every((unit) => unit.startsWith('市'))));
});

test('real notice trims stray spaces', (t) => {
  t.is(project(parsedSeed, 5).name, '市委组织部 DZG 升级改造项目');
  t.true(project(parsedSeed, 18).scope.includes('开发油品仓储监管驾驶舱'));
});

const variants: Array<[string, () => Buffer]> = [
  ['UTF-8 with BOM', () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(seedText, 'utf8')])],
  ['UTF-8 with CRLF', () => Buffer.from(seedText.replace(/\n/g, '\r\n'), 'utf8')],
  ['UTF-8 with BOM and CRLF', () => Buffer.from(`\uFEFF${seedText.replace(/\n/g, '\r\n')}`, 'utf8')],
  ['GB18030', () => iconv.encode(seedText, 'gb18030')],
  ['GBK', () => iconv.encode(seedText, 'gbk')],
  ['GB18030 with CRLF', () => iconv.encode(seedText.replace(/\n/g, '\r\n'), 'gb18030')],
];

for (const [name, encode] of variants) {
  test(`real notice as ${name}`, (t) => {
    t.deepEqual(parseNotice(encode()), parsedSeed);
  });
}

test('table-only TSV with options', (t) => {
  const parsed = parseNotice(Buffer.from(seedTableOnly(), 'utf8'), BATCH_OPTIONS);
  t.deepEqual(parsed.batch, { ...BATCH_OPTIONS, year: 2022, issuers: [] });
  t.deepEqual(parsed.projects, parsedSeed.projects);
  t.deepEqual(parsed.findings, parsedSeed.findings);
});

test('table-only TSV with quoted cells', (t) => {
  // Quote every cell as a spreadsheet does, and break one scope across lines.
  const quoted = seedTableOnly()
    .split('\n')
    .map((line) => (line === '' ? line : line.split('\t').map((cell) => `"${cell.replace(/"/g, '""')}"`).join('\t')))
    .join('\n')
    .replace('"聚焦业务流程处置、', '"聚焦业务流程\n处置、');
  const parsed = parseNotice(iconv.encode(quoted.replace(/\n/g, '\r\n'), 'gb18030'), BATCH_OPTIONS);

  // The line break inside the first scope sits between Chinese characters, so cleaning drops it.
  t.deepEqual(parsed.projects, parsedSeed.projects);
  t.deepEqual(parsed.findings, parsedSeed.findings);
});

test('options override the header block', (t) => {
  const parsed = parseNotice(Buffer.from(seedText, 'utf8'), { docNo: '舟数管发〔2022〕9号', issuedAt: '2022-07-08' });
  t.is(parsed.batch.docNo, '舟数管发〔2022〕9号');
  t.is(parsed.batch.issuedAt, '2022-07-08');
  t.is(parsed.batch.title, BATCH_OPTIONS.title);
});

test('issuers from the title without signature', (t) => {
  const parsed = parseNotice(Buffer.from(replaceLine(LINES.signature, () => ''), 'utf8'));
  t.deepEqual(parsed.batch.issuers, ['舟山市大数据发展管理局', '舟山市发展和改革委员会', '舟山市财政局']);
});

test('issuers empty when the notice names none', (t) => {
  const withoutSignature = replaceLine(LINES.signature, () => '');
  const withoutIssuers = withoutSignature.replace(/^舟山市大数据发展管理局 舟山市发展和改革委员会 舟山市财政局 关于/m, '关于');
  const parsed = parseNotice(Buffer.from(withoutIssuers, 'utf8'));
  t.deepEqual(parsed.batch.issuers, []);
  t.is(parsed.batch.title, BATCH_OPTIONS.title);
});
