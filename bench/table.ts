import type { BenchResult } from './result.ts';

const show = (value: number | string | boolean | null): string => {
  if (value === null) return '–';
  if (typeof value === 'boolean') return value ? 'yes' : 'NO';
  return String(value);
};

/** Formats the results as a Markdown table, readable in a terminal and pasteable into the docs. */
export function formatTable(results: BenchResult[]): string {
  const header = ['benchmark', 'value', 'unit', 'baseline', 'ratio', 'target', 'met'];
  const rows = results.map((result) => [result.name, show(result.value), result.unit, show(result.baseline), show(result.ratio), show(result.target), show(result.met)]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  const notes = results.filter((result) => result.note !== undefined).map((result) => `- ${result.name}: ${result.note}`);
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line), ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}
