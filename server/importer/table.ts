import { CELL_COUNT } from './columns.ts';
import { ImportError } from './errors.ts';
import { cellString, type TableRecord } from './records.ts';
import { cleanText, removeWhitespace } from './text.ts';

/** Group of project rows that a printed summary row adds up. */
export type SummaryGroup = 'new' | 'continuing' | 'all';

/** A printed 小计 or 合计 row. */
export interface SummaryRecord extends TableRecord {
  /** Label as printed, without whitespace, e.g. 历年项目小计. */
  label: string;
  group: SummaryGroup;
}

export interface PlanTable {
  /** Year of the "2022年投资额" column. */
  year: number;
  projectRows: TableRecord[];
  summaryRows: SummaryRecord[];
}

const SUMMARY_GROUPS: ReadonlyMap<string, SummaryGroup> = new Map([
  ['新建项目小计', 'new'],
  ['历年项目小计', 'continuing'],
  ['合计', 'all'],
  ['总计', 'all'],
]);

// First header row; null marks the cells that merged headers leave empty, and the year column is matched apart.
const FIRST_HEADER = ['序号', '建设单位', '项目名称', '建设内容', '建设性质', '建设年限', '总投资额', '总投资来源', null, null, '资金来源', null];
const YEAR_HEADER = /^(\d{4})年投资额$/;
const YEAR_HEADER_INDEX = 9;
const SEQ_COLUMN = { column: '序号', columnIndex: 0 } as const;
const SUB_HEADER: ReadonlyMap<number, string> = new Map([
  [7, '信息化专项'],
  [8, '其他'],
  [10, '信息化专项'],
  [11, '其他'],
]);

/** Tells whether a line of the file starts the plan table (its first header row). */
export function isTableStart(line: string): boolean {
  const firstCell = line.split('\t')[0] ?? '';
  return line.includes('\t') && removeWhitespace(firstCell).replace(/^"|"$/g, '') === '序号';
}

/**
 * Reads the plan table from its first header row on. The two-row header may repeat on every page.
 * The table ends after the 合计 row, and lines below it (the footer of the notice) are not read.
 */
export function readTable(records: TableRecord[]): PlanTable {
  const [header] = records;
  if (header === undefined) throw new ImportError('no-table', '找不到项目表：没有以“序号”开头的表头行');
  const year = readHeader(header);
  const headerKey = rowKey(header);

  const projectRows: TableRecord[] = [];
  const summaryRows: SummaryRecord[] = [];
  let expectSubHeader = true;
  let totalSeen = false;

  for (const record of records.slice(1)) {
    if (isBlank(record)) continue;

    // A note or signature below the table fills one cell; a row with more is a table row.
    if (totalSeen) {
      if (filledCellCount(record) > 1) throw new ImportError('row-after-total', '“合计”行之后不应再有表格行', { line: record.line });
      continue;
    }

    if (expectSubHeader) {
      readSubHeader(record);
      expectSubHeader = false;
      continue;
    }

    if (rowKey(record) === headerKey) {
      expectSubHeader = true;
      continue;
    }

    checkCellCount(record);
    const summary = readSummaryLabel(record);
    if (summary === null) {
      projectRows.push(record);
      continue;
    }

    if (summaryRows.some((row) => row.label === summary.label)) {
      throw new ImportError('duplicate-summary', `“${summary.label}”行重复出现`, { line: record.line });
    }
    summaryRows.push({ ...record, ...summary });
    totalSeen = summary.group === 'all';
  }

  if (projectRows.length === 0) throw new ImportError('no-projects', '项目表中没有项目行', { line: header.line });
  return { year, projectRows, summaryRows };
}

function readHeader(record: TableRecord): number {
  checkCellCount(record);

  FIRST_HEADER.forEach((expected, index) => {
    const actual = cellText(record, index);
    if (expected !== null && actual !== expected) {
      throw new ImportError('bad-header', `表头应为“${expected}”，实际为“${actual}”`, {
        line: record.line,
        column: `第 ${index + 1} 列`,
        columnIndex: index,
      });
    }
  });

  const yearCell = cellText(record, YEAR_HEADER_INDEX);
  const match = YEAR_HEADER.exec(yearCell);
  if (match === null) {
    throw new ImportError('bad-header', `表头应为“某年投资额”（例如 2022年投资额），实际为“${yearCell}”`, {
      line: record.line,
      column: `第 ${YEAR_HEADER_INDEX + 1} 列`,
      columnIndex: YEAR_HEADER_INDEX,
    });
  }
  return Number(match[1]);
}

function readSubHeader(record: TableRecord): void {
  checkCellCount(record);

  for (const [index, expected] of SUB_HEADER) {
    if (cellText(record, index) !== expected) {
      throw new ImportError('bad-header', '缺少表头第二行（总投资来源和资金来源下的“信息化专项”“其他”）', {
        line: record.line,
      });
    }
  }
}

function checkCellCount(record: TableRecord): void {
  if (record.cells.length === CELL_COUNT) return;

  throw new ImportError('cell-count', `这一行有 ${record.cells.length} 个单元格，项目表的每一行应有 ${CELL_COUNT} 个（以制表符分隔）`, {
    line: record.line,
  });
}

/**
 * Recognises a 小计 or 合计 row by its label in the first non-empty cell before the amounts.
 * Returns null for a row whose 序号 is a number, and rejects a row that is neither.
 */
function readSummaryLabel(record: TableRecord): { label: string; group: SummaryGroup } | null {
  const seq = cellText(record, 0);
  if (/^\d+$/.test(seq)) return null;

  const label = record.cells.slice(0, 6).map((cell) => removeWhitespace(cellString(cell))).find((cell) => cell !== '') ?? '';
  const group = SUMMARY_GROUPS.get(label);
  if (group !== undefined) return { label, group };

  if (label.includes('小计') || label.includes('合计')) {
    throw new ImportError('unknown-summary', `无法识别的汇总行“${label}”，只认“新建项目小计”“历年项目小计”和“合计”`, {
      line: record.line,
      ...SEQ_COLUMN,
    });
  }
  if (seq === '') throw new ImportError('missing-cell', '序号不能为空', { line: record.line, ...SEQ_COLUMN });
  throw new ImportError('invalid-seq', `序号“${seq}”不是正整数`, { line: record.line, ...SEQ_COLUMN });
}

function cellText(record: TableRecord, index: number): string {
  return removeWhitespace(cellString(record.cells[index]));
}

function rowKey(record: TableRecord): string {
  return record.cells.map((cell) => removeWhitespace(cellString(cell))).join('\t');
}

function filledCellCount(record: TableRecord): number {
  return record.cells.filter((cell) => cleanText(cellString(cell)) !== '').length;
}

function isBlank(record: TableRecord): boolean {
  return filledCellCount(record) === 0;
}
