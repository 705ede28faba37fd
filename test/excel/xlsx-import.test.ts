import test from 'ava';
import ExcelJS from 'exceljs';
import { ImportError, type ImportErrorCode } from '../../server/importer/errors.ts';
import { parseNoticeFile } from '../../server/importer/parse-file.ts';
import { parseNotice } from '../../server/importer/parse-notice.ts';
import { parsedNoticeSchema, type ParseOptions } from '../../server/importer/types.ts';
import { parseWorkbook } from '../../server/importer/xlsx.ts';
import { seedTableOnly, seedText } from '../importer/seed.ts';
import { BATCH_OPTIONS, seedWorkbook, type TableRow } from './workbooks.ts';

const parsedSeed = parseNotice(Buffer.from(seedText, 'utf8'));

interface Located {
  code: ImportErrorCode;
  sheet: string | null;
  line: number | null;
  columnLetter: string | null;
  column: string | null;
}

async function rejects(input: Buffer, options: ParseOptions = {}): Promise<ImportError> {
  try {
    await parseNoticeFile(input, options);
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error('parseNoticeFile accepted invalid input');
}

function located(error: ImportError): Located {
  return { code: error.code, sheet: error.sheet, line: error.line, columnLetter: error.columnLetter, column: error.column };
}

/** Changes one cell of the row whose first cell is `key` (序号 or a 小计/合计 label). */
function setCell(key: string, index: number, value: TableRow[number]): (rows: TableRow[]) => void {
  return (rows) => {
    const row = rows.find((cells) => cells[0] === key);
    if (row === undefined) throw new Error(`no row ${key}`);
    row[index] = value;
  };
}

test('notice workbook equals the text import', async (t) => {
  const { bytes } = await seedWorkbook();
  const parsed = await parseWorkbook(bytes);

  t.true(parsedNoticeSchema.safeParse(parsed).success);
  t.deepEqual(parsed, parsedSeed);
});

test('workbook chosen by content, not name', async (t) => {
  const { bytes } = await seedWorkbook();
  t.deepEqual(await parseNoticeFile(bytes), parsedSeed);
  t.deepEqual(await parseNoticeFile(Buffer.from(seedText, 'utf8')), parsedSeed);
});

test('amounts stored as text', async (t) => {
  const { bytes } = await seedWorkbook({ amounts: 'text' });
  t.deepEqual(await parseWorkbook(bytes), parsedSeed);
});

test('amounts as text with spaces', async (t) => {
  const { bytes } = await seedWorkbook({ amounts: 'text', edit: setCell('58', 6, ' 41.615 ') });
  const parsed = await parseWorkbook(bytes);
  t.is(parsed.projects.find((project) => project.seq === 58)?.investment.total, 41_615_000);
});

test('float noise rounds to the table step', async (t) => {
  // 55 + 1e-14 is the next double above 55, as a spreadsheet formula can leave it.
  const noisy = 55.00000000000001;
  t.not(noisy, 55);
  const { bytes } = await seedWorkbook({
    edit: (rows) => {
      setCell('30', 6, noisy)(rows);
      setCell('30', 8, noisy)(rows);
    },
  });

  const parsed = await parseWorkbook(bytes);
  t.deepEqual(parsed.projects.find((project) => project.seq === 30)?.investment, { total: 55_000_000, special: 0, other: 55_000_000 });
  t.deepEqual(parsed.findings, parsedSeed.findings);
});

test('three decimals survive the float', async (t) => {
  const parsed = await parseWorkbook((await seedWorkbook()).bytes);
  const row = parsed.projects.find((project) => project.seq === 58);
  t.deepEqual(row?.investment, { total: 41_615_000, special: 41_615_000, other: 0 });
  t.deepEqual(row?.yearInvestment, { year: 2022, total: 6_615_000, special: 6_615_000, other: 0 });
});

test('missing 合计 drops its findings only', async (t) => {
  const { bytes } = await seedWorkbook({ withoutTotal: true });
  const parsed = await parseWorkbook(bytes);

  t.deepEqual(parsed.projects, parsedSeed.projects);
  t.deepEqual(
    parsed.findings,
    parsedSeed.findings.filter((finding) => finding.kind !== 'total'),
  );
});

test('subtotals as formulas with results', async (t) => {
  const { bytes } = await seedWorkbook({
    edit: setCell('合计', 6, { formula: 'SUM(G7:G40)', result: 14032 }),
  });
  t.deepEqual((await parseWorkbook(bytes)).findings, parsedSeed.findings);
});

test('formula without a result', async (t) => {
  const workbook = await seedWorkbook({ edit: setCell('合计', 9, { formula: 'SUM(J7:J40)' } as ExcelJS.CellFormulaValue) });
  const error = await rejects(workbook.bytes);

  t.deepEqual(located(error), {
    code: 'formula-without-result',
    sheet: '附件',
    line: workbook.rowOf('合计'),
    columnLetter: 'J',
    column: '2022年投资额',
  });
  t.regex(error.message, /公式/);
});

test('text amount that is not a number', async (t) => {
  const workbook = await seedWorkbook({ edit: setCell('1', 6, '108万') });
  const error = await rejects(workbook.bytes);
  const row = workbook.rowOf(1);

  t.deepEqual(located(error), { code: 'invalid-amount', sheet: '附件', line: row, columnLetter: 'G', column: '总投资额' });
  t.is(error.message, `工作表“附件”第 ${row} 行 G 列（总投资额）：“108万”不是有效的金额（应为万元数，例如 41.615）`);
});

test('number finer than the table', async (t) => {
  const workbook = await seedWorkbook({ edit: setCell('58', 6, 41.6151) });
  const error = await rejects(workbook.bytes);
  const row = workbook.rowOf(58);

  t.deepEqual(located(error), { code: 'invalid-amount', sheet: '附件', line: row, columnLetter: 'G', column: '总投资额' });
  t.is(
    error.message,
    `工作表“附件”第 ${row} 行 G 列（总投资额）：金额 41.6151 的小数位超出了项目表的精度（万元最多 3 位小数，即精确到 10 元）`,
  );
});

test('negative number amount', async (t) => {
  const workbook = await seedWorkbook({ edit: setCell('2', 10, -26.5) });
  const error = await rejects(workbook.bytes);
  t.deepEqual(located(error), {
    code: 'invalid-amount',
    sheet: '附件',
    line: workbook.rowOf(2),
    columnLetter: 'K',
    column: '资金来源（信息化专项）',
  });
});

test('error value in an amount cell', async (t) => {
  const workbook = await seedWorkbook({ edit: setCell('新建项目小计', 9, { error: '#REF!' }) });
  const error = await rejects(workbook.bytes);
  t.deepEqual(located(error), {
    code: 'invalid-amount',
    sheet: '附件',
    line: workbook.rowOf('新建项目小计'),
    columnLetter: 'J',
    column: '2022年投资额',
  });
  t.regex(error.message, /“#REF!”不是有效的金额/);
});

test('letters follow a shifted table', async (t) => {
  const workbook = await seedWorkbook({ firstColumn: 2, sheetName: '项目表', edit: setCell('3', 4, '改建') });
  const error = await rejects(workbook.bytes);

  t.deepEqual(located(error), { code: 'invalid-nature', sheet: '项目表', line: workbook.rowOf(3), columnLetter: 'F', column: '建设性质' });
  t.regex(error.message, /^工作表“项目表”第 \d+ 行 F 列（建设性质）：无法识别的建设性质“改建”/);
});

test('shifted table imports the same', async (t) => {
  const { bytes } = await seedWorkbook({ firstColumn: 3 });
  t.deepEqual(await parseWorkbook(bytes), parsedSeed);
});

test('period not recognised', async (t) => {
  const workbook = await seedWorkbook({ edit: setCell('5', 5, '2023-2021') });
  t.deepEqual(located(await rejects(workbook.bytes)), {
    code: 'invalid-period',
    sheet: '附件',
    line: workbook.rowOf(5),
    columnLetter: 'F',
    column: '建设年限',
  });
});

test('repeated 序号 names both rows', async (t) => {
  const workbook = await seedWorkbook({ edit: setCell('2', 0, 1) });
  const error = await rejects(workbook.bytes);

  t.deepEqual(located(error), { code: 'duplicate-seq', sheet: '附件', line: workbook.rowOf(2), columnLetter: 'A', column: '序号' });
  t.regex(error.message, new RegExp(`第 ${workbook.rowOf(1)} 行已经用过`));
});

test('unexpected header name', async (t) => {
  const workbook = await seedWorkbook();
  // Rewrite the header cell after the fact, as a person editing the header would.
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(toArrayBuffer(workbook.bytes));
  book.worksheets[0]!.getCell(workbook.headerRow, 5).value = '性质';
  const error = await rejects(Buffer.from(await book.xlsx.writeBuffer()));

  t.deepEqual(located(error), { code: 'bad-header', sheet: '附件', line: workbook.headerRow, columnLetter: 'E', column: '建设性质' });
  t.is(error.message, `工作表“附件”第 ${workbook.headerRow} 行 E 列（建设性质）：表头应为“建设性质”，实际为“性质”`);
});

test('table-only workbook with options', async (t) => {
  const { bytes } = await seedWorkbook({ above: 'none' });
  const parsed = await parseWorkbook(bytes, BATCH_OPTIONS);

  t.deepEqual(parsed.batch, { ...BATCH_OPTIONS, year: 2022, issuers: [] });
  t.deepEqual(parsed.projects, parsedSeed.projects);
  t.deepEqual(parsed.findings, parsedSeed.findings);
});

test('table-only workbook equals table-only TSV', async (t) => {
  const { bytes } = await seedWorkbook({ above: 'attachment' });
  t.deepEqual(await parseWorkbook(bytes, BATCH_OPTIONS), parseNotice(Buffer.from(seedTableOnly(), 'utf8'), BATCH_OPTIONS));
});

test('table-only workbook without options', async (t) => {
  const { bytes } = await seedWorkbook({ above: 'attachment' });
  const error = await rejects(bytes);
  t.deepEqual(located(error), { code: 'missing-batch-field', sheet: null, line: null, columnLetter: null, column: null });
  t.regex(error.message, /缺少文号/);
});

test('options override the workbook header', async (t) => {
  const { bytes } = await seedWorkbook();
  const parsed = await parseWorkbook(bytes, { docNo: '舟数管发〔2022〕9号' });
  t.is(parsed.batch.docNo, '舟数管发〔2022〕9号');
  t.is(parsed.batch.title, BATCH_OPTIONS.title);
});

test('amount unit other than 万元', async (t) => {
  const workbook = await seedWorkbook({ above: 'attachment' });
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(toArrayBuffer(workbook.bytes));
  book.worksheets[0]!.getCell(3, 1).value = '单位：元';
  const error = await rejects(Buffer.from(await book.xlsx.writeBuffer()), BATCH_OPTIONS);

  t.deepEqual(located(error), { code: 'unsupported-unit', sheet: '附件', line: 3, columnLetter: null, column: null });
  t.is(error.message, '工作表“附件”第 3 行：表格金额单位为“元”，只能导入以万元为单位的表格');
});

test('classified rows keep only the mark', async (t) => {
  const { bytes } = await seedWorkbook({ edit: setCell('6', 3, '涉密, 略') });
  const parsed = await parseWorkbook(bytes);
  const classified = parsed.projects.filter((project) => project.classified);

  t.deepEqual(
    classified.map((project) => project.seq),
    [5, 6, 33],
  );
  t.true(classified.every((project) => project.scope === '涉密，略'));
});

test('note below 合计 is not a row', async (t) => {
  const workbook = await seedWorkbook();
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(toArrayBuffer(workbook.bytes));
  const sheet = book.worksheets[0]!;
  const below = workbook.rowOf('合计') + 2;
  sheet.mergeCells(below, 1, below, 12);
  sheet.getCell(below, 1).value = '舟山市大数据发展管理局 2022年7月7日印发';

  t.deepEqual(await parseWorkbook(Buffer.from(await book.xlsx.writeBuffer())), parsedSeed);
});

test('table row after 合计', async (t) => {
  const workbook = await seedWorkbook();
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(toArrayBuffer(workbook.bytes));
  const below = workbook.rowOf('合计') + 1;
  book.worksheets[0]!.getRow(below).values = [59, '市纪委', '项目', '内容', '新建', 2022, 1, 1, null, 1, 1];

  const error = await rejects(Buffer.from(await book.xlsx.writeBuffer()));
  t.deepEqual(located(error), { code: 'row-after-total', sheet: '附件', line: below, columnLetter: null, column: null });
});

test('table on the second sheet', async (t) => {
  const workbook = await seedWorkbook({ coverSheet: true, edit: setCell('3', 4, '改建') });
  const error = await rejects(workbook.bytes);
  t.deepEqual(located(error), { code: 'invalid-nature', sheet: '附件', line: workbook.rowOf(3), columnLetter: 'E', column: '建设性质' });

  const { bytes } = await seedWorkbook({ coverSheet: true });
  t.deepEqual(await parseWorkbook(bytes), parsedSeed);
});

test('workbook without a table', async (t) => {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('Sheet1').getCell('A1').value = '项目清单';
  const error = await rejects(Buffer.from(await book.xlsx.writeBuffer()));
  t.deepEqual(located(error), { code: 'no-table', sheet: null, line: null, columnLetter: null, column: null });
  t.regex(error.message, /找不到项目表/);
});

test('damaged workbook', async (t) => {
  // The first kilobyte of a workbook starts like a ZIP package but is cut off, as a broken download is.
  const { bytes } = await seedWorkbook();
  const error = await rejects(bytes.subarray(0, 1024));
  t.is(error.code, 'invalid-workbook');
  t.regex(error.message, /不是可读取的 Excel 工作簿/);
});

test('legacy .xls is rejected with a hint', async (t) => {
  const bytes = Buffer.alloc(1024);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(bytes);
  const error = await rejects(bytes);
  t.is(error.code, 'unsupported-format');
  t.regex(error.message, /另存为 \.xlsx/);
});

function toArrayBuffer(bytes: Buffer): ArrayBuffer {
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return copy;
}
