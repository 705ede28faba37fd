import { ImportError } from './errors.ts';
import { cleanText, removeWhitespace } from './text.ts';

/** A line of the notice above the plan table. */
export interface NoticeLine {
  /** 1-based line in the file. */
  line: number;
  text: string;
}

export interface Located<T> {
  value: T;
  line: number;
}

/** Batch fields found in the notice's header block; each is absent when the file has no such line. */
export interface NoticeHeader {
  docNo?: Located<string>;
  title?: Located<string>;
  issuedAt?: Located<string>;
  issuers: string[];
}

// 文号 such as 舟数管发〔2022〕4号, with the brackets as printed.
const DOC_NO = /^\p{Script=Han}+[〔［[（(]\d{4}[〕］\]）)]\d+号$/u;
const TITLE = /关于.*(通知|决定|批复)$/;
const DATE = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;
const AMOUNT_UNIT = /^单位[:：](.*)$/;
const ORGAN_NAME = /^\p{Script=Han}{2,30}$/u;

/**
 * Reads the header block: 文号, title, date of issue and the issuing organs. The issuers are taken
 * from the signature line above the date, or else from the names printed before the title's 关于.
 * Rejects a table whose stated unit (单位：…) is not 万元.
 */
export function readNoticeHeader(lines: NoticeLine[]): NoticeHeader {
  // Spaces stay here because they separate the issuers' names; cleanText would join them.
  const cleaned = lines
    .map(({ line, text }) => ({ line, text: text.replace(/\s+/g, ' ').trim() }))
    .filter(({ text }) => text !== '');

  checkAmountUnit(cleaned);

  const docNoLine = cleaned.find(({ text }) => DOC_NO.test(removeWhitespace(text)));
  const titleLine = cleaned.find(({ text }) => TITLE.test(text));
  const dateIndex = cleaned.findIndex(({ text }) => DATE.test(removeWhitespace(text)));
  const dateLine = cleaned[dateIndex];

  const header: NoticeHeader = { issuers: [] };
  if (docNoLine !== undefined) header.docNo = { value: removeWhitespace(docNoLine.text), line: docNoLine.line };
  if (titleLine !== undefined) {
    header.title = { value: cleanText(titleLine.text.slice(titleLine.text.indexOf('关于'))), line: titleLine.line };
  }
  if (dateLine !== undefined) header.issuedAt = { value: readChineseDate(dateLine), line: dateLine.line };

  const signature = cleaned[dateIndex - 1]?.text ?? '';
  const titlePrefix = titleLine?.text.slice(0, titleLine.text.indexOf('关于')) ?? '';
  header.issuers = readOrganNames(signature) ?? readOrganNames(titlePrefix) ?? [];
  return header;
}

/** Converts "2022年7月7日" to "2022-07-07", rejecting a day that does not exist. */
function readChineseDate({ line, text }: NoticeLine): string {
  const match = DATE.exec(removeWhitespace(text));
  const iso = match === null ? null : formatIsoDate(Number(match[1]), Number(match[2]), Number(match[3]));
  if (iso === null) throw new ImportError('invalid-batch-field', `印发日期“${text}”不是有效的日期`, { line });
  return iso;
}

/** Returns YYYY-MM-DD, or null when the calendar has no such day. */
export function formatIsoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  const valid = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return valid ? date.toISOString().slice(0, 10) : null;
}

function readOrganNames(text: string): string[] | null {
  const names = text.split(' ').filter((name) => name !== '');
  return names.length > 0 && names.every((name) => ORGAN_NAME.test(name)) ? names : null;
}

function checkAmountUnit(lines: NoticeLine[]): void {
  for (const { line, text } of lines) {
    const unit = AMOUNT_UNIT.exec(removeWhitespace(text))?.[1];
    if (unit !== undefined && unit !== '万元') {
      throw new ImportError('unsupported-unit', `表格金额单位为“${unit}”，只能导入以万元为单位的表格`, { line });
    }
  }
}
