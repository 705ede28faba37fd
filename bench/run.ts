// Runs the benchmark suite against a throwaway mongod and prints a table, or with --json one JSON
// document on stdout. Logs and progress go to stderr. Usage:
//   npm run bench [-- [--json] [name ...]]
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedMongod } from '../server/db/mongod.ts';
import { broadcastBenchmark } from './broadcast.ts';
import { dashboardBenchmark } from './dashboard.ts';
import { importBenchmark } from './import.ts';
import { miniappBenchmark } from './miniapp.ts';
import type { Benchmark, BenchContext, BenchResult } from './result.ts';
import { submissionBenchmark } from './submission.ts';
import { formatTable } from './table.ts';

const benchmarks: Benchmark[] = [submissionBenchmark, dashboardBenchmark, importBenchmark, broadcastBenchmark, miniappBenchmark];

function describeMachine(): string {
  const cores = cpus();
  const model = cores[0]?.model.trim() ?? 'unknown CPU';
  const memoryGiB = (totalmem() / 1024 ** 3).toFixed(0);
  // The machine may be shared: a load average above the core count means other work competed.
  const load = loadavg().map((value) => value.toFixed(1)).join(' ');
  return `${cores.length} × ${model}, ${memoryGiB} GiB RAM, Linux ${release()}, Node.js ${process.versions.node}; load average ${load} at the end of the run`;
}

function usage(): string {
  return ['usage: npm run bench -- [--json] [name ...]', 'benchmarks:', ...benchmarks.map((bench) => `  ${bench.name.padEnd(11)} ${bench.description}`)].join('\n');
}

const args = process.argv.slice(2);
const json = args.includes('--json');
const names = args.filter((arg) => !arg.startsWith('--'));
const unknown = names.filter((name) => !benchmarks.some((bench) => bench.name === name));
if (args.includes('--help') || unknown.length > 0) {
  if (unknown.length > 0) process.stderr.write(`unknown benchmark: ${unknown.join(', ')}\n`);
  process.stderr.write(`${usage()}\n`);
  process.exit(unknown.length > 0 ? 2 : 0);
}
const selected = names.length === 0 ? benchmarks : benchmarks.filter((bench) => names.includes(bench.name));

const log = (message: string): void => {
  process.stderr.write(`[bench] ${message}\n`);
};

const dbPath = mkdtempSync(join(tmpdir(), 'jdt-bench-mongod-'));
// A cache closer to a production MongoDB's than the 0.25 GB the demo and tests use, so that a
// 10,000-row import transaction and the dashboard's millions of reports are not measured under
// cache pressure.
const mongod = await startEmbeddedMongod({ dbPath, cacheSizeGB: 4 });
const context: BenchContext = {
  mongoUri: (name) => new URL(mongod.uri).toString().replace('/?', `/jdt-bench-${name}?`),
  log,
};

const started = Date.now();
const results: BenchResult[] = [];
let failed = false;
try {
  for (const bench of selected) {
    const benchStarted = Date.now();
    log(`${bench.name}: ${bench.description}`);
    try {
      results.push(...(await bench.run(context)));
    } catch (error) {
      failed = true;
      log(`${bench.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      results.push({ name: `${bench.name}: failed`, unit: '', value: null, baseline: null, ratio: null, target: null, met: false, note: String(error) });
    }
    log(`${bench.name} took ${((Date.now() - benchStarted) / 1000).toFixed(1)} s`);
  }
} finally {
  await mongod.stop();
  rmSync(dbPath, { recursive: true, force: true });
}
log(`suite took ${((Date.now() - started) / 1000).toFixed(1)} s`);

const summary = { machine: describeMachine(), results };
if (json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
else process.stdout.write(`${summary.machine}\n\n${formatTable(results)}\n`);
process.exit(failed ? 1 : 0);
