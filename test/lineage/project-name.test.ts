import test from 'ava';
import { projectNameKey } from '../../server/lineage/project-name.ts';

const sameKey: Array<[string, string]> = [
  ['舟山市医保 DRG 点数付费平台项目', '舟山市医保DRG点数付费平台项目'],
  ['舟山电子政务外网 IPv6 升级改造', '舟山电子政务外网ＩＰｖ６升级改造'],
  ['舟山市公共数据平台 2.0 建设', '舟山市公共数据平台2.0建设（2023年）'],
  ['舟山市公共数据平台 2.0 建设', '舟山市公共数据平台2.0建设2023年度'],
  ['舟山市公共数据平台 2.0 建设', '舟山市公共数据平台2.0建设(2022-2023)'],
  ['工程建设领域工资支付全过程监管平台升级(三期)', '工程建设领域工资支付全过程监管平台升级（三期）'],
  ['舟山市纪委“四责协同”监督平台2.0', '舟山市纪委"四责协同"监督平台2.0'],
  ['舟山市政务服务2.0建设', '舟山市政务服务2.0建设\u3000'],
];

for (const [first, second] of sameKey) {
  test(`same key: ${second}`, (t) => {
    t.is(projectNameKey(second), projectNameKey(first));
  });
}

test('leading year is kept', (t) => {
  t.not(projectNameKey('2019年度政务云扩容建设项目'), projectNameKey('2021年度政务云扩容建设项目'));
});

test('phases stay apart', (t) => {
  t.not(projectNameKey('退役军人网上驿站（二期）'), projectNameKey('退役军人网上驿站（三期）'));
});

test('version number is not a year', (t) => {
  t.is(projectNameKey('舟山市政务服务2.0建设'), '舟山市政务服务2.0建设');
});

test('name of only a year keeps it', (t) => {
  t.is(projectNameKey('2022年'), '2022年');
});
