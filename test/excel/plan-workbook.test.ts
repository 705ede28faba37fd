import test from 'ava';
import ExcelJS from 'exceljs';
import mongoose, { type Types } from 'mongoose';
import { loadPlanExport, type PlanExport } from '../../server/exports/plan-data.ts';
import { CONFIRMATION_SHEET_NAME, PLAN_SHEET_NAME, planWorkbookFileName, writePlanWorkbook } from '../../server/exports/plan-workbook.ts';
import { parseNotice } from '../../server/importer/parse-notice.ts';
import { saveParsedNotice } from '../../server/importer/save.ts';
import type { NoticeProject } from '../../server/importer/types.ts';
import { parseWorkbook } from '../../server/importer/xlsx.ts';
import { Batch } from '../../server/models/batch.ts';
import { Confirmation } from '../../server/models/confirmation.ts';
import { Contact } from '../../server/models/contact.ts';
import { Project } from '../../server/models/project.ts';
import { refreshProjectProgress } from '../../server/reports/progress.ts';
import { Report, type ReportState } from '../../server/models/report.ts';
import { Unit } from '../../server/models/unit.ts';
import type { Stage } from '../../server/reports/stage-names.ts';
import { connectTestDatabase, dropTestDatabase } from '../helpers/database.ts';
import { seedText } from '../importer/seed.ts';

const parsedSeed = parseNotice(Buffer.from(seedText, 'utf8'));
const SECRET_SCOPE = '（测试用的涉密内容，不得导出）';

let batchId: Types.ObjectId;
let plan: PlanExport;
let bytes: Buffer;
let sheet: ExcelJS.Worksheet;
let confirmations: ExcelJS.Worksheet;

test.before(async () => {
  await connectTestDatabase();
  const saved = await saveParsedNotice(parsedSeed);
  batchId = new mongoose.Types.ObjectId(saved.batchId);
  // A classified project whose stored scope contains text must still export only the mark.
  await Project.updateOne({ batchId, seq: 5 }, { $set: { scope: SECRET_SCOPE } });
  await seedProgress();

  plan = (await loadPlanExport(batchId))!;
  bytes = await writePlanWorkbook(plan);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(toArrayBuffer(bytes));
  sheet = workbook.getWorksheet(PLAN_SHEET_NAME)!;
  confirmations = workbook.getWorksheet(CONFIRMATION_SHEET_NAME)!;
});

test.after.always(async () => {
  await dropTestDatabase();
});

/** Reports of project 1 and two contacts of 市纪委, one of whom confirmed. */
async function seedProgress(): Promise<void> {
  const project = (await Project.findOne({ batchId, seq: 1 }).lean())!;
  const unit = (await Unit.findOne({ name: '市纪委' }).lean())!;
  const [wang, li] = await Contact.create([
    { userId: 'excel-test-1', name: '王晓明', role: 'contact', unitIds: [unit._id] },
    { userId: 'excel-test-2', name: '李文', role: 'contact', unitIds: [unit._id] },
  ]);
  await Confirmation.create({
    batchId,
    contactId: wang!._id,
    unitIds: [unit._id],
    confirmedAt: new Date('2022-07-08T01:30:00Z'),
    channel: 'miniapp',
  });

  const report = (stage: Stage, state: ReportState, submittedAt: string, fields: object, paidToDate: number) => ({
    projectId: project._id,
    batchId,
    stage,
    authorContactId: wang!._id,
    authorUnitIds: [unit._id],
    idempotencyKey: `${stage}-${submittedAt}`,
    state,
    fields,
    common: { paidToDate, progressPercent: 30, risks: '', note: '' },
    submittedBy: { contactId: wang!._id, userId: 'excel-test-1', name: '王晓明' },
    submittedAt: new Date(submittedAt),
    review:
      state === 'submitted'
        ? null
        : { decision: state === 'accepted' ? ('accept' as const) : ('return' as const), reason: '', byUserId: 'a', byName: '管理员', at: new Date(submittedAt) },
  });
  await Report.create([
    report('procurement', 'accepted', '2022-08-26T02:00:00Z', { winningAmount: 98_500_000 }, 0),
    report('contractFiling', 'submitted', '2022-09-10T02:00:00Z', { amount: 98_500_000 }, 29_550_000),
    // Returned for correction, so neither its amount nor its payment counts.
    report('supervision', 'returned', '2022-09-20T02:00:00Z', { contractAmount: 2_000_000 }, 99_000_000),
  ]);
  // A later contract filing that was returned does not replace the standing amount.
  await Report.create(report('contractFiling', 'returned', '2022-09-25T02:00:00Z', { amount: 120_000_000 }, 0));
  await refreshProjectProgress(project._id);
}

function toArrayBuffer(buffer: Buffer): ArrayBuffer {
  const copy = new ArrayBuffer(buffer.byteLength);
  new Uint8Array(copy).set(buffer);
  return copy;
}

