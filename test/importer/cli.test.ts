import test from 'ava';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { parseNotice } from '../../server/importer/parse-notice.ts';
import { parsedNoticeSchema } from '../../server/importer/types.ts';
import { LINES, replaceCell, SEED_PATH, seedTableOnly, seedText } from './seed.ts';

const CLI_PATH = fileURLToPath(new URL('../../server/importer/cli.ts', import.meta.url));
const workDir = mkdtempSync(join(tmpdir(), 'jindutong-import-'));

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI_PATH, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function writeInput(name: string, content: string | Buffer): string {
  const path = join(workDir, name);
  writeFileSync(path, content);
  return path;
}

test('dry run prints the JSON document', async (t) => {
  const run = await runCli(['--dry-run', '--json', SEED_PATH]);
  t.is(run.code, 0);

  const output: unknown = JSON.parse(run.stdout);
  const parsed = parsedNoticeSchema.parse(output);
  t.is(parsed.projects.length, 58);
  t.is(parsed.findings.length, 4);
  t.deepEqual(parsed, parseNotice(Buffer.from(seedText, 'utf8')));
  t.regex(run.stderr, /--dry-run/);
});

test('dry run prints a Chinese summary', async (t) => {
  const run = await runCli(['--dry-run', SEED_PATH]);
  t.is(run.code, 0);
  t.regex(run.stdout, /文号：舟数管发〔2022〕4号/);
  t.regex(run.stdout, /项目：58 个/);
  t.regex(run.stdout, /总投资额：14032\.215 万元/);
  t.regex(run.stdout, /2022年投资额：5597\.115 万元/);
  t.regex(run.stdout, /核对发现 4 处不一致/);
  t.regex(run.stdout, /合计的2022年投资额印为 5596 万元/);
});

test('TSV with batch flags', async (t) => {
  const file = writeInput('table.tsv', iconv.encode(seedTableOnly().replace(/\n/g, '\r\n'), 'gb18030'));
  const run = await runCli([
    '--dry-run',
    '--json',
    '--doc-no',
    '舟数管发〔2022〕4号',
    '--title',
    '关于下达第三批计划的通知',
    '--issued-at',
    '2022-07-07',
    file,
  ]);
  t.is(run.code, 0);

  const parsed = parsedNoticeSchema.parse(JSON.parse(run.stdout));
  t.deepEqual(parsed.batch, {
    docNo: '舟数管发〔2022〕4号',
    title: '关于下达第三批计划的通知',
    issuedAt: '2022-07-07',
    year: 2022,
    issuers: [],
  });
  t.is(parsed.projects.length, 58);
});

test('TSV without batch flags exits 2', async (t) => {
  const file = writeInput('bare.tsv', seedTableOnly());
  const run = await runCli(['--dry-run', '--json', file]);
  t.is(run.code, 2);
  t.is(run.stdout, '');
  t.regex(run.stderr, /缺少文号/);
});

test('invalid row exits 2 naming line and column', async (t) => {
  const file = writeInput('bad-nature.txt', replaceCell(LINES.seq3, 4, '改建'));
  const run = await runCli(['--dry-run', '--json', file]);
  t.is(run.code, 2);
  t.is(run.stdout, '');
  t.is(run.stderr, `导入失败：第 ${LINES.seq3} 行“建设性质”列：无法识别的建设性质“改建”，应为“新建”“新建（升级）”或“历年”\n`);
});

test('missing file exits 2', async (t) => {
  const run = await runCli(['--dry-run', join(workDir, 'no-such-file.txt')]);
  t.is(run.code, 2);
  t.regex(run.stderr, /找不到文件/);
});

test('no file argument exits 2 with usage', async (t) => {
  const run = await runCli(['--dry-run']);
  t.is(run.code, 2);
  t.regex(run.stderr, /缺少要导入的文件/);
  t.regex(run.stderr, /用法：/);
});

test('unknown flag exits 2 with usage', async (t) => {
  const run = await runCli(['--force', SEED_PATH]);
  t.is(run.code, 2);
  t.regex(run.stderr, /未知选项：--force/);
  t.regex(run.stderr, /用法：/);
});

test('flag without value exits 2', async (t) => {
  const run = await runCli(['--dry-run', SEED_PATH, '--doc-no']);
  t.is(run.code, 2);
  t.regex(run.stderr, /选项 --doc-no 需要一个值/);
});

test('invalid issued date exits 2', async (t) => {
  const run = await runCli(['--dry-run', '--issued-at', '2022-13-01', SEED_PATH]);
  t.is(run.code, 2);
  t.regex(run.stderr, /印发日期“2022-13-01”无效/);
});

test('help prints usage', async (t) => {
  const run = await runCli(['--help']);
  t.is(run.code, 0);
  t.regex(run.stdout, /^用法：npm run import --/);
});
