import { ImportError } from './errors.ts';
import { formatIsoDate, type Located, type NoticeHeader } from './header.ts';
import type { NoticeBatch, ParseOptions } from './types.ts';

/**
 * Combines the header block with the caller's options, which win. Rejects a batch without 文号,
 * title or date of issue, and a title whose 年度 is not the year of the table's investment column.
 */
export function buildBatch(header: NoticeHeader, options: ParseOptions, year: number): NoticeBatch {
  const docNo = pick(options.docNo, header.docNo, '文号', '--doc-no');
  const title = pick(options.title, header.title, '通知标题', '--title');
  const issuedAt = pick(options.issuedAt, header.issuedAt, '印发日期', '--issued-at');

  if (issuedAt.line === undefined) checkIsoDate(issuedAt.value);
  checkTitleYear(title, year);

  return { docNo: docNo.value, title: title.value, issuedAt: issuedAt.value, year, issuers: header.issuers };
}

interface BatchField {
  value: string;
  /** Line of the header block, or undefined when the value came from options. */
  line: number | undefined;
}

function pick(
  option: string | undefined,
  fromHeader: Located<string> | undefined,
  name: string,
  flag: string,
): BatchField {
  const fromOption = option?.trim() ?? '';
  if (fromOption !== '') return { value: fromOption, line: undefined };
  if (fromHeader !== undefined) return fromHeader;

  throw new ImportError('missing-batch-field', `缺少${name}：文件中没有通知头部，请另行提供${name}（命令行选项 ${flag}，或导入表单中的“${name}”）`);
}

function checkIsoDate(value: string): void {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const iso = match === null ? null : formatIsoDate(Number(match[1]), Number(match[2]), Number(match[3]));
  if (iso === null) throw new ImportError('invalid-batch-field', `印发日期“${value}”无效，应为 YYYY-MM-DD 格式的日期，例如 2022-07-07`);
}

function checkTitleYear(title: BatchField, year: number): void {
  const titleYear = /(\d{4})\s*年度/.exec(title.value)?.[1];
  if (titleYear === undefined || Number(titleYear) === year) return;

  throw new ImportError('year-mismatch', `通知标题写的是 ${titleYear} 年度，但项目表的投资额列是 ${year} 年`, {
    ...(title.line === undefined ? {} : { line: title.line }),
  });
}
