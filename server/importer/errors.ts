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
  | 'year-mismatch';

export interface ImportErrorLocation {
  /** 1-based line in the decoded file. */
  line?: number;
  /** Header name of the table column, e.g. 建设性质. */
  column?: string;
}

/** Invalid input: the file cannot be imported as it is. The message is Chinese and names the place. */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  readonly code: ImportErrorCode;
  readonly line: number | null;
  readonly column: string | null;
  /** The message without the line and column prefix. */
  readonly detail: string;

  constructor(code: ImportErrorCode, detail: string, location: ImportErrorLocation = {}) {
    super(formatLocation(location) + detail);
    this.code = code;
    this.line = location.line ?? null;
    this.column = location.column ?? null;
    this.detail = detail;
  }
}

function formatLocation({ line, column }: ImportErrorLocation): string {
  if (line !== undefined && column !== undefined) return `第 ${line} 行“${column}”列：`;
  if (line !== undefined) return `第 ${line} 行：`;
  if (column !== undefined) return `“${column}”列：`;
  return '';
}
