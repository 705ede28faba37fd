import iconv from 'iconv-lite';

export type NoticeEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export interface DecodedText {
  /** The text with any byte order mark removed and every line ending turned into LF. */
  text: string;
  encoding: NoticeEncoding;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a notice file. A UTF-16 byte order mark selects UTF-16, as in the "Unicode text" export of
 * spreadsheets. Otherwise valid UTF-8 is read as UTF-8, with or without a BOM. Anything else is read
 * as GB18030, which also covers GBK and GB2312.
 */
export function decodeNotice(input: Buffer): DecodedText {
  const encoding = detectEncoding(input);
  const decoded = encoding === 'utf-8' ? utf8.decode(input) : iconv.decode(input, encoding);

  const text = decoded.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  return { text, encoding };
}

function detectEncoding(input: Buffer): NoticeEncoding {
  if (input[0] === 0xff && input[1] === 0xfe) return 'utf-16le';
  if (input[0] === 0xfe && input[1] === 0xff) return 'utf-16be';

  try {
    utf8.decode(input);
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}