/** Finds the sheet row whose first cell is `key` (序号 or a 小计/合计 label). */
function rowOf(key: number | string): ExcelJS.Row {
  for (let rowNumber = 1; rowNumber <= sheet.rowCount; rowNumber += 1) {
    if (sheet.getRow(rowNumber).getCell(1).value === key) return sheet.getRow(rowNumber);
  }
  throw new Error(`no row ${key}`);
}

function sumFen(projects: NoticeProject[], amount: (project: NoticeProject) => number): number {
  return projects.reduce((total, project) => total + amount(project), 0);
}

test('export reads back as the seed', async (t) => {
  const parsed = await parseWorkbook(bytes);

  t.deepEqual(parsed.batch, parsedSeed.batch);
  t.is(parsed.projects.length, 58);
  t.deepEqual(parsed.projects, parsedSeed.projects);
});

test('export findings match on the rows', async (t) => {
  const parsed = await parseWorkbook(bytes);
  const rowKinds = new Set(['row-sum', 'year-exceeds-total']);

  // The export prints exact sums, so the printed-subtotal findings of the notice do not recur.
  t.deepEqual(
    parsed.findings,
    parsedSeed.findings.filter((finding) => rowKinds.has(finding.kind)),
  );
});

test('export notes the notice findings', (t) => {
  const notes: string[] = [];
  sheet.eachRow((row) => {
    const text = row.getCell(1).text;
    if (text.startsWith('注：') || /^\d+\. /.test(text)) notes.push(text);
  });
  t.is(notes.length, 1 + parsedSeed.findings.length);
  t.is(notes[1], `1. ${parsedSeed.findings[0]!.message}`);
});

test('export header is merged as the notice', (t) => {
  const merges = (sheet.model as unknown as { merges: string[] }).merges;
  for (const range of ['A5:A6', 'B5:B6', 'G5:G6', 'H5:I5', 'J5:J6', 'K5:L5', 'M5:N5', 'Y5:Y6', 'Z5:Z6']) {
    t.true(merges.includes(range), range);
  }

  const first = ['序号', '建设单位', '项目名称', '建设内容', '建设性质', '建设年限', '总投资额', '总投资来源', '总投资来源', '2022年投资额', '资金来源', '资金来源'];
  t.deepEqual(
    first.map((_, index) => sheet.getCell(5, index + 1).text),
    first,
  );
  t.deepEqual(
    [8, 9, 11, 12].map((column) => sheet.getCell(6, column).text),
    ['信息化专项', '其他', '信息化专项', '其他'],
  );
  t.deepEqual(
    [13, 15, 17, 19, 21, 23].map((column) => sheet.getCell(5, column).text),
    ['招标采购', '合同备案', '监理', '验收', '运营', '绩效自评'],
  );
  t.is(sheet.getCell(6, 13).text, '状态');
  t.is(sheet.getCell(6, 14).text, '更新日期');
});

test('export title rows', (t) => {
  t.is(sheet.getCell('A1').text, parsedSeed.batch.title);
  t.is(sheet.getCell('A2').text, '文号：舟数管发〔2022〕4号');
  t.is(sheet.getCell('G2').text, '印发日期：2022年7月7日');
  t.is(sheet.getCell('A3').text, '舟山市2022年度第三批市本级政府投资信息化项目计划');
  t.is(sheet.getCell('W4').text, '单位：万元');
});

test('export rows in 序号 order with subtotals', (t) => {
  const labels: Array<string | number> = [];
  sheet.eachRow((row, rowNumber) => {
    const value = row.getCell(1).value;
    if (rowNumber > 6 && (typeof value === 'number' || (typeof value === 'string' && /^(新建项目小计|历年项目小计|合计)$/.test(value)))) labels.push(value);
  });

  const seqs = Array.from({ length: 58 }, (_, index) => index + 1);
  t.deepEqual(labels, [...seqs.slice(0, 32), '新建项目小计', ...seqs.slice(32), '历年项目小计', '合计']);
});

test('export sums computed from 分', (t) => {
  const newRows = parsedSeed.projects.filter((project) => project.nature !== 'continuing');
  const subtotal = rowOf('新建项目小计');
  t.is(subtotal.getCell(7).value, sumFen(newRows, (project) => project.investment.total) / 1e6);
  t.is(subtotal.getCell(10).value, 2486.5);

  const total = rowOf('合计');
  t.is(total.getCell(7).value, 14032.215);
  t.is(total.getCell(10).value, 5597.115);
  t.is(total.getCell(11).value, 5475.115);
  t.is(total.getCell(12).value, 122);
  t.is(total.getCell(7).numFmt, '0.000');
  t.is(total.getCell(12).numFmt, '0');
});

