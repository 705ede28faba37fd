import test from 'ava';
import iconv from 'iconv-lite';
import { decodeNotice } from '../../server/importer/decode.ts';

const sample = '舟数管发〔2022〕4号\n新建（升级）\t“四责协同”\n';

test('decodeNotice reads UTF-8', (t) => {
  t.deepEqual(decodeNotice(Buffer.from(sample, 'utf8')), { text: sample, encoding: 'utf-8' });
});

test('decodeNotice strips a UTF-8 BOM', (t) => {
  const input = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sample, 'utf8')]);
  t.deepEqual(decodeNotice(input), { text: sample, encoding: 'utf-8' });
});

test('decodeNotice reads GB18030 and GBK', (t) => {
  t.deepEqual(decodeNotice(iconv.encode(sample, 'gb18030')), { text: sample, encoding: 'gb18030' });
  t.deepEqual(decodeNotice(iconv.encode(sample, 'gbk')), { text: sample, encoding: 'gb18030' });
});

test('decodeNotice turns CRLF and CR into LF', (t) => {
  const input = Buffer.from('a\r\nb\rc\n', 'utf8');
  t.is(decodeNotice(input).text, 'a\nb\nc\n');
});

test('decodeNotice reads UTF-16 with BOM', (t) => {
  const input = iconv.encode(sample, 'utf-16le', { addBOM: true });
  t.deepEqual(decodeNotice(input), { text: sample, encoding: 'utf-16le' });
});
