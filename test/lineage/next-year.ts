// Builds plan tables of other years that carry over projects of the seed notice, as the bureau
// receives them: the table alone, with the batch's 文号, title and date given separately.

/** One row of a generated table: 序号 is its position, amounts are 万元 as printed. */
export interface CarriedRow {
  unit: string;
  name: string;
  nature: '历年' | '新建';
  period: string;
  total: string;
  yearTotal: string;
}

/** Builds a TSV plan table whose year column is `year`, without 小计 and 合计 rows. */
export function planTable(year: number, rows: CarriedRow[]): string {
  const header = [
    ['序号', '建设单位', '项目名称', '建设内容', '建设性质', '建设年限', '总投资额', '总投资来源', '', `${year}年投资额`, '资金来源', ''],
    ['', '', '', '', '', '', '', '信息化专项', '其他', '', '信息化专项', '其他'],
  ];
  const body = rows.map((row, index) => [
    String(index + 1),
    row.unit,
    row.name,
    `${row.name}的${year}年建设内容`,
    row.nature,
    row.period,
    row.total,
    row.total,
    '',
    row.yearTotal,
    row.yearTotal,
    '',
  ]);
  return `${[...header, ...body].map((cells) => cells.join('\t')).join('\n')}\n`;
}

/** The 2023 batch: four carried-over projects of the seed printed a little differently, and two that must not match. */
export const nextYearRows: CarriedRow[] = [
  // Seed 37, without the spaces around DRG.
  { unit: '市医保局', name: '舟山市医保DRG点数付费平台项目', nature: '历年', period: '2020-2024', total: '650', yearTotal: '120' },
  // Seed 39, without spaces and with the year appended.
  { unit: '市大数据管理中心', name: '舟山市公共数据平台2.0建设（2023年）', nature: '历年', period: '2020-2023', total: '1245', yearTotal: '300' },
  // Seed 36, as printed.
  { unit: '市卫健委', name: '舟山市全民卫生健康智慧管理项目', nature: '历年', period: '2019-2023', total: '1000', yearTotal: '200' },
  // Seed 42 has another lead unit (市政务服务办).
  { unit: '市发改委', name: '舟山市政务服务2.0建设', nature: '历年', period: '2020-2023', total: '475', yearTotal: '100' },
  // Seed 41 by name, but a new project.
  { unit: '市大数据管理中心', name: '舟山数据安全管控平台项目', nature: '新建', period: '2023', total: '80', yearTotal: '80' },
  // Seed 38 in full-width letters and digits.
  { unit: '市大数据管理中心', name: '舟山电子政务外网ＩＰｖ６升级改造', nature: '历年', period: '2020-2023', total: '522', yearTotal: '150' },
];

export const nextYearBatch = {
  docNo: '舟数管发〔2023〕2号',
  title: '关于下达舟山市2023年度第一批市本级政府投资信息化项目计划的通知',
  issuedAt: '2023-04-10',
};

/** The 序号 of the seed entry each row of the 2023 batch continues, or null. */
export const expectedPrevious: Array<number | null> = [37, 39, 36, null, null, 38];
