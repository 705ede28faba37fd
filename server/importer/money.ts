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

/** Decimal places of 万元 that a plan table prints: 0.001 万元 = 10 元 = 1,000 分. */
export const TABLE_MAX_DECIMALS = 3;

const TABLE_STEPS_PER_WANYUAN = 10 ** TABLE_MAX_DECIMALS;
const FEN_PER_TABLE_STEP = FEN_PER_WANYUAN / TABLE_STEPS_PER_WANYUAN;

/**
 * Converts an amount in 万元 that a workbook stores as a binary float into 分. The float is only
 * the nearest double to what was typed (41.615 is stored as 41.614999999999995), so the value is
 * rounded to the table's step of 0.001 万元. A value farther from that step than float rounding
 * explains, such as 41.6151 or the result of =108/7, is rejected because the table cannot print it.
 * `decimals` counts the decimal places the value needs (108 → 0, 26.5 → 1, 41.615 → 3).
 */
export function wanyuanFromNumber(value: number): WanyuanParseResult {
  const valueText = String(value);
  if (!Number.isFinite(value)) return { ok: false, reason: `“${valueText}”不是有效的金额（应为万元数，例如 41.615）` };
  if (value < 0) return { ok: false, reason: `金额 ${valueText} 是负数，项目表中的金额不能为负` };

  const steps = Math.round(value * TABLE_STEPS_PER_WANYUAN);
  const fen = steps * FEN_PER_TABLE_STEP;
  if (!Number.isSafeInteger(fen)) return { ok: false, reason: `金额 ${valueText} 过大` };

  // Typing a number, or summing a column of them, leaves an error of a few units in the last of
  // a double's 15–17 significant digits. A millionth of a millionth of the value (at least 1e-9
  // 万元, a thousandth of one 分) is far above that error and far below one step of the table.
  const tolerance = Math.max(1e-9, Math.abs(value) * 1e-12);
  if (Math.abs(value - steps / TABLE_STEPS_PER_WANYUAN) > tolerance) {
    return {
      ok: false,
      reason: `金额 ${valueText} 的小数位超出了项目表的精度（万元最多 ${TABLE_MAX_DECIMALS} 位小数，即精确到 10 元）`,
    };
  }
  return { ok: true, fen, decimals: decimalsOfSteps(steps) };
}

/** Counts the decimal places of `steps` thousandths of 万元 without trailing zeros. */
function decimalsOfSteps(steps: number): number {
  let decimals = TABLE_MAX_DECIMALS;
  let rest = steps;
  while (decimals > 0 && rest % 10 === 0) {
    rest /= 10;
    decimals -= 1;
  }
  return decimals;
}
