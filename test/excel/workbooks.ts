// Builds .xlsx versions of the seed notice the way a bureau's spreadsheet stores it, for the
// workbook importer's tests.
import ExcelJS from 'exceljs';
import { splitRecords } from '../../server/importer/records.ts';
import { seedText } from '../importer/seed.ts';

export const BATCH_OPTIONS = {
  docNo: '舟数管发〔2022〕4号',
  title: '关于下达舟山市2022年度第三批市本级政府投资信息化项目计划的通知',
  issuedAt: '2022-07-07',
};

/** Amount columns of the plan table, 0-based (总投资额 … 资金来源（其他）). */
export const AMOUNT_INDEXES = [6, 7, 8, 9, 10, 11];

export interface SeedWorkbookOptions {
  /** Rows above the table: every line of the notice, the attachment's title and unit, or none. */
  above?: 'notice' | 'attachment' | 'none';
  /** How amount cells are stored; numbers are what a spreadsheet holds when typed in. */
  amounts?: 'numbers' | 'text';
  /** Column number of 序号; 1 is column A. */
  firstColumn?: number;
  sheetName?: string;
  /** Adds a sheet with a note before the table's sheet. */
  coverSheet?: boolean;
  /** Leaves the 合计 row out. */
  withoutTotal?: boolean;
  /** Changes the table's body rows (project, 小计 and 合计 rows, twelve cells each) before they are written. */
  edit?: (rows: TableRow[]) => void;
}

/** A body row of the plan table; a cell is text as printed unless an edit puts a number in it. */
export type TableRow = Array<string | number | ExcelJS.CellValue>;

export interface SeedWorkbook {
  bytes: Buffer;
  /** Returns the worksheet row of a project by 序号, or of a 小计 or 合计 row by its label. */
  rowOf(key: number | string): number;
  /** Row number of the first header row. */
  headerRow: number;
}

/** Splits the seed into the notice lines above the table and the table's body rows, without the repeated headers. */
export function seedParts(): { noticeLines: string[]; header: string[][]; rows: TableRow[] } {
  const lines = seedText.split('\n');
  const start = lines.findIndex((line) => line.startsWith('序号\t'));
  const end = lines.findIndex((line) => line.startsWith('合计\t'));
  const records = splitRecords(lines.slice(start, end + 1).join('\n'), start + 1);

  const header = [records[0]!.cells as string[], records[1]!.cells as string[]];
  const rows = records
    .slice(2)
    .map((record) => record.cells)
    .filter((cells) => cells.some((cell) => cell !== '') && cells[0] !== '序号' && cells[7] !== '信息化专项');
  return { noticeLines: lines.slice(0, start).filter((line) => line.trim() !== ''), header, rows };
}

/**
 * Writes the seed's plan table as a workbook, with the chosen rows above it and the two-row header
 * merged as the notice prints it. Project rows store 序号 and a single-year 建设年限 as numbers.
 * The label of a 小计 or 合计 row spans the first six columns.
 */
export async function seedWorkbook(options: SeedWorkbookOptions = {}): Promise<SeedWorkbook> {
  const { noticeLines, header, rows } = seedParts();
  const first = options.firstColumn ?? 1;
  const workbook = new ExcelJS.Workbook();
  if (options.coverSheet === true) workbook.addWorksheet('说明').getCell('A1').value = '本工作簿由市大数据局项目管理处整理，项目表在下一个工作表';
  const sheet = workbook.addWorksheet(options.sheetName ?? '附件');

  let rowNumber = 1;
  const aboveLines: Record<NonNullable<SeedWorkbookOptions['above']>, string[]> = {
    notice: noticeLines,
    attachment: ['附件', '2022年度第三批市本级政府投资信息化项目计划', '单位：万元'],
    none: [],
  };
  for (const line of aboveLines[options.above ?? 'notice']) {
    sheet.mergeCells(rowNumber, first, rowNumber, first + 11);
    sheet.getCell(rowNumber, first).value = line;
    rowNumber += 1;
  }

  const headerRow = rowNumber;
  writeHeader(sheet, headerRow, first, header);
  rowNumber += 2;

  const body = rows.filter((cells) => !(options.withoutTotal === true && cells[0] === '合计'));
  // Rows keep the 序号 or label they had before the edit, so a test can find a row it changed.
  const keys = body.map((cells) => String(cells[0]));
  options.edit?.(body);
  const rowOf = new Map<number | string, number>();
  body.forEach((cells, bodyIndex) => {
    const label = keys[bodyIndex]!;
    const isSummary = !/^\d+$/.test(label);
    rowOf.set(isSummary ? label : Number(label), rowNumber);
    if (isSummary) sheet.mergeCells(rowNumber, first, rowNumber, first + 5);

    cells.forEach((cell, index) => {
      if (isSummary && index > 0 && index < 6) return;
      const value = cellValue(cell, index, options.amounts ?? 'numbers');
      if (value !== null) sheet.getCell(rowNumber, first + index).value = value;
    });
    rowNumber += 1;
  });

  return {
    bytes: Buffer.from(await workbook.xlsx.writeBuffer()),
    rowOf: (key) => {
      const found = rowOf.get(key);
      if (found === undefined) throw new Error(`no row ${key} in the seed workbook`);
      return found;
    },
    headerRow,
  };
}

function writeHeader(sheet: ExcelJS.Worksheet, row: number, first: number, header: string[][]): void {
  header[0]!.forEach((text, index) => {
    if (text !== '') sheet.getCell(row, first + index).value = text;
  });
  header[1]!.forEach((text, index) => {
    if (text !== '') sheet.getCell(row + 1, first + index).value = text;
  });
  // 序号 … 总投资额 and 2022年投资额 span both rows; 总投资来源 and 资金来源 span their two sub-columns.
  for (const index of [0, 1, 2, 3, 4, 5, 6, 9]) sheet.mergeCells(row, first + index, row + 1, first + index);
  sheet.mergeCells(row, first + 7, row, first + 8);
  sheet.mergeCells(row, first + 10, row, first + 11);
}

function cellValue(cell: TableRow[number], index: number, amounts: 'numbers' | 'text'): ExcelJS.CellValue {
  if (typeof cell !== 'string') return cell ?? null;
  if (cell === '') return null;
  if (index === 0 && /^\d+$/.test(cell)) return Number(cell);
  if (index === 5 && /^\d{4}$/.test(cell)) return Number(cell);
  if (AMOUNT_INDEXES.includes(index) && amounts === 'numbers' && /^\d+(\.\d+)?$/.test(cell)) return Number(cell);
  return cell;
}
