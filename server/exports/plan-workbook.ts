import ExcelJS from 'exceljs';
import type { Nature } from '../importer/types.ts';
import { fenToWanyuan } from '../presenters/money.ts';
import { stageLabels, stages } from '../reports/stage-names.ts';
import type { PlanExport, PlanExportConfirmation, PlanExportProject, StageProgress } from './plan-data.ts';

export const PLAN_SHEET_NAME = '项目计划与进度';
export const CONFIRMATION_SHEET_NAME = '确认情况';

/** MIME type of an .xlsx workbook. */
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const NATURE_LABELS: Record<Nature, string> = { new: '新建', upgrade: '新建（升级）', continuing: '历年' };
const STATE_LABELS: Record<StageProgress['state'], string> = { none: '未报送', submitted: '已提交', returned: '已退回', accepted: '已通过' };

// Rows of the plan sheet above the table, and the two header rows.
const NOTICE_TITLE_ROW = 1;
const BATCH_FIELDS_ROW = 2;
const TABLE_TITLE_ROW = 3;
const UNIT_ROW = 4;
const HEADER_ROW = 5;
const SUB_HEADER_ROW = 6;

// Columns: the notice's twelve (A–L), two per stage (state and date), then 合同金额 and 已支付.
const PLAN_COLUMN_COUNT = 12;
const FIRST_STAGE_COLUMN = PLAN_COLUMN_COUNT + 1;
const CONTRACT_COLUMN = FIRST_STAGE_COLUMN + stages.length * 2;
const PAID_COLUMN = CONTRACT_COLUMN + 1;
const LAST_COLUMN = PAID_COLUMN;
const FIRST_AMOUNT_COLUMN = 7;
const AMOUNT_COLUMNS = [7, 8, 9, 10, 11, 12, CONTRACT_COLUMN, PAID_COLUMN];

/** Column widths in characters of the default font; a Chinese character takes about two. */
const PLAN_WIDTHS = [6, 16, 30, 48, 12, 11, 10, 10, 9, 10, 10, 9];
const STAGE_WIDTHS = [8, 11];
const MONEY_EXTRA_WIDTH = 11;

// China has kept UTC+8 without daylight saving time since 1991.
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

const FONT = { name: '宋体', size: 10 };
const THIN_BORDER: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7EEF7' } };
const SUMMARY_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };

/** Returns the download name of a batch's workbook, e.g. 舟数管发〔2022〕4号-项目计划与进度.xlsx. */
export function planWorkbookFileName(docNo: string): string {
  // Characters that Windows does not allow in file names.
  return `${docNo.replace(/[\\/:*?"<>|]/g, '_')}-项目计划与进度.xlsx`;
}

/**
 * Writes a batch as an .xlsx workbook. The first sheet is the notice's plan table in its official
 * layout, with each stage's progress and the contract and payment amounts to its right. The second
 * sheet lists who confirmed receipt. The plan columns read back through the workbook importer.
 */
