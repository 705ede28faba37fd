import test from 'ava';
import { isClassifiedScope, parseNature, parsePeriod } from '../../server/importer/cells.ts';
import { cleanText } from '../../server/importer/text.ts';

test('parseNature reads 新建', (t) => {
  t.is(parseNature('新建'), 'new');
  t.is(parseNature(' 新建 '), 'new');
});

test('parseNature reads 升级 in both bracket widths', (t) => {
  t.is(parseNature('新建（升级）'), 'upgrade');
  t.is(parseNature('新建(升级)'), 'upgrade');
  t.is(parseNature('新建（升级)'), 'upgrade');
});

test('parseNature reads 历年', (t) => {
  t.is(parseNature('历年'), 'continuing');
});

test('parseNature rejects other natures', (t) => {
  t.is(parseNature('改建'), null);
  t.is(parseNature('升级'), null);
  t.is(parseNature(''), null);
});

test('parsePeriod reads one year', (t) => {
  t.deepEqual(parsePeriod('2022'), { startYear: 2022, endYear: 2022 });
});

test('parsePeriod reads a year range', (t) => {
  t.deepEqual(parsePeriod('2021-2023'), { startYear: 2021, endYear: 2023 });
  t.deepEqual(parsePeriod('2021－2023'), { startYear: 2021, endYear: 2023 });
  t.deepEqual(parsePeriod('2021 — 2023'), { startYear: 2021, endYear: 2023 });
});

test('parsePeriod rejects invalid periods', (t) => {
  t.is(parsePeriod('2023-2021'), null);
  t.is(parsePeriod('22'), null);
  t.is(parsePeriod('2022年'), null);
  t.is(parsePeriod(''), null);
});

test('isClassifiedScope accepts both comma widths', (t) => {
  t.true(isClassifiedScope('涉密，略'));
  t.true(isClassifiedScope('涉密,略'));
  t.true(isClassifiedScope(' 涉密， 略 '));
  t.false(isClassifiedScope('涉密系统改造'));
});

test('cleanText trims and drops stray spaces', (t) => {
  t.is(cleanText('  市纪委 '), '市纪委');
  t.is(cleanText('开发 油品仓储监管驾驶舱'), '开发油品仓储监管驾驶舱');
  t.is(cleanText('舟山市 2022 年度第三批 市本级'), '舟山市2022年度第三批市本级');
  t.is(cleanText('市大数据管理中心\u3000'), '市大数据管理中心');
});

test('cleanText keeps spaces around Latin words', (t) => {
  t.is(cleanText('市委组织部 DZG 升级改造项目'), '市委组织部 DZG 升级改造项目');
  t.is(cleanText('舟山市医保  DRG   点数付费'), '舟山市医保 DRG 点数付费');
});
