import test from 'ava';
import { buildUnitResolver, canonicaliseUnits, splitUnits } from '../../server/importer/units.ts';

test('splitUnits keeps the lead unit first', (t) => {
  t.deepEqual(splitUnits('市司法局、市发改委、市经信局'), ['市司法局', '市发改委', '市经信局']);
  t.deepEqual(splitUnits(' 市资源规划局 、 市发改委 '), ['市资源规划局', '市发改委']);
});

test('resolver maps a listed alias', (t) => {
  const resolve = buildUnitResolver([]);
  t.is(resolve('大数据管理中心'), '市大数据管理中心');
  t.is(resolve('市发展和改革委员会'), '市发改委');
});

test('resolver adds 市 when the table has that name', (t) => {
  const resolve = buildUnitResolver(['市公安局', '市纪委']);
  t.is(resolve('公安局'), '市公安局');
  t.is(resolve('纪委'), '市纪委');
});

test('resolver keeps names it does not know', (t) => {
  const resolve = buildUnitResolver(['市公安局']);
  t.is(resolve('交警支队'), '交警支队');
  t.is(resolve('市交警支队'), '市交警支队');
});

test('resolver applies aliases after adding 市', (t) => {
  const resolve = buildUnitResolver([]);
  t.is(resolve('发展和改革委员会'), '市发改委');
});

test('canonicaliseUnits drops repeats keeping order', (t) => {
  const resolve = buildUnitResolver(['市大数据管理中心']);
  t.deepEqual(canonicaliseUnits(['大数据管理中心', '市发改委', '市大数据管理中心'], resolve), ['市大数据管理中心', '市发改委']);
});
