import ExcelJS from 'exceljs';
import { CELL_COUNT, columnLabelAt } from './columns.ts';
import { ImportError, type ImportErrorLocation } from './errors.ts';
import type { NoticeLine } from './header.ts';
import { readNoticeTable } from './parse-notice.ts';
import type { TableCell, TableRecord } from './records.ts';
import { removeWhitespace } from './text.ts';
import type { ParseOptions, ParsedNotice } from './types.ts';

/** Location of the plan table in a workbook. */
interface TablePlace {
  sheet: ExcelJS.Worksheet;
  /** Row number of the first header row (序号, 建设单位, …). */
  headerRow: number;
  /** 1-based column number of 序号; the table's twelve columns start there. */
  firstColumn: number;
  /** Year of the "2022年投资额" header, when the header has one, for naming that column in messages. */
  year: number | undefined;
}

// Labels that a cell above the table may carry before the batch field it holds, as the plan
// workbook export writes them ("文号：舟数管发〔2022〕4号").
const FIELD_LABEL = /^(文号|通知标题|发文单位|印发日期)[:：]\s*/;

/**
 * Parses a plan table from an .xlsx workbook as bureaus receive it: title rows, the two-row header
 * with merged cells, amounts stored as numbers or as text, and printed 小计 and 合计 rows. The table
 * is on the first worksheet that has a 序号 header cell. Cells above the header row are read like
 * the header block of a text notice, and columns right of the table's twelve are not read. The rows
 * go through the same checks as a text notice, and an error names the worksheet, its row number and
 * column letter.
 */
export async function parseWorkbook(input: Buffer, options: ParseOptions = {}): Promise<ParsedNotice> {
  const workbook = await loadWorkbook(input);
  const place = findTable(workbook);
  if (place === null) throw new ImportError('no-table', '找不到项目表：工作簿中没有以“序号”开头的表头行');

  const headerLines = readLinesAbove(place);
  const records = readTableRows(place);
  try {
    return readNoticeTable(headerLines, records, options);
  } catch (error) {
    if (error instanceof ImportError && error.line !== null) throw placeInSheet(error, error.line, place);
    throw error;
  }
}

async function loadWorkbook(input: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares its own Buffer type as an ArrayBuffer; JSZip underneath reads either.
    await workbook.xlsx.load(toArrayBuffer(input));
  } catch {
    // exceljs rejects anything but a well-formed .xlsx package; its message is English and internal.
    throw new ImportError('invalid-workbook', '文件是 ZIP 压缩包，但不是可读取的 Excel 工作簿（.xlsx）；请用 Excel 或 WPS 另存为 .xlsx 后再导入');
  }
  return workbook;
}

function findTable(workbook: ExcelJS.Workbook): TablePlace | null {
  for (const sheet of workbook.worksheets) {
    for (const [rowNumber, row] of filledRows(sheet)) {
      for (const [columnNumber, cell] of filledCells(row)) {
        if (removeWhitespace(headerText(cell)) === '序号') {
          return withYear({ sheet, headerRow: rowNumber, firstColumn: columnNumber, year: undefined });
        }
      }
    }
  }
  return null;
}

function filledRows(sheet: ExcelJS.Worksheet): Array<[number, ExcelJS.Row]> {
  const rows: Array<[number, ExcelJS.Row]> = [];
  sheet.eachRow((row, rowNumber) => rows.push([rowNumber, row]));
  return rows;
}

function filledCells(row: ExcelJS.Row): Array<[number, ExcelJS.Cell]> {
  const cells: Array<[number, ExcelJS.Cell]> = [];
  row.eachCell((cell, columnNumber) => cells.push([columnNumber, cell]));
  return cells;
}

function withYear(place: TablePlace): TablePlace {
  const yearCell = place.sheet.findCell(place.headerRow, place.firstColumn + 9);
  const match = /^(\d{4})年投资额$/.exec(removeWhitespace(yearCell === undefined ? '' : headerText(yearCell)));
  return { ...place, year: match === null ? undefined : Number(match[1]) };
}

/** Reads every filled cell above the header row as one line of the notice's header block. */
function readLinesAbove(place: TablePlace): NoticeLine[] {
  const lines: NoticeLine[] = [];
  for (const [rowNumber, row] of filledRows(place.sheet)) {
    if (rowNumber >= place.headerRow) break;
    for (const [, cell] of filledCells(row)) {
      const text = headerText(cell).trim().replace(FIELD_LABEL, '');
      if (text !== '') lines.push({ line: rowNumber, text });
    }
  }
  return lines;
}

