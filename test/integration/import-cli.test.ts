import test from 'ava';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import { connectMongoose } from '../../server/db/connect.ts';
import { Batch } from '../../server/models/batch.ts';
import { Project } from '../../server/models/project.ts';
import { AuditEvent } from '../../server/models/audit-event.ts';
import { testDatabaseUri } from '../helpers/database.ts';

const cliPath = fileURLToPath(new URL('../../server/importer/cli.ts', import.meta.url));
const seedPath = fileURLToPath(new URL('../../seeds/000_722b16daf95b2959.txt', import.meta.url));
let uri: string;

test.before(async () => {
  uri = await testDatabaseUri();
  await connectMongoose(uri);
});

test.after.always(async () => {
  await mongoose.connection.dropDatabase();
  await mongoose.disconnect();
});

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cliPath, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, MONGODB_URI: uri, LOG_LEVEL: 'warn' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test.serial('invalid input exits 2 and writes nothing', async (t) => {
  const broken = join(mkdtempSync(join(tmpdir(), 'jdt-import-')), 'broken.txt');
  const text = readFileSync(seedPath, 'utf8').replace('\t108\t108\t\t54\t54\t', '\t108\t一百零八\t\t54\t54\t');
  writeFileSync(broken, text);

  const run = await runCli([broken]);
  t.is(run.code, 2);
  t.regex(run.stderr, /第 \d+ 行/);
  t.is(await Batch.countDocuments(), 0);
  t.is(await Project.countDocuments(), 0);
});

test.serial('import saves the batch once, re-import updates it', async (t) => {
  const first = await runCli([seedPath]);
  t.is(first.code, 0, first.stderr);
  t.regex(first.stdout, /新建批次/);

  const second = await runCli([seedPath]);
  t.is(second.code, 0, second.stderr);
  t.regex(second.stdout, /更新批次/);

  t.is(await Batch.countDocuments(), 1);
  t.is(await Project.countDocuments(), 58);
  const batch = await Batch.findOne().lean();
  t.is(batch?.docNo, '舟数管发〔2022〕4号');
  t.is(batch?.findings.length, 4);
  t.deepEqual(
    (await AuditEvent.find({}, { action: 1 }).sort({ at: 1 }).lean()).map((event) => event.action),
    ['batch.import', 'batch.reimport'],
  );
});

test.serial('changing a published batch needs an explicit option', async (t) => {
  await Batch.updateOne({}, { $set: { status: 'published' } });
  const changed = join(mkdtempSync(join(tmpdir(), 'jdt-import-')), 'changed.txt');
  writeFileSync(changed, readFileSync(seedPath, 'utf8').replace('\t108\t108\t\t54\t54\t', '\t108\t108\t\t64\t64\t'));

  const refused = await runCli([changed]);
  t.is(refused.code, 2);
  t.regex(refused.stderr, /已发布/);
  t.regex(refused.stderr, /序号 1 的计划/);
  t.is((await Project.findOne({ seq: 1 }).lean())?.yearInvestment.total, 54_000_000);

  const unchanged = await runCli([seedPath]);
  t.is(unchanged.code, 0, unchanged.stderr);

  const allowed = await runCli(['--update-published', changed]);
  t.is(allowed.code, 0, allowed.stderr);
  t.is((await Project.findOne({ seq: 1 }).lean())?.yearInvestment.total, 64_000_000);
  const audit = await AuditEvent.findOne({ action: 'batch.reimport' }).sort({ at: -1 }).lean();
  t.deepEqual((audit?.after as { changedSeqs: number[] }).changedSeqs, [1]);
});

test.serial('json output is the document alone', async (t) => {
  const run = await runCli(['--json', '--update-published', seedPath]);
  t.is(run.code, 0, run.stderr);
  const document = JSON.parse(run.stdout) as { projects: unknown[] };
  t.is(document.projects.length, 58);
});

test.serial('dry run writes nothing', async (t) => {
  await Batch.deleteMany({});
  await Project.deleteMany({});
  const run = await runCli(['--dry-run', seedPath]);
  t.is(run.code, 0);
  t.is(await Batch.countDocuments(), 0);
});
