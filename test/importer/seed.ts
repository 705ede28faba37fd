import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The Zhoushan 2022 third-batch notice as published, UTF-8 with LF line endings. */
export const SEED_PATH = fileURLToPath(new URL('../../seeds/000_722b16daf95b2959.txt', import.meta.url));

export const seedText = readFileSync(SEED_PATH, 'utf8');

/** Replaces one line (1-based) of the published notice. */
export function replaceLine(lineNumber: number, replace: (line: string) => string): string {
  const lines = seedText.split('\n');
  lines[lineNumber - 1] = replace(lines[lineNumber - 1] ?? '');
  return lines.join('\n');
}

/** Replaces cell `cellIndex` (0-based) of one line of the published notice. */
export function replaceCell(lineNumber: number, cellIndex: number, value: string): string {
  return replaceLine(lineNumber, (line) => {
    const cells = line.split('\t');
    cells[cellIndex] = value;
    return cells.join('\t');
  });
}

/** Returns the attachment table alone, from its first header row to the 合计 row, as a spreadsheet exports it. */
export function seedTableOnly(): string {
  const lines = seedText.split('\n');
  const start = lines.findIndex((line) => line.startsWith('序号\t'));
  const end = lines.findIndex((line) => line.startsWith('合计\t'));
  return `${lines.slice(start, end + 1).join('\n')}\n`;
}

// Lines of the published notice that the tests touch.
export const LINES = {
  title: 7,
  signature: 17,
  amountUnit: 25,
  firstHeader: 27,
  secondHeader: 28,
  seq1: 29,
  seq2: 30,
  seq3: 34,
  seq5: 36,
  seq27: 73,
  newSubtotal: 82,
  seq58: 129,
  continuingSubtotal: 130,
  total: 131,
} as const;
