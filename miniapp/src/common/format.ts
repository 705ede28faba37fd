import { fenToWanyuan } from '../../../server/presenters/money.ts';
import type { Project } from '../api/index.ts';

/** Formats an amount in 分 as 万元 with the plan table's decimals, e.g. 41.615. */
export const formatWanyuan = (fen: number): string => fenToWanyuan(fen);

/** Formats an amount in 分 as 元 with two decimals and thousands separators, e.g. 1,056,000.50, without floating point. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const absolute = Math.abs(fen);
  const whole = String(Math.trunc(absolute / 100)).replace(/\B(?=(\d{3})+$)/g, ',');
  return `${sign}${whole}.${String(absolute % 100).padStart(2, '0')}`;
}

/** Formats a signed difference in 分 as 万元 with an explicit sign, e.g. +1 or -0.5. */
export function formatWanyuanDifference(fen: number): string {
  return fen > 0 ? `+${fenToWanyuan(fen)}` : fenToWanyuan(fen);
}

export const natureLabels: Record<Project['nature'], string> = {
  new: '新建',
  upgrade: '新建（升级）',
  continuing: '历年',
};

/** Formats 建设年限 as the plan table prints it: "2022" or "2021-2023". */
export function formatPeriod({ startYear, endYear }: Project['period']): string {
  return startYear === endYear ? String(startYear) : `${startYear}-${endYear}`;
}

/** Formats an issue date "2022-07-07" the way a notice prints it: 2022年7月7日. */
export function formatNoticeDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  if (year === undefined || month === undefined || day === undefined) return isoDate;
  return `${year}年${month}月${day}日`;
}

// Beijing time is UTC+8 all year: China has had no daylight saving time since 1991.
const beijingOffsetMs = 8 * 3600 * 1000;

const pad = (value: number): string => String(value).padStart(2, '0');

/** Formats an ISO timestamp as Beijing time "YYYY-MM-DD HH:mm", whatever the phone's time zone. */
export function formatBeijingTime(isoTimestamp: string): string {
  const time = Date.parse(isoTimestamp);
  if (Number.isNaN(time)) return isoTimestamp;
  const beijing = new Date(time + beijingOffsetMs);
  const date = `${beijing.getUTCFullYear()}-${pad(beijing.getUTCMonth() + 1)}-${pad(beijing.getUTCDate())}`;
  return `${date} ${pad(beijing.getUTCHours())}:${pad(beijing.getUTCMinutes())}`;
}

/** Formats a file size for people: 980 B, 12.3 KB, 4.5 MB. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
