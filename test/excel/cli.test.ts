import test from 'ava';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseNotice } from '../../server/importer/parse-notice.ts';
import { parsedNoticeSchema } from '../../server/importer/types.ts';
import { seedText } from '../importer/seed.ts';
import { BATCH_OPTIONS, seedWorkbook } from './workbooks.ts';

const CLI_PATH = fileURLToPath(new URL('../../server/importer/cli.ts', import.meta.url));
const workDir = mkdtempSync(join(tmpdir(), 'jindutong-xlsx-import-'));
const parsedSeed = parseNotice(Buffer.from(seedText, 'utf8'));

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
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

function writeInput(name: string, content: Buffer): string {
  const path = join(workDir, name);
  writeFileSync(path, content);
  return path;
}

test('dry run of a notice workbook', async (t) => {
  const file = writeInput('notice.xlsx', (await seedWorkbook()).bytes);
  const run = await runCli(['--dry-run', '--json', file]);

  t.is(run.code, 0, run.stderr);
  t.deepEqual(parsedNoticeSchema.parse(JSON.parse(run.stdout)), parsedSeed);
});

test('workbook found by content, whatever its name', async (t) => {
  const file = writeInput('notice.txt', (await seedWorkbook()).bytes);
  const run = await runCli(['--dry-run', file]);

  t.is(run.code, 0, run.stderr);
  t.regex(run.stdout, /项目：58 个/);
  t.regex(run.stdout, /核对发现 4 处不一致/);
});

test('table-only workbook with batch flags', async (t) => {
  const file = writeInput('table.xlsx', (await seedWorkbook({ above: 'none' })).bytes);
  const run = await runCli([
    '--dry-run',
    '--json',
    '--doc-no',
    BATCH_OPTIONS.docNo,
    '--title',
    BATCH_OPTIONS.title,
    '--issued-at',
    BATCH_OPTIONS.issuedAt,
    file,
  ]);

  t.is(run.code, 0, run.stderr);
  const parsed = parsedNoticeSchema.parse(JSON.parse(run.stdout));
  t.deepEqual(parsed.batch, { ...BATCH_OPTIONS, year: 2022, issuers: [] });
  t.deepEqual(parsed.projects, parsedSeed.projects);
});

test('invalid workbook exits 2 naming row and column', async (t) => {
  const workbook = await seedWorkbook({
    edit: (rows) => {
      rows.find((cells) => cells[0] === '3')![4] = '改建';
    },
  });
  const run = await runCli(['--dry-run', '--json', writeInput('bad.xlsx', workbook.bytes)]);

  t.is(run.code, 2);
  t.is(run.stdout, '');
  t.is(
    run.stderr,
    `导入失败：工作表“附件”第 ${workbook.rowOf(3)} 行 E 列（建设性质）：无法识别的建设性质“改建”，应为“新建”“新建（升级）”或“历年”\n`,
  );
});
