import { buildBatch } from './batch.ts';
import { checkProjects, checkSummaries } from './checks.ts';
import { decodeNotice } from './decode.ts';
import { ImportError } from './errors.ts';
import { readNoticeHeader, type NoticeLine } from './header.ts';
import { splitRecords, type TableRecord } from './records.ts';
import { readProjects, readSummaryRow } from './rows.ts';
import { isTableStart, readTable } from './table.ts';
import type { ParseOptions, ParsedNotice } from './types.ts';

/**
 * Parses a plan notice as published (header block and attachment table) or a TSV of the table alone,
 * in UTF-8 (with or without BOM), GB18030/GBK or UTF-16 with BOM, with LF or CRLF line endings.
 * `options` fill or override the batch fields, and a TSV without header block needs all three.
 * Throws ImportError for input that cannot be imported. Sums that do not add up are returned as
 * findings and do not stop the import.
 */
export function parseNotice(input: Buffer, options: ParseOptions = {}): ParsedNotice {
  const { text } = decodeNotice(input);
  const lines = text.split('\n');

  const tableStart = lines.findIndex(isTableStart);
  if (tableStart < 0) throw new ImportError('no-table', '找不到项目表：没有以“序号”开头、以制表符分隔的表头行');

  const headerLines = lines.slice(0, tableStart).map((line, index) => ({ line: index + 1, text: line }));
  return readNoticeTable(headerLines, splitRecords(lines.slice(tableStart).join('\n'), tableStart + 1), options);
}

/**
 * Reads a notice from its lines above the plan table and the table's rows, starting with the first
 * header row. The text and the workbook importers both end here, so they share every check.
 */
export function readNoticeTable(headerLines: NoticeLine[], tableRecords: TableRecord[], options: ParseOptions): ParsedNotice {
  const header = readNoticeHeader(headerLines);
  const table = readTable(tableRecords);

  const projects = readProjects(table.projectRows, table.year);
  const summaries = table.summaryRows.map((row) => readSummaryRow(row, table.year));
  const batch = buildBatch(header, options, table.year);

  const findings = [...checkProjects(projects), ...checkSummaries(projects, summaries, table.year)];
  return { batch, projects, findings };
}
