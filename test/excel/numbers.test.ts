import test from 'ava';
import { wanyuanFromNumber } from '../../server/importer/money.ts';

const accepted: Array<[string, number, number, number]> = [
  // [case, stored double, 分, decimals]
  ['whole 万元', 108, 108_000_000, 0],
  ['one decimal', 26.5, 26_500_000, 1],
  ['three decimals', 41.615, 41_615_000, 3],
  ['trailing zero dropped', 24.7, 24_700_000, 1],
  ['17-digit form of 41.615', 41.614999999999995, 41_615_000, 3],
  ['sum of floats', 0.1 + 0.2, 300_000, 1],
  // Adding these in floating point gives 94.21499999999999.
  ['column sum', [54.6, 8.6, 24.4, 6.615].reduce((sum, value) => sum + value), 94_215_000, 3],
  ['zero', 0, 0, 0],
  ['large amount', 9_999_999.999, 9_999_999_999_000, 3],
];

for (const [name, value, fen, decimals] of accepted) {
  test(`wanyuanFromNumber accepts ${name}`, (t) => {
    t.deepEqual(wanyuanFromNumber(value), { ok: true, fen, decimals });
  });
}

const rejected: Array<[string, number, RegExp]> = [
  ['a fourth decimal', 41.6151, /小数位超出了项目表的精度/],
  ['a ratio', 108 / 7, /小数位超出了项目表的精度/],
  ['half a step', 0.0005, /小数位超出了项目表的精度/],
  ['a negative amount', -26.5, /负数/],
  ['infinity', Number.POSITIVE_INFINITY, /不是有效的金额/],
  ['NaN', Number.NaN, /不是有效的金额/],
  ['an amount beyond safe integers', 1e13, /过大/],
];

for (const [name, value, reason] of rejected) {
  test(`wanyuanFromNumber rejects ${name}`, (t) => {
    const result = wanyuanFromNumber(value);
    t.false(result.ok);
    if (!result.ok) t.regex(result.reason, reason);
  });
}
