// Import of the real notice and of a generated 10,000-row table: time to parse and save, and
// peak memory, each in a child process of its own. The baseline parses the same input and writes
// the rows with one raw insertMany, without the transaction, upserts by 序号 and audit.
import { spawn } from 'node:child_process';
import { figure, type Benchmark, type BenchContext, type BenchResult } from './result.ts';
import type { ImportMeasurement } from './servers/import-worker.ts';

const generatedRows = 10_000;
const targetMs = 5_000;
/** Peak resident memory allowed for importing 10,000 rows, as a bound the server can plan for. */
const peakRssBudgetMiB = 512;
const mebibyte = 1024 * 1024;

let runNumber = 0;

function runWorker(context: BenchContext, rows: string, mode: 'product' | 'baseline'): Promise<ImportMeasurement> {
  runNumber += 1;
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/servers/import-worker.ts'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      BENCH_MONGODB_URI: context.mongoUri(`import-${runNumber}`),
      BENCH_IMPORT_ROWS: rows,
      BENCH_IMPORT_MODE: mode,
    },
  });
  return new Promise((resolveMeasurement, reject) => {
    let measurement: ImportMeasurement | undefined;
    child.once('message', (message: ImportMeasurement) => {
      measurement = message;
    });
    child.once('exit', (code) => {
      if (measurement !== undefined && code === 0) resolveMeasurement(measurement);
      else reject(new Error(`import worker (${rows} rows, ${mode}) exited with code ${String(code)}`));
    });
  });
}

export const importBenchmark: Benchmark = {
  name: 'import',
  description: `import of the real notice and of a generated ${generatedRows}-row table`,
  async run(context) {
    const results: BenchResult[] = [];
    for (const rows of ['real', String(generatedRows)]) {
      const product = await runWorker(context, rows, 'product');
      const baseline = await runWorker(context, rows, 'baseline');
      const label = rows === 'real' ? `import real notice (${product.rows} rows)` : `import ${product.rows} generated rows`;
      context.log(`import: ${label}: parse ${product.parseMs.toFixed(0)} ms, save ${product.saveMs.toFixed(0)} ms`);
      const isGenerated = rows !== 'real';
      results.push(
        figure({ name: `${label}, parse`, unit: 'ms', value: product.parseMs }),
        figure({
          name: `${label}, parse + save`,
          unit: 'ms',
          value: product.parseMs + product.saveMs,
          baseline: baseline.parseMs + baseline.saveMs,
          ...(isGenerated ? { target: `< ${targetMs} ms`, met: product.parseMs + product.saveMs < targetMs } : {}),
        }),
        figure({
          name: `${label}, peak RSS`,
          unit: 'MiB',
          value: product.peakRssBytes / mebibyte,
          baseline: baseline.peakRssBytes / mebibyte,
          ...(isGenerated ? { target: `< ${peakRssBudgetMiB} MiB`, met: product.peakRssBytes / mebibyte < peakRssBudgetMiB } : {}),
        }),
      );
    }
    return results;
  },
};
