/** 1 万元 = 10,000 元 = 1,000,000 分. */
export const FEN_PER_WANYUAN = 1_000_000;

/** Decimal places of 万元 that whole 分 can express. */
export const WANYUAN_MAX_DECIMALS = 6;

export type WanyuanParseResult =
  | { ok: true; fen: number; decimals: number }
  | { ok: false; reason: string };

/**
 * Parses an amount in 万元 such as "41.615" into an integer number of 分 without floating point.
 * `decimals` counts the printed decimal places, which show how far the value was rounded.
 */
export function parseWanyuan(text: string): WanyuanParseResult {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (match === null) return { ok: false, reason: `“${text}”不是有效的金额（应为万元数，例如 41.615）` };

  const whole = match[1] ?? '';
  const fraction = match[2] ?? '';
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > WANYUAN_MAX_DECIMALS) {
    return { ok: false, reason: `金额“${text}”的小数位超出了分的精度（万元最多 ${WANYUAN_MAX_DECIMALS} 位小数）` };
  }

  const fen = BigInt(whole) * BigInt(FEN_PER_WANYUAN) + BigInt(significant.padEnd(WANYUAN_MAX_DECIMALS, '0'));
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: `金额“${text}”过大` };

  return { ok: true, fen: Number(fen), decimals: fraction.length };
}

/** Formats 分 as 万元 with only the decimals it needs: 41615000 → "41.615". */
export function formatWanyuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const magnitude = BigInt(Math.abs(fen));
  const unit = BigInt(FEN_PER_WANYUAN);

  const whole = magnitude / unit;
  const fraction = (magnitude % unit).toString().padStart(WANYUAN_MAX_DECIMALS, '0').replace(/0+$/, '');
  return fraction === '' ? `${sign}${whole}` : `${sign}${whole}.${fraction}`;
}
