import { ImportError } from './errors.ts';

/**
 * A cell of the plan table: text as written, or a number as a workbook stores it (a binary float,
 * so 41.615 may arrive as 41.614999999999995). Rows of text files hold only strings.
 */
export type TableCell = string | number;

/** One row of the plan table, from tab-separated text or from a worksheet. */
export interface TableRecord {
  /** 1-based line on which the row starts, or the row number in the worksheet. */
  line: number;
  cells: TableCell[];
}

/** Returns a cell as text; a number becomes its shortest decimal form (2022 → "2022"). */
export function cellString(cell: TableCell | undefined): string {
  if (cell === undefined) return '';
  return typeof cell === 'number' ? String(cell) : cell;
}

/**
 * Splits tab-separated text into rows. A cell that starts with a double quote is quoted the way
 * spreadsheets export it: it ends at the next lone quote, "" stands for one quote, and tabs and line
 * breaks inside it belong to the cell. `firstLine` is the file line number of the text's first line.
 */
export function splitRecords(text: string, firstLine: number): TableRecord[] {
  const records: TableRecord[] = [];
  let line = firstLine;
  let recordLine = firstLine;
  let cells: string[] = [];
  let cell = '';
  let atCellStart = true;
  let index = 0;

  while (index < text.length) {
    const char = text[index];

    if (char === '"' && atCellStart) {
      const quote = readQuotedCell(text, index + 1, line);
      cell = quote.value;
      line = quote.line;
      index = quote.end;
      atCellStart = false;
      continue;
    }

    if (char === '\t') {
      cells.push(cell);
      cell = '';
      atCellStart = true;
    } else if (char === '\n') {
      cells.push(cell);
      records.push({ line: recordLine, cells });
      cells = [];
      cell = '';
      atCellStart = true;
      line += 1;
      recordLine = line;
    } else {
      cell += char;
      atCellStart = false;
    }
    index += 1;
  }

  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    records.push({ line: recordLine, cells });
  }
  return records;
}

interface QuotedCell {
  value: string;
  /** Index just after the closing quote. */
  end: number;
  /** Line on which the closing quote sits. */
  line: number;
}

function readQuotedCell(text: string, start: number, startLine: number): QuotedCell {
  let value = '';
  let line = startLine;
  let index = start;

  while (index < text.length) {
    const char = text[index];
    if (char === '"') {
      if (text[index + 1] !== '"') return { value, end: index + 1, line };
      value += '"';
      index += 2;
      continue;
    }

    if (char === '\n') line += 1;
    value += char;
    index += 1;
  }

  throw new ImportError('unclosed-quote', '单元格以英文双引号开头，但直到文件末尾都没有闭合的引号', { line: startLine });
}
