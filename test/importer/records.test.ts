import test from 'ava';
import { ImportError } from '../../server/importer/errors.ts';
import { splitRecords } from '../../server/importer/records.ts';

test('splitRecords splits tabs and lines', (t) => {
  t.deepEqual(splitRecords('a\tb\t\nc\td\te', 5), [
    { line: 5, cells: ['a', 'b', ''] },
    { line: 6, cells: ['c', 'd', 'e'] },
  ]);
});

test('splitRecords reads quoted cells', (t) => {
  t.deepEqual(splitRecords('"a\tb"\t"say ""hi"""\tc', 1), [{ line: 1, cells: ['a\tb', 'say "hi"', 'c'] }]);
});

test('splitRecords keeps line numbers after multi-line cells', (t) => {
  const records = splitRecords('1\t"first\nsecond"\tx\n2\ty\tz\n', 10);
  t.deepEqual(records, [
    { line: 10, cells: ['1', 'first\nsecond', 'x'] },
    { line: 12, cells: ['2', 'y', 'z'] },
  ]);
});

test('splitRecords leaves inner quotes alone', (t) => {
  t.deepEqual(splitRecords('舟山 "数字" 政协\tb', 1), [{ line: 1, cells: ['舟山 "数字" 政协', 'b'] }]);
});

test('splitRecords rejects an unclosed quote', (t) => {
  const error = t.throws(() => splitRecords('a\tb\n"never closed\tc\nd', 3), { instanceOf: ImportError });
  t.is(error?.code, 'unclosed-quote');
  t.is(error?.line, 4);
});
