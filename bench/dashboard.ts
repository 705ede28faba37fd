// Server time of the bureau's dashboard (overview, and the project × stage matrix) as the data
// grows to 1,000, 10,000 and 100,000 projects with about 20 reports each. The baselines are the
// least work any such view needs: one pass over the projects, or one page of them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../server/config.ts';
import { Project } from '../server/models/project.ts';
import { startProduct } from '../server/start.ts';
import { ApiSession } from '../test/helpers/product.ts';
import { DashboardData } from './generators/dashboard-data.ts';
import { elapsedMs, figure, type Benchmark, type BenchResult } from './result.ts';

const sizes = (process.env.BENCH_DASHBOARD_SIZES ?? '1000,10000,100000').split(',').map(Number);
const reportsPerProject = Number(process.env.BENCH_DASHBOARD_REPORTS ?? 20);
const runs = 5;
const targetMs = 150;
const targetSize = 10_000;
/** Growth exponent allowed between the two largest sizes: 1 is linear, with 10% for noise. */
const maxGrowthExponent = 1.1;

const views = [
  { key: 'overview', label: 'dashboard overview', path: '/api/dashboard/overview' },
  { key: 'matrix', label: 'dashboard matrix, first page', path: '/api/dashboard/matrix' },
] as const;

/** Runs `action` once to warm up, then `runs` times, and returns the median in ms. */
async function medianMs(action: () => Promise<void>): Promise<number> {
  await action();
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = process.hrtime.bigint();
    await action();
    samples.push(elapsedMs(start));
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(runs / 2)]!;
}

/**
 * The baselines read what each view summarises in the plainest way. The overview's baseline is
 * one $group pass over every project's investment. The matrix's is one sorted page of 50 projects
 * with their stored progress, and a count of all of them.
 */
const baselines = {
  overview: async () => {
    await Project.aggregate([{ $group: { _id: null, projects: { $sum: 1 }, investment: { $sum: '$investment.total' } } }]);
  },
  matrix: async () => {
    await Project.find({}, { seq: 1, name: 1, unitIds: 1, progress: 1 }).sort({ batchId: -1, seq: 1 }).limit(50).lean();
    await Project.countDocuments();
  },
};

export const dashboardBenchmark: Benchmark = {
  name: 'dashboard',
  description: `dashboard overview and matrix at ${sizes.join(', ')} projects`,
  async run(context) {
    const product = await startProduct(
      loadConfig({
        PORT: '0',
        SIMULATOR_PORT: '0',
        MONGODB_URI: context.mongoUri('dashboard'),
        DATA_DIR: mkdtempSync(join(tmpdir(), 'jdt-bench-data-')),
        LOG_LEVEL: 'warn',
        SCHEDULER: 'off',
      }),
    );
    const results: BenchResult[] = [];
    try {
      const admin = await new ApiSession(product.url).signInAs('jdt-admin-01');
      const data = new DashboardData(reportsPerProject);
      const times = new Map<string, Map<number, number>>(views.map((view) => [view.key, new Map()]));
      const missing = new Set<string>();

      for (const size of sizes) {
        // Without either endpoint there is nothing to time, so the larger sizes are not generated.
        if (missing.size === views.length) break;
        const generateStart = process.hrtime.bigint();
        await data.growTo(size);
        context.log(`dashboard: ${size} projects generated in ${(elapsedMs(generateStart) / 1000).toFixed(1)} s`);

        for (const view of views) {
          const probe = await admin.get(view.path);
          if (probe.status === 404) {
            missing.add(view.key);
            continue;
          }
          if (probe.status !== 200) throw new Error(`GET ${view.path} returned ${probe.status}: ${JSON.stringify(probe.body)}`);
          const value = await medianMs(async () => {
            const response = await admin.get(view.path);
            if (response.status !== 200) throw new Error(`GET ${view.path} returned ${response.status}`);
          });
          const baseline = await medianMs(baselines[view.key]);
          times.get(view.key)!.set(size, value);
          results.push(
            figure({
              name: `${view.label}, ${size} projects`,
              unit: 'ms',
              value,
              baseline,
              ...(size === targetSize ? { target: `< ${targetMs} ms`, met: value < targetMs } : {}),
            }),
          );
        }
      }

      for (const view of views) {
        if (missing.has(view.key)) {
          results.push(
            figure({
              name: `${view.label}`,
              unit: 'ms',
              value: null,
              target: `< ${targetMs} ms at ${targetSize} projects`,
              met: false,
              note: `GET ${view.path} answered 404: the endpoint is not on this branch yet, so nothing was measured`,
            }),
          );
          continue;
        }
        const measured = times.get(view.key)!;
        const [smaller, larger] = sizes.slice(-2);
        if (smaller === undefined || larger === undefined) continue;
        const exponent = Math.log(measured.get(larger)! / measured.get(smaller)!) / Math.log(larger / smaller);
        results.push(
          figure({
            name: `${view.label}, growth ${smaller}→${larger}`,
            unit: 'exponent',
            value: exponent,
            target: `<= ${maxGrowthExponent} (1 = linear)`,
            met: exponent <= maxGrowthExponent,
          }),
        );
      }
      return results;
    } finally {
      await product.stop();
    }
  },
};
