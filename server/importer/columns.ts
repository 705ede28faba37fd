/** Cells in every row of the plan table, header and 小计 rows included. */
export const CELL_COUNT = 12;

/** 0-based cell index of each column. */
export const COLUMN_INDEX = {
  seq: 0,
  units: 1,
  name: 2,
  scope: 3,
  nature: 4,
  period: 5,
  'investment.total': 6,
  'investment.special': 7,
  'investment.other': 8,
  'yearInvestment.total': 9,
  'yearInvestment.special': 10,
  'yearInvestment.other': 11,
} as const;

export type ColumnKey = keyof typeof COLUMN_INDEX;

/** Header name of a column for messages; the two-row header's sub-columns name their parent too. */
export function columnLabel(key: ColumnKey, year: number): string {
  return columnLabelAt(COLUMN_INDEX[key], year);
}

export function columnLabelAt(index: number, year: number): string {
  const labels = [
    '序号',
    '建设单位',
    '项目名称',
    '建设内容',
    '建设性质',
    '建设年限',
    '总投资额',
    '总投资来源（信息化专项）',
    '总投资来源（其他）',
    `${year}年投资额`,
    '资金来源（信息化专项）',
    '资金来源（其他）',
  ];
  return labels[index] ?? `第 ${index + 1} 列`;
}
