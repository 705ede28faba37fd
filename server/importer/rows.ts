import { CLASSIFIED_SCOPE, isClassifiedScope, parseNature, parsePeriod } from './cells.ts';
import { columnLabel, COLUMN_INDEX, type ColumnKey } from './columns.ts';
import { ImportError, type ImportErrorCode } from './errors.ts';
import { parseWanyuan, wanyuanFromNumber, type WanyuanParseResult } from './money.ts';
import { cellString, type TableRecord } from './records.ts';
import type { SummaryRecord } from './table.ts';
import { cleanText } from './text.ts';
import { buildUnitResolver, canonicaliseUnits, splitUnits } from './units.ts';
import type { AmountColumn, NoticeProject } from './types.ts';

/** An amount as printed: its value in 分 and its decimal places, which tell how it was rounded. */
export interface PrintedAmount {
  fen: number;
  decimals: number;
}

/** A 小计 or 合计 row with its six amounts. */
export interface SummaryRow {
  line: number;
  label: string;
  group: SummaryRecord['group'];
  amounts: Record<AmountColumn, PrintedAmount>;
}

/** Reads every project row, rejecting a 序号 that repeats, and maps unit names to canonical ones. */
export function readProjects(rows: TableRecord[], year: number): NoticeProject[] {
  const seen = new Map<number, number>();
  const projects = rows.map((row) => {
    const project = readProject(row, year);

    const firstLine = seen.get(project.seq);
    if (firstLine !== undefined) {
      throw new ImportError('duplicate-seq', `序号 ${project.seq} 重复，第 ${firstLine} 行已经用过`, {
        line: row.line,
        column: columnLabel('seq', year),
        columnIndex: COLUMN_INDEX.seq,
      });
    }
    seen.set(project.seq, row.line);

    return project;
  });

  const resolve = buildUnitResolver(projects.flatMap((project) => project.units));
  return projects.map((project) => ({ ...project, units: canonicaliseUnits(project.units, resolve) }));
}

/** Reads one project row with its unit names as written. */
function readProject(row: TableRecord, year: number): NoticeProject {
  const read = (key: ColumnKey): string => cleanText(cellString(row.cells[COLUMN_INDEX[key]]));
  const fail = (code: ImportErrorCode, detail: string, key: ColumnKey): ImportError =>
    new ImportError(code, detail, { line: row.line, column: columnLabel(key, year), columnIndex: COLUMN_INDEX[key] });
  const required = (key: ColumnKey): string => {
    const text = read(key);
    if (text === '') throw fail('missing-cell', `${columnLabel(key, year)}不能为空`, key);
    return text;
  };

  const seqText = required('seq');
  const seq = Number(seqText);
  if (!/^\d+$/.test(seqText) || seq < 1 || !Number.isSafeInteger(seq)) throw fail('invalid-seq', `序号“${seqText}”不是正整数`, 'seq');

  const units = splitUnits(required('units'));
  if (units.includes('')) throw fail('missing-cell', '建设单位之间以顿号“、”分隔，其中有一个名称为空', 'units');

  const name = required('name');

  const natureText = required('nature');
  const nature = parseNature(natureText);
  if (nature === null) {
    throw fail('invalid-nature', `无法识别的建设性质“${natureText}”，应为“新建”“新建（升级）”或“历年”`, 'nature');
  }

  const periodText = required('period');
  const period = parsePeriod(periodText);
  if (period === null) {
    throw fail('invalid-period', `建设年限“${periodText}”无效，应为年份（2022）或起止年份（2021-2023）`, 'period');
  }

  const scope = read('scope');
  const classified = isClassifiedScope(scope);
  const amount = (key: AmountColumn): number => readAmount(row, key, year).fen;

  return {
    seq,
    units,
    name,
    scope: classified ? CLASSIFIED_SCOPE : scope,
    nature,
    period,
    classified,
    investment: {
      total: amount('investment.total'),
      special: amount('investment.special'),
      other: amount('investment.other'),
    },
    yearInvestment: {
      year,
      total: amount('yearInvestment.total'),
      special: amount('yearInvestment.special'),
      other: amount('yearInvestment.other'),
    },
  };
}

/** Reads the six printed amounts of a 小计 or 合计 row. */
export function readSummaryRow(record: SummaryRecord, year: number): SummaryRow {
  const amount = (column: AmountColumn): PrintedAmount => readAmount(record, column, year);
  const amounts = {
    'investment.total': amount('investment.total'),
    'investment.special': amount('investment.special'),
    'investment.other': amount('investment.other'),
    'yearInvestment.total': amount('yearInvestment.total'),
    'yearInvestment.special': amount('yearInvestment.special'),
    'yearInvestment.other': amount('yearInvestment.other'),
  };

  return { line: record.line, label: record.label, group: record.group, amounts };
}

/** Reads an amount cell in 万元, written as text or stored as a workbook number; an empty cell is 0. */
function readAmount(row: TableRecord, column: AmountColumn, year: number): PrintedAmount {
  const cell = row.cells[COLUMN_INDEX[column]] ?? '';
  let parsed: WanyuanParseResult;
  if (typeof cell === 'number') {
    parsed = wanyuanFromNumber(cell);
  } else {
    const text = cleanText(cell).replace(/\s/g, '');
    if (text === '') return { fen: 0, decimals: 0 };
    parsed = parseWanyuan(text);
  }

  if (!parsed.ok) {
    throw new ImportError('invalid-amount', parsed.reason, {
      line: row.line,
      column: columnLabel(column, year),
      columnIndex: COLUMN_INDEX[column],
    });
  }
  return { fen: parsed.fen, decimals: parsed.decimals };
}
