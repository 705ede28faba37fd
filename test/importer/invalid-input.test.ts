import test from 'ava';
import iconv from 'iconv-lite';
import { ImportError, type ImportErrorCode } from '../../server/importer/errors.ts';
import { parseNotice } from '../../server/importer/parse-notice.ts';
import type { ParseOptions } from '../../server/importer/types.ts';
import { LINES, replaceCell, replaceLine, seedTableOnly, seedText } from './seed.ts';

interface Expected {
  code: ImportErrorCode;
  line: number | null;
  column: string | null;
}

function rejects(text: string | Buffer, options: ParseOptions = {}): ImportError {
  const input = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  try {
    parseNotice(input, options);
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error('parseNotice accepted invalid input');
}

function located(error: ImportError): Expected {
  return { code: error.code, line: error.line, column: error.column };
}

test('file without a table', (t) => {
  const headerOnly = seedText.split('\n').slice(0, 20).join('\n');
  const error = rejects(headerOnly);
  t.deepEqual(located(error), { code: 'no-table', line: null, column: null });
  t.regex(error.message, /找不到项目表/);
});

test('empty file', (t) => {
  t.deepEqual(located(rejects('')), { code: 'no-table', line: null, column: null });
});

test('row with a missing cell', (t) => {
  const error = rejects(replaceLine(LINES.seq3, (line) => line.replace(/\t$/, '')));
  t.deepEqual(located(error), { code: 'cell-count', line: LINES.seq3, column: null });
  t.is(error.message, `第 ${LINES.seq3} 行：这一行有 11 个单元格，项目表的每一行应有 12 个（以制表符分隔）`);
});

test('row with an extra cell', (t) => {
  const error = rejects(replaceLine(LINES.seq58, (line) => `${line}\t0`));
  t.deepEqual(located(error), { code: 'cell-count', line: LINES.seq58, column: null });
});

test('amount that is not a number', (t) => {
  const error = rejects(replaceCell(LINES.seq1, 6, '108万'));
  t.deepEqual(located(error), { code: 'invalid-amount', line: LINES.seq1, column: '总投资额' });
  t.is(error.message, `第 ${LINES.seq1} 行“总投资额”列：“108万”不是有效的金额（应为万元数，例如 41.615）`);
});

test('year amount that is not a number', (t) => {
  const error = rejects(replaceCell(LINES.seq2, 10, 'abc'));
  t.deepEqual(located(error), { code: 'invalid-amount', line: LINES.seq2, column: '资金来源（信息化专项）' });
});

test('subtotal amount that is not a number', (t) => {
  const error = rejects(replaceCell(LINES.newSubtotal, 9, '2,487'));
  t.deepEqual(located(error), { code: 'invalid-amount', line: LINES.newSubtotal, column: '2022年投资额' });
});

test('amount finer than one 分', (t) => {
  const error = rejects(replaceCell(LINES.seq58, 6, '41.6150001'));
  t.deepEqual(located(error), { code: 'invalid-amount', line: LINES.seq58, column: '总投资额' });
  t.regex(error.message, /精度/);
});

test('repeated 序号', (t) => {
  const error = rejects(replaceCell(LINES.seq2, 0, '1'));
  t.deepEqual(located(error), { code: 'duplicate-seq', line: LINES.seq2, column: '序号' });
  t.regex(error.message, new RegExp(`第 ${LINES.seq1} 行已经用过`));
});

test('序号 that is not a number', (t) => {
  const error = rejects(replaceCell(LINES.seq2, 0, '2a'));
  t.deepEqual(located(error), { code: 'invalid-seq', line: LINES.seq2, column: '序号' });
});

test('nature not recognised', (t) => {
  const error = rejects(replaceCell(LINES.seq3, 4, '改建'));
  t.deepEqual(located(error), { code: 'invalid-nature', line: LINES.seq3, column: '建设性质' });
  t.regex(error.message, /改建/);
});

test('period not recognised', (t) => {
  const error = rejects(replaceCell(LINES.seq5, 5, '2023-2021'));
  t.deepEqual(located(error), { code: 'invalid-period', line: LINES.seq5, column: '建设年限' });
});

test('empty unit cell', (t) => {
  const error = rejects(replaceCell(LINES.seq1, 1, ' '));
  t.deepEqual(located(error), { code: 'missing-cell', line: LINES.seq1, column: '建设单位' });
  t.is(error.message, `第 ${LINES.seq1} 行“建设单位”列：建设单位不能为空`);
});

test('empty unit between separators', (t) => {
  const error = rejects(replaceCell(LINES.seq1, 1, '市纪委、'));
  t.deepEqual(located(error), { code: 'missing-cell', line: LINES.seq1, column: '建设单位' });
});

test('empty name cell', (t) => {
  const error = rejects(replaceCell(LINES.seq5, 2, ''));
  t.deepEqual(located(error), { code: 'missing-cell', line: LINES.seq5, column: '项目名称' });
});

test('empty 序号 cell', (t) => {
  const error = rejects(replaceCell(LINES.seq3, 0, ''));
  t.deepEqual(located(error), { code: 'missing-cell', line: LINES.seq3, column: '序号' });
});

test('unknown summary row', (t) => {
  const error = rejects(replaceCell(LINES.newSubtotal, 0, '新项目小计'));
  t.deepEqual(located(error), { code: 'unknown-summary', line: LINES.newSubtotal, column: '序号' });
});

test('table row after 合计', (t) => {
  const text = replaceLine(LINES.total, (line) => `${line}\n59\t市纪委\t项目\t内容\t新建\t2022\t1\t1\t\t1\t1\t`);
  t.deepEqual(located(rejects(text)), { code: 'row-after-total', line: LINES.total + 1, column: null });
});

test('missing second header row', (t) => {
  const error = rejects(replaceLine(LINES.secondHeader, () => ''));
  t.deepEqual(located(error), { code: 'bad-header', line: LINES.seq1, column: null });
});

test('unexpected header name', (t) => {
  const error = rejects(replaceCell(LINES.firstHeader, 4, '性质'));
  t.deepEqual(located(error), { code: 'bad-header', line: LINES.firstHeader, column: '第 5 列' });
});

test('table not in 万元', (t) => {
  const error = rejects(replaceLine(LINES.amountUnit, () => '单位：元'));
  t.deepEqual(located(error), { code: 'unsupported-unit', line: LINES.amountUnit, column: null });
});

test('line numbers survive GB18030 and CRLF', (t) => {
  const text = replaceCell(LINES.seq3, 4, '改建').replace(/\n/g, '\r\n');
  const error = rejects(iconv.encode(text, 'gb18030'));
  t.deepEqual(located(error), { code: 'invalid-nature', line: LINES.seq3, column: '建设性质' });
});

test('line numbers count lines inside quoted cells', (t) => {
  const lines = seedTableOnly().split('\n');
  const first = lines[2]?.split('\t') ?? [];
  first[2] = '"舟山市纪委\n监督平台"';
  lines[2] = first.join('\t');
  lines[3] = lines[3]?.replace('\t新建\t', '\t改建\t') ?? '';
  const error = rejects(lines.join('\n'), { docNo: 'X〔2022〕1号', title: '关于X的通知', issuedAt: '2022-07-07' });
  t.deepEqual(located(error), { code: 'invalid-nature', line: 5, column: '建设性质' });
});

test('TSV without batch fields', (t) => {
  const table = seedTableOnly();
  const noDocNo = rejects(table);
  t.deepEqual(located(noDocNo), { code: 'missing-batch-field', line: null, column: null });
  t.regex(noDocNo.message, /缺少文号/);

  t.regex(rejects(table, { docNo: '舟数管发〔2022〕4号' }).message, /缺少通知标题/);
  t.regex(rejects(table, { docNo: '舟数管发〔2022〕4号', title: '关于X的通知' }).message, /缺少印发日期/);
});

test('invalid issued date option', (t) => {
  const error = rejects(seedText, { issuedAt: '2022-02-30' });
  t.deepEqual(located(error), { code: 'invalid-batch-field', line: null, column: null });
});

test('title year differs from table year', (t) => {
  const error = rejects(seedText, { title: '关于下达舟山市2023年度第一批项目计划的通知' });
  t.deepEqual(located(error), { code: 'year-mismatch', line: null, column: null });

  const inHeader = rejects(replaceLine(LINES.title, (line) => line.replace('2022 年度', '2021 年度')));
  t.deepEqual(located(inHeader), { code: 'year-mismatch', line: LINES.title, column: null });
});