export async function writePlanWorkbook(plan: PlanExport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '进度通';
  workbook.title = `${plan.batch.docNo} 项目计划与进度`;
  workbook.created = plan.exportedAt;

  addPlanSheet(workbook, plan);
  addConfirmationSheet(workbook, plan);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addPlanSheet(workbook: ExcelJS.Workbook, plan: PlanExport): void {
  const sheet = workbook.addWorksheet(PLAN_SHEET_NAME, {
    views: [{ state: 'frozen', xSplit: 3, ySplit: SUB_HEADER_ROW }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${HEADER_ROW}:${SUB_HEADER_ROW}` },
  });
  sheet.columns = [...PLAN_WIDTHS, ...stages.flatMap(() => STAGE_WIDTHS), MONEY_EXTRA_WIDTH, MONEY_EXTRA_WIDTH].map((width) => ({ width }));

  writeTitleRows(sheet, plan);
  writeHeaderRows(sheet, plan.batch.year);

  let rowNumber = SUB_HEADER_ROW + 1;
  const newProjects = plan.projects.filter((project) => project.nature !== 'continuing');
  const continuingProjects = plan.projects.filter((project) => project.nature === 'continuing');
  for (const [projects, label] of [
    [newProjects, '新建项目小计'],
    [continuingProjects, '历年项目小计'],
  ] as const) {
    if (projects.length === 0) continue;
    for (const project of projects) writeProjectRow(sheet.getRow(rowNumber++), project);
    writeSummaryRow(sheet, rowNumber++, label, projects);
  }
  writeSummaryRow(sheet, rowNumber++, '合计', plan.projects);

  writeFindingNotes(sheet, rowNumber + 1, plan.findings);
}

/** Writes the notice's title, 文号, issuers and date, the attachment title, and the amount unit. */
function writeTitleRows(sheet: ExcelJS.Worksheet, plan: PlanExport): void {
  const { batch } = plan;
  // The labels before 文号, 发文单位 and 印发日期 are ones the workbook importer removes.
  mergeText(sheet, `A${NOTICE_TITLE_ROW}:L${NOTICE_TITLE_ROW}`, batch.title, { font: { ...FONT, size: 12, bold: true } });
  mergeText(sheet, `A${BATCH_FIELDS_ROW}:C${BATCH_FIELDS_ROW}`, `文号：${batch.docNo}`);
  if (batch.issuers.length > 0) {
    const issuers = `发文单位：${batch.issuers.join(' ')}`;
    mergeText(sheet, `D${BATCH_FIELDS_ROW}:F${BATCH_FIELDS_ROW}`, issuers);
    sheet.getRow(BATCH_FIELDS_ROW).height = rowHeight(estimateLines(issuers, sum(PLAN_WIDTHS.slice(3, 6))));
  }
  mergeText(sheet, `G${BATCH_FIELDS_ROW}:L${BATCH_FIELDS_ROW}`, `印发日期：${chineseDate(batch.issuedAt)}`);

  const titleEnd = sheet.getColumn(LAST_COLUMN).letter;
  mergeText(sheet, `A${TABLE_TITLE_ROW}:${titleEnd}${TABLE_TITLE_ROW}`, attachmentTitle(batch.title, batch.year), {
    font: { ...FONT, size: 16, bold: true },
    alignment: { horizontal: 'center', vertical: 'middle' },
  });
  sheet.getRow(TABLE_TITLE_ROW).height = 30;

  mergeText(sheet, `A${UNIT_ROW}:F${UNIT_ROW}`, `导出时间：${beijingDateTime(plan.exportedAt)}（北京时间）`);
  const unitStart = sheet.getColumn(LAST_COLUMN - 3).letter;
  mergeText(sheet, `${unitStart}${UNIT_ROW}:${titleEnd}${UNIT_ROW}`, '单位：万元', { alignment: { horizontal: 'right', vertical: 'middle' } });
}

/**
 * Writes the two-row header exactly as the notice prints it (序号 … 资金来源 with 信息化专项 and
 * 其他 below), then a state and a date column under each stage, and 合同金额 and 已支付.
 */
function writeHeaderRows(sheet: ExcelJS.Worksheet, year: number): void {
  const spanning = (column: number, text: string) => mergeHeader(sheet, column, column, HEADER_ROW, SUB_HEADER_ROW, text);
  const grouped = (column: number, text: string, below: [string, string]) => {
    mergeHeader(sheet, column, column + 1, HEADER_ROW, HEADER_ROW, text);
    mergeHeader(sheet, column, column, SUB_HEADER_ROW, SUB_HEADER_ROW, below[0]);
    mergeHeader(sheet, column + 1, column + 1, SUB_HEADER_ROW, SUB_HEADER_ROW, below[1]);
  };

  ['序号', '建设单位', '项目名称', '建设内容', '建设性质', '建设年限', '总投资额'].forEach((text, index) => spanning(index + 1, text));
  grouped(8, '总投资来源', ['信息化专项', '其他']);
  spanning(10, `${year}年投资额`);
  grouped(11, '资金来源', ['信息化专项', '其他']);
  stages.forEach((stage, index) => grouped(FIRST_STAGE_COLUMN + index * 2, stageLabels[stage], ['状态', '更新日期']));
  spanning(CONTRACT_COLUMN, '合同金额');
  spanning(PAID_COLUMN, '已支付');

  sheet.getRow(HEADER_ROW).height = 20;
  sheet.getRow(SUB_HEADER_ROW).height = 20;
}

function writeProjectRow(row: ExcelJS.Row, project: PlanExportProject): void {
  const { startYear, endYear } = project.period;
  row.getCell(1).value = project.seq;
  row.getCell(2).value = project.units.join('、');
  row.getCell(3).value = project.name;
  row.getCell(4).value = project.scope;
  row.getCell(5).value = NATURE_LABELS[project.nature];
  row.getCell(6).value = startYear === endYear ? String(startYear) : `${startYear}-${endYear}`;
  writeAmounts(row, [
    project.investment.total,
    project.investment.special,
    project.investment.other,
    project.yearInvestment.total,
    project.yearInvestment.special,
    project.yearInvestment.other,
  ]);

  stages.forEach((stage, index) => {
    const { state, at } = project.stages[stage];
    row.getCell(FIRST_STAGE_COLUMN + index * 2).value = STATE_LABELS[state];
    if (at !== null) {
      const dateCell = row.getCell(FIRST_STAGE_COLUMN + index * 2 + 1);
      dateCell.value = beijingWallClock(at);
      dateCell.numFmt = 'yyyy-mm-dd';
    }
  });
  writeAmount(row.getCell(CONTRACT_COLUMN), project.contractAmount);
  writeAmount(row.getCell(PAID_COLUMN), project.paidToDate);

  styleTableRow(row, undefined);
  for (const column of [1, 5, 6]) row.getCell(column).alignment = { ...row.getCell(column).alignment, horizontal: 'center' };
  for (let index = 0; index < stages.length * 2; index += 1) {
    const cell = row.getCell(FIRST_STAGE_COLUMN + index);
    cell.alignment = { ...cell.alignment, horizontal: 'center' };
  }
  row.height = rowHeight(
    Math.max(
      estimateLines(row.getCell(2).text, PLAN_WIDTHS[1]!),
      estimateLines(project.name, PLAN_WIDTHS[2]!),
      estimateLines(project.scope, PLAN_WIDTHS[3]!),
    ),
  );
}

/** Writes a 小计 or 合计 row: the six plan amounts and the known contract and payment amounts, summed in 分. */
function writeSummaryRow(sheet: ExcelJS.Worksheet, rowNumber: number, label: string, projects: PlanExportProject[]): void {
  const sumOf = (amount: (project: PlanExportProject) => number) => sum(projects.map(amount));
  const sumOfKnown = (amount: (project: PlanExportProject) => number | null) => {
    const known = projects.map(amount).filter((value) => value !== null);
    return known.length === 0 ? null : sum(known);
  };

  sheet.mergeCells(rowNumber, 1, rowNumber, 6);
  const row = sheet.getRow(rowNumber);
  row.getCell(1).value = label;
  writeAmounts(row, [
    sumOf((project) => project.investment.total),
    sumOf((project) => project.investment.special),
    sumOf((project) => project.investment.other),
    sumOf((project) => project.yearInvestment.total),
    sumOf((project) => project.yearInvestment.special),
    sumOf((project) => project.yearInvestment.other),
  ]);
  writeAmount(row.getCell(CONTRACT_COLUMN), sumOfKnown((project) => project.contractAmount));
  writeAmount(row.getCell(PAID_COLUMN), sumOfKnown((project) => project.paidToDate));

  styleTableRow(row, SUMMARY_FILL);
  row.getCell(1).font = { ...FONT, bold: true };
  row.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  row.height = 20;
}

/**
 * Notes below the table why its sums may differ from the printed notice: they are computed from
 * the rows, while the notice printed rounded or wrong figures. Each note fills one cell, so the
 * workbook importer does not take it for a table row.
 */
function writeFindingNotes(sheet: ExcelJS.Worksheet, firstRow: number, findings: string[]): void {
  if (findings.length === 0) return;
  const notes = ['注：本表的小计、合计按各行金额计算。原通知印出的以下数字与各行之和不一致：', ...findings.map((message, index) => `${index + 1}. ${message}`)];
  notes.forEach((note, index) => {
    const rowNumber = firstRow + index;
    mergeText(sheet, `A${rowNumber}:${sheet.getColumn(LAST_COLUMN).letter}${rowNumber}`, note);
  });
}

/** Writes the six plan amounts into columns G–L. As in the notice, a zero amount is left blank. */
function writeAmounts(row: ExcelJS.Row, amounts: number[]): void {
  amounts.forEach((fen, index) => writeAmount(row.getCell(FIRST_AMOUNT_COLUMN + index), fen === 0 ? null : fen));
}

/**
 * Writes an amount in 分 as a number of 万元 whose format shows exactly the decimals it has, so it
 * reads as the notice prints it (108, 26.5, 41.615). A shared format such as 0.### would leave a
 * trailing point on whole numbers ("108.").
 */
function writeAmount(cell: ExcelJS.Cell, fen: number | null): void {
  if (fen === null) return;
  const text = fenToWanyuan(fen);
  const decimals = text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
  cell.value = Number(text);
  cell.numFmt = decimals === 0 ? '0' : `0.${'0'.repeat(decimals)}`;
}

function styleTableRow(row: ExcelJS.Row, fill: ExcelJS.Fill | undefined): void {
  for (let column = 1; column <= LAST_COLUMN; column += 1) {
    const cell = row.getCell(column);
    cell.font = FONT;
    cell.border = THIN_BORDER;
    cell.alignment = {
      vertical: 'middle',
      wrapText: true,
      ...(AMOUNT_COLUMNS.includes(column) ? { horizontal: 'right' as const } : {}),
    };
    if (fill !== undefined) cell.fill = fill;
  }
}

function mergeHeader(sheet: ExcelJS.Worksheet, fromColumn: number, toColumn: number, fromRow: number, toRow: number, text: string): void {
  if (fromColumn !== toColumn || fromRow !== toRow) sheet.mergeCells(fromRow, fromColumn, toRow, toColumn);
  const cell = sheet.getCell(fromRow, fromColumn);
  cell.value = text;
  // A merge shows the border of every cell it covers, so each one gets it.
  for (let row = fromRow; row <= toRow; row += 1) {
    for (let column = fromColumn; column <= toColumn; column += 1) {
      const covered = sheet.getCell(row, column);
      covered.font = { ...FONT, bold: true };
      covered.fill = HEADER_FILL;
      covered.border = THIN_BORDER;
      covered.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    }
  }
}

interface TextStyle {
  font?: Partial<ExcelJS.Font>;
  alignment?: Partial<ExcelJS.Alignment>;
}

function mergeText(sheet: ExcelJS.Worksheet, range: string, text: string, style: TextStyle = {}): void {
  sheet.mergeCells(range);
  const cell = sheet.getCell(range.split(':')[0]!);
  cell.value = text;
  cell.font = style.font ?? FONT;
  cell.alignment = style.alignment ?? { horizontal: 'left', vertical: 'middle', wrapText: true };
}

function addConfirmationSheet(workbook: ExcelJS.Workbook, plan: PlanExport): void {
  const sheet = workbook.addWorksheet(CONFIRMATION_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 3 }] });
  sheet.columns = [{ width: 24 }, { width: 8 }, { width: 14 }, { width: 20 }];

  mergeText(sheet, 'A1:D1', `${plan.batch.docNo} 确认收到情况`, { font: { ...FONT, size: 14, bold: true } });
  sheet.getRow(1).height = 24;
  mergeText(sheet, 'A2:D2', confirmationTotals(plan.confirmations));

  ['建设单位', '项目数', '联系人', '确认时间'].forEach((text, index) => mergeHeader(sheet, index + 1, index + 1, 3, 3, text));
  plan.confirmations.forEach((confirmation, index) => {
    const row = sheet.getRow(4 + index);
    row.getCell(1).value = confirmation.unit;
    row.getCell(2).value = confirmation.projectCount;
    row.getCell(3).value = confirmation.contact ?? '（未设联系人）';
    const confirmed = row.getCell(4);
    if (confirmation.confirmedAt === null) {
      confirmed.value = '未确认';
    } else {
      confirmed.value = beijingWallClock(confirmation.confirmedAt);
      confirmed.numFmt = 'yyyy-mm-dd hh:mm';
    }

    for (let column = 1; column <= 4; column += 1) {
      const cell = row.getCell(column);
      cell.font = FONT;
      cell.border = THIN_BORDER;
      cell.alignment = { vertical: 'middle', wrapText: true, horizontal: column === 1 || column === 3 ? 'left' : 'center' };
    }
  });
}

function confirmationTotals(confirmations: PlanExportConfirmation[]): string {
  const units = new Set(confirmations.map((confirmation) => confirmation.unit));
  const confirmedUnits = new Set(confirmations.filter((confirmation) => confirmation.confirmedAt !== null).map((confirmation) => confirmation.unit));
  const contacts = confirmations.filter((confirmation) => confirmation.contact !== null);
  const confirmedContacts = contacts.filter((confirmation) => confirmation.confirmedAt !== null);
  return `已确认单位 ${confirmedUnits.size} / ${units.size} 个，已确认联系人 ${confirmedContacts.length} / ${contacts.length} 人；确认时间为北京时间。`;
}

/**
 * Derives the attachment's title from the notice's: "关于下达X的通知" → X. A title of another form
 * falls back to a generic one with the batch year.
 */
function attachmentTitle(noticeTitle: string, year: number): string {
  const match = /^关于(?:下达|印发)?(.+?)的通知$/.exec(noticeTitle);
  return match?.[1] ?? `${year}年度政府投资信息化项目计划`;
}

/**
 * Returns a Date whose UTC fields are the Beijing wall-clock time of `instant`. Excel cells hold a
 * time without zone, and exceljs writes a Date by its UTC fields, so the cell shows Beijing time.
 */
function beijingWallClock(instant: Date): Date {
  return new Date(instant.getTime() + BEIJING_OFFSET_MS);
}

function beijingDateTime(instant: Date): string {
  return beijingWallClock(instant).toISOString().slice(0, 16).replace('T', ' ');
}

/** Converts YYYY-MM-DD to the printed form 2022年7月7日. */
function chineseDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/** Estimates how many lines wrapped text takes in a column, counting a Chinese character as two widths. */
function estimateLines(text: string, columnWidth: number): number {
  let width = 0;
  for (const character of text) width += /[\u0000-\u00ff]/.test(character) ? 1 : 2;
  return Math.max(1, Math.ceil(width / Math.max(1, columnWidth - 1)));
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** Row height in points for a number of lines of the 10-point table font; Excel allows at most 409. */
function rowHeight(lines: number): number {
  return Math.min(409, Math.max(18, lines * 13.5 + 4));
}
