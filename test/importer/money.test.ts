import test from 'ava';
import { formatWanyuan, parseWanyuan } from '../../server/importer/money.ts';

test('parseWanyuan reads whole 万元', (t) => {
  t.deepEqual(parseWanyuan('108'), { ok: true, fen: 108_000_000, decimals: 0 });
});

test('parseWanyuan reads three decimals exactly', (t) => {
  t.deepEqual(parseWanyuan('41.615'), { ok: true, fen: 41_615_000, decimals: 3 });
  t.deepEqual(parseWanyuan('0.001'), { ok: true, fen: 1_000, decimals: 3 });
});

test('parseWanyuan reads down to one 分', (t) => {
  t.deepEqual(parseWanyuan('0.000001'), { ok: true, fen: 1, decimals: 6 });
  t.deepEqual(parseWanyuan('1.5000000'), { ok: true, fen: 1_500_000, decimals: 7 });
});

test('parseWanyuan rejects fractions of 分', (t) => {
  const result = parseWanyuan('0.0000001');
  t.false(result.ok);
  if (!result.ok) t.regex(result.reason, /精度/);
});

test('parseWanyuan rejects text that is not a number', (t) => {
  for (const text of ['abc', '1.2.3', '-5', '1,000', '.5', '5.', '108万', '']) {
    t.false(parseWanyuan(text).ok, text);
  }
});

test('parseWanyuan has no floating point error', (t) => {
  // As a double, Number('1.005') * 1e6 is 1004999.9999999999.
  const result = parseWanyuan('1.005');
  t.true(result.ok);
  if (result.ok) t.is(result.fen, 1_005_000);
});

test('formatWanyuan prints only needed decimals', (t) => {
  t.is(formatWanyuan(41_615_000), '41.615');
  t.is(formatWanyuan(5_597_115_000), '5597.115');
  t.is(formatWanyuan(108_000_000), '108');
  t.is(formatWanyuan(1), '0.000001');
  t.is(formatWanyuan(0), '0');
  t.is(formatWanyuan(-1_615_000), '-1.615');
});
