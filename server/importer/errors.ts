/** Stable ids of the reasons an import is rejected. */
export type ImportErrorCode =
  | 'no-table'
  | 'bad-header'
  | 'cell-count'
  | 'unclosed-quote'
  | 'invalid-amount'
  | 'invalid-seq'
  | 'duplicate-seq'
  | 'invalid-nature'
  | 'invalid-period'
  | 'missing-cell'
  | 'unknown-summary'
  | 'duplicate-summary'
  | 'row-after-total'
  | 'no-projects'
  | 'unsupported-unit'
  | 'missing-batch-field'
  | 'invalid-batch-field'
  | 'year-mismatch'
  | 'unsupported-format'
  | 'invalid-workbook'
  | 'formula-without-result';

export interface ImportErrorLocation {
  /** 1-based line in the decoded text file, or the row number in the worksheet of a workbook. */
  line?: number;
  /** Header name of the table column, e.g. 建设性质. */
  column?: string;
  /** 0-based index of the column in the plan table (序号 is 0), so a workbook can name its letter. */
  columnIndex?: number;
  /** Name of the worksheet, for a workbook. */
  sheet?: string;
  /** Column letter in the worksheet, e.g. G. */
  columnLetter?: string;
}

/** Invalid input: the file cannot be imported as it is. The message is Chinese and names the place. */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  readonly code: ImportErrorCode;
  readonly line: number | null;
  readonly column: string | null;
  readonly columnIndex: number | null;
  readonly sheet: string | null;
  readonly columnLetter: string | null;
  /** The message without the line and column prefix. */
  readonly detail: string;

  constructor(code: ImportErrorCode, detail: string, location: ImportErrorLocation = {}) {
    super(formatLocation(location) + detail);
    this.code = code;
    this.line = location.line ?? null;
    this.column = location.column ?? null;
    this.columnIndex = location.columnIndex ?? null;
    this.sheet = location.sheet ?? null;
    this.columnLetter = location.columnLetter ?? null;
    this.detail = detail;
  }

  /** The location this error was raised with, for rebuilding it with more of the place filled in. */
  get location(): ImportErrorLocation {
    const location: ImportErrorLocation = {};
    if (this.line !== null) location.line = this.line;
    if (this.column !== null) location.column = this.column;
    if (this.columnIndex !== null) location.columnIndex = this.columnIndex;
    if (this.sheet !== null) location.sheet = this.sheet;
    if (this.columnLetter !== null) location.columnLetter = this.columnLetter;
    return location;
  }
}

function formatLocation(location: ImportErrorLocation): string {
  if (location.sheet !== undefined) return formatSheetLocation(location);

  const { line, column } = location;
  if (line !== undefined && column !== undefined) return `第 ${line} 行“${column}”列：`;
  if (line !== undefined) return `第 ${line} 行：`;
  if (column !== undefined) return `“${column}”列：`;
  return '';
}

/** Formats a place in a worksheet, e.g. 工作表“附件”第 12 行 G 列（总投资额）：. */
function formatSheetLocation({ sheet, line, column, columnLetter }: ImportErrorLocation): string {
  let place = `工作表“${sheet}”`;
  if (line !== undefined) place += `第 ${line} 行`;
  if (columnLetter !== undefined) {
    place += ` ${columnLetter} 列`;
    if (column !== undefined) place += `（${column}）`;
  } else if (column !== undefined) {
    place += `“${column}”列`;
  }
  return `${place}：`;
}