/** Reads the table's twelve columns of every row from the header row down. */
function readTableRows(place: TablePlace): TableRecord[] {
  const records: TableRecord[] = [];
  for (const [rowNumber, row] of filledRows(place.sheet)) {
    if (rowNumber < place.headerRow) continue;

    const cells: TableCell[] = [];
    for (let index = 0; index < CELL_COUNT; index += 1) {
      const cell = row.findCell(place.firstColumn + index);
      cells.push(cell === undefined ? '' : tableCell(cell, sheetLocation(place, rowNumber, index)));
    }
    records.push({ line: rowNumber, cells });
  }
  return records;
}

/**
 * Returns the value of a table cell: a number stays a number for the amount reader, anything else
 * becomes text. A cell that a merge covers, other than its top-left one, is empty, as a spreadsheet
 * exports it to text.
 */
function tableCell(cell: ExcelJS.Cell, location: ImportErrorLocation): TableCell {
  if (isMergedAway(cell)) return '';
  const value = resolveFormula(cell, location);

  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return typeof value === 'number' ? value : plainText(value);
}

/** Returns the text of a cell above or in the header; a date reads as the notice prints it (2022年7月7日). */
function headerText(cell: ExcelJS.Cell): string {
  if (isMergedAway(cell)) return '';
  const value = resolveFormula(cell, undefined);

  if (value instanceof Date) return `${value.getUTCFullYear()}年${value.getUTCMonth() + 1}月${value.getUTCDate()}日`;
  return typeof value === 'number' ? String(value) : plainText(value);
}

type PlainValue = Exclude<ExcelJS.CellValue, ExcelJS.CellFormulaValue | ExcelJS.CellSharedFormulaValue>;

/**
 * Returns the stored result of a formula cell, or the value of any other cell. Some tools save a
 * formula without its result and leave the calculation to Excel. The importer does not calculate,
 * so such a cell is rejected in the table (at `location`) and reads as empty above it.
 */
function resolveFormula(cell: ExcelJS.Cell, location: ImportErrorLocation | undefined): PlainValue {
  const value = cell.value;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (!('formula' in value) && !('sharedFormula' in value)) return value;
  if (value.result !== undefined) return value.result;

  if (location === undefined) return null;
  throw new ImportError('formula-without-result', '单元格是公式，但文件中没有保存计算结果；请用 Excel 或 WPS 打开后保存，再导入', location);
}

function toArrayBuffer(input: Buffer): ArrayBuffer {
  const copy = new ArrayBuffer(input.byteLength);
  new Uint8Array(copy).set(input);
  return copy;
}

function plainText(value: PlainValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('error' in value) return value.error;
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('text' in value) return richOrPlain(value.text);
  return '';
}

// exceljs types a hyperlink's text as a string, but the text of a styled link is rich text.
function richOrPlain(text: unknown): string {
  if (typeof text === 'string') return text;
  if (typeof text === 'object' && text !== null && 'richText' in text && Array.isArray(text.richText)) {
    return text.richText.map((run: { text?: unknown }) => (typeof run.text === 'string' ? run.text : '')).join('');
  }
  return '';
}

/** Tells whether a cell lies under a merge but is not its top-left cell, which contains the value. */
function isMergedAway(cell: ExcelJS.Cell): boolean {
  return cell.isMerged && cell.master.address !== cell.address;
}

function sheetLocation(place: TablePlace, rowNumber: number, index: number): ImportErrorLocation {
  return {
    sheet: place.sheet.name,
    line: rowNumber,
    columnIndex: index,
    columnLetter: columnLetter(place.firstColumn + index),
    column: tableColumnLabel(index, place.year),
  };
}

/**
 * Rebuilds an error of the shared table reader, whose line is the worksheet's row number, so that
 * it also names the worksheet and, for a cell, its column letter and header.
 */
function placeInSheet(error: ImportError, rowNumber: number, place: TablePlace): ImportError {
  const location = error.columnIndex === null ? { ...error.location, sheet: place.sheet.name } : sheetLocation(place, rowNumber, error.columnIndex);
  return new ImportError(error.code, error.detail, location);
}

function tableColumnLabel(index: number, year: number | undefined): string {
  if (year === undefined && index === 9) return '年度投资额';
  return columnLabelAt(index, year ?? 0);
}

/** Converts a 1-based column number to its letters: 1 → A, 27 → AA. */
export function columnLetter(columnNumber: number): string {
  let letters = '';
  let rest = columnNumber;
  while (rest > 0) {
    const digit = (rest - 1) % 26;
    letters = String.fromCharCode(65 + digit) + letters;
    rest = Math.floor((rest - 1) / 26);
  }
  return letters;
}