test('export amounts keep the table decimals', (t) => {
  const row58 = rowOf(58);
  t.is(row58.getCell(7).value, 41.615);
  t.is(row58.getCell(7).numFmt, '0.000');
  t.is(row58.getCell(7).text, '41.615');
  t.is(row58.getCell(9).value, null);

  const row1 = rowOf(1);
  t.is(row1.getCell(7).value, 108);
  t.is(row1.getCell(7).numFmt, '0');
  t.is(rowOf(2).getCell(10).numFmt, '0.0');
});

test('export prints nature and period', (t) => {
  t.is(rowOf(1).getCell(5).value, '新建（升级）');
  t.is(rowOf(2).getCell(5).value, '新建');
  t.is(rowOf(33).getCell(5).value, '历年');
  t.is(rowOf(1).getCell(6).value, '2022');
  t.is(rowOf(8).getCell(6).value, '2022-2023');
  t.is(rowOf(43).getCell(2).value, '市司法局、市发改委、市经信局');
});

test('export never writes classified scope', (t) => {
  for (const seq of [5, 6, 33]) t.is(rowOf(seq).getCell(4).value, '涉密，略');
  t.is(plan.projects.find((project) => project.seq === 5)?.scope, '涉密，略');

  t.false(bytes.includes(Buffer.from('测试用的涉密内容')));
  let leaked = false;
  sheet.eachRow((row) => row.eachCell((cell) => (leaked ||= cell.text.includes('测试用的涉密内容'))));
  t.false(leaked);
});

test('export stage states and dates', (t) => {
  const row = rowOf(1);
  t.is(row.getCell(13).value, '已通过');
  t.is(row.getCell(14).numFmt, 'yyyy-mm-dd');
  t.is(row.getCell(15).value, '已退回');
  t.is(row.getCell(17).value, '已退回');
  t.is(row.getCell(19).value, '未报送');
  t.is(row.getCell(20).value, null);
  t.is(rowOf(2).getCell(13).value, '未报送');
});

test('export stage date in Beijing time', async (t) => {
  const accepted = await Report.findOne({ stage: 'procurement' }).lean();
  const cellDate = rowOf(1).getCell(14).value as Date;
  t.is(cellDate.getTime(), accepted!.updatedAt.getTime() + 8 * 60 * 60 * 1000);
});

test('export contract and paid amounts', (t) => {
  const row = rowOf(1);
  // The submitted 合同备案 states 98.5 万元; the later returned one and the returned 监理 report do not count.
  t.is(row.getCell(25).value, 98.5);
  t.is(row.getCell(26).value, 29.55);
  t.is(row.getCell(26).numFmt, '0.00');
  t.is(rowOf(2).getCell(25).value, null);

  t.is(rowOf('合计').getCell(25).value, 98.5);
  t.is(rowOf('历年项目小计').getCell(25).value, null);
});

test('export layout is readable', (t) => {
  t.is(sheet.getColumn(4).width, 48);
  t.is(sheet.getColumn(3).width, 30);
  t.true(rowOf(1).getCell(4).alignment?.wrapText === true);
  t.true((rowOf(1).height ?? 0) > 40);
  t.like(sheet.views[0], { state: 'frozen', ySplit: 6, xSplit: 3 });
});

test('confirmation sheet in Beijing time', (t) => {
  t.deepEqual(
    [1, 2, 3, 4].map((column) => confirmations.getCell(3, column).text),
    ['建设单位', '项目数', '联系人', '确认时间'],
  );
  const rows: Array<[string, string, unknown]> = [];
  confirmations.eachRow((row, rowNumber) => {
    if (rowNumber > 3) rows.push([row.getCell(1).text, row.getCell(3).text, row.getCell(4).value]);
  });

  const discipline = rows.filter(([unit]) => unit === '市纪委');
  t.deepEqual(
    discipline.map(([, contact]) => contact),
    ['王晓明', '李文'],
  );
  t.is((discipline[0]![2] as Date).toISOString(), '2022-07-08T09:30:00.000Z');
  t.is(discipline[1]![2], '未确认');
  t.deepEqual(rows.find(([unit]) => unit === '市政协'), ['市政协', '（未设联系人）', '未确认']);
  t.regex(confirmations.getCell('A2').text, /已确认单位 1 \/ \d+ 个，已确认联系人 1 \/ 2 人/);
});

test('export file name', (t) => {
  t.is(planWorkbookFileName('舟数管发〔2022〕4号'), '舟数管发〔2022〕4号-项目计划与进度.xlsx');
  t.is(planWorkbookFileName('A/B:C'), 'A_B_C-项目计划与进度.xlsx');
});

test('unknown batch exports nothing', async (t) => {
  t.is(await loadPlanExport(new mongoose.Types.ObjectId()), null);
  t.is(await Batch.countDocuments(), 1);
});
