import { ImportError } from './errors.ts';
import { parseNotice } from './parse-notice.ts';
import type { ParseOptions, ParsedNotice } from './types.ts';

// An .xlsx workbook is a ZIP package, whose first local file header starts with these bytes.
const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
// Legacy .xls and .doc files are OLE compound files.
const COMPOUND_FILE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * Parses a notice file of any supported kind, chosen by its content and not by its name: an .xlsx
 * workbook, or else text (the notice as published, or a TSV of its table). Rejects a legacy .xls
 * or .doc file with a hint to save it in a supported format.
 */
export async function parseNoticeFile(input: Buffer, options: ParseOptions = {}): Promise<ParsedNotice> {
  if (startsWith(input, ZIP_SIGNATURE)) {
    // Loaded on demand, so that importing a text notice does not load exceljs.
    const { parseWorkbook } = await import('./xlsx.ts');
    return parseWorkbook(input, options);
  }
  if (startsWith(input, COMPOUND_FILE_SIGNATURE)) {
    throw new ImportError('unsupported-format', '这是旧版 Excel（.xls）或 Word（.doc）文件，请另存为 .xlsx 工作簿或文本文件后再导入');
  }
  return parseNotice(input, options);
}

function startsWith(input: Buffer, signature: Buffer): boolean {
  return input.length >= signature.length && input.subarray(0, signature.length).equals(signature);
}
