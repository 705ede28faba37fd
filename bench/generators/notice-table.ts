// Builds a notice in the real notice's text layout with any number of rows. It keeps the real
// header and footer and copies the real rows in turn (新建 rows first, then 历年 rows) with new
// 序号 and names. The printed subtotals and grand total add up.
import { readFileSync } from 'node:fs';

export const realNoticePath = 'seeds/000_722b16daf95b2959.txt';

const amountColumns = [6, 7, 8, 9, 10, 11];

/** Parses a 万元 amount as printed ("41.615", "") into thousandths of 万元, without floating point. */
function thousandths(text: string): number {
  if (text.trim() === '') return 0;
  const [whole, fraction = ''] = text.trim().split('.');
  return Number(whole) * 1000 + Number(fraction.padEnd(3, '0').slice(0, 3));
}

/** Prints a sum the way official tables print subtotals: rounded to whole 万元. */
function printed(sum: number): string {
  return String(Math.round(sum / 1000));
}

function totalLine(label: string, sums: number[]): string {
  return [label, '', '', '', '', '', ...sums.map(printed)].join('\t');
}

export function generateNotice(rowCount: number): Buffer {
  const lines = readFileSync(realNoticePath, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
  const firstRow = lines.findIndex((line) => line.startsWith('1\t'));
  const grandTotal = lines.findIndex((line) => line.startsWith('合计'));
  if (firstRow < 0 || grandTotal < 0) throw new Error(`${realNoticePath} has no table`);

  const templates = lines.slice(firstRow, grandTotal).filter((line) => /^\d+\t/.test(line)).map((line) => line.split('\t'));
  const newRows = templates.filter((cells) => cells[4] !== '历年');
  const continuingRows = templates.filter((cells) => cells[4] === '历年');
  const newCount = Math.round(rowCount * (newRows.length / templates.length));

  const body: string[] = [];
  const newSums = amountColumns.map(() => 0);
  const continuingSums = amountColumns.map(() => 0);
  for (let index = 0; index < rowCount; index += 1) {
    const isNew = index < newCount;
    const source = isNew ? newRows : continuingRows;
    const cells = [...source[index % source.length]!];
    cells[0] = String(index + 1);
    cells[2] = `${cells[2]}（第${index + 1}项）`;
    const sums = isNew ? newSums : continuingSums;
    amountColumns.forEach((column, position) => {
      sums[position]! += thousandths(cells[column] ?? '');
    });
    body.push(cells.join('\t'));
    if (index + 1 === newCount) body.push(totalLine('新建项目小计', newSums));
  }
  body.push(totalLine('历年项目小计', continuingSums));
  body.push(totalLine('合计', newSums.map((sum, position) => sum + continuingSums[position]!)));

  return Buffer.from([...lines.slice(0, firstRow), ...body, ...lines.slice(grandTotal + 1)].join('\n'), 'utf8');
}
