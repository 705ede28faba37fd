// Report submission under load: requests per second and latency of POST /api/projects/:id/reports
// at 1, 16 and 64 concurrent clients, against a bare Koa + mongoose endpoint inserting the same
// document. autocannon generates the load from this process; both servers run as child processes.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import autocannon from 'autocannon';
import { reportBody } from '../test/helpers/reports.ts';
import { figure, type Benchmark, type BenchContext, type BenchResult } from './result.ts';
import { startChildServer, type ChildServer } from './servers/child.ts';

const concurrencies = [1, 16, 64];
const durationSeconds = Number(process.env.BENCH_SUBMISSION_SECONDS ?? 8);
const warmupSeconds = 2;
const adminUserId = 'jdt-admin-01';
const rosterPath = 'seeds/roster.json';

/** One simulated person and one of their projects: the session cookie and the report URL. */
interface Reporter {
  cookie: string;
  path: string;
  /** Winning amount in 分 that stays within the project's total investment. */
  winningAmount: number;
}

interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  failures: number;
  total: number;
}

/** Signs in through the demo picker and returns the session cookie. */
async function signIn(baseUrl: string, userId: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/demo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-jdt-request': '1' },
    body: JSON.stringify({ userId }),
  });
  if (response.status !== 200) throw new Error(`sign-in as ${userId} failed: ${response.status}`);
  return response.headers.getSetCookie().map((header) => header.split(';')[0]).join('; ');
}

async function getJson<T>(baseUrl: string, path: string, cookie: string, method = 'GET'): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, { method, headers: { cookie, ...(method === 'GET' ? {} : { 'x-jdt-request': '1' }) } });
  if (!response.ok) throw new Error(`${method} ${path} failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

interface ProjectSummary {
  id: string;
  seq: number;
  classified: boolean;
  investment: { total: number };
}

/**
 * Publishes the seed batch as the bureau, then signs in every unit contact of the roster and
 * lists their unclassified projects. Requests go to these (contact, project) pairs in turn, so
 * that concurrent clients are different people with their own sessions and rate-limit counters,
 * and the reports spread over the projects as they would in use.
 */
async function prepareReporters(baseUrl: string): Promise<Reporter[]> {
  const adminCookie = await signIn(baseUrl, adminUserId);
  const batches = await getJson<Array<{ id: string; status: string }>>(baseUrl, '/api/batches', adminCookie);
  const batch = batches[0];
  if (batch === undefined) throw new Error('the product has no seed batch');
  if (batch.status !== 'published') await getJson(baseUrl, `/api/batches/${batch.id}/publish`, adminCookie, 'POST');

  const roster = JSON.parse(await readFile(rosterPath, 'utf8')) as { units: Array<{ contacts: Array<{ userId: string }> }> };
  const userIds = [...new Set(roster.units.flatMap((unit) => unit.contacts.map((contact) => contact.userId)))];
  const reporters: Reporter[] = [];
  for (const userId of userIds) {
    const cookie = await signIn(baseUrl, userId);
    const mine = await getJson<{ batches: Array<{ projects: ProjectSummary[] }> }>(baseUrl, '/api/my/projects', cookie);
    for (const project of mine.batches.flatMap((entry) => entry.projects)) {
      if (project.classified) continue;
      const winningAmount = Math.min(98_500_000, Math.floor(project.investment.total * 0.9));
      reporters.push({ cookie, path: `/api/projects/${project.id}/reports`, winningAmount });
    }
  }
  if (reporters.length === 0) throw new Error('no contact of the roster has an unclassified project');
  return reporters;
}

/** Builds a valid 招标采购 report of the reporter's project with a fresh idempotency key. */
function submissionBody(reporter: Reporter): string {
  return JSON.stringify(
    reportBody('procurement', {
      idempotencyKey: randomUUID(),
      fields: { winningAmount: reporter.winningAmount },
      common: { paidToDate: 0 },
    }),
  );
}

/** Runs autocannon; each request goes to the next reporter in turn, with a fresh idempotency key. */
async function load(baseUrl: string, reporters: Reporter[], connections: number, seconds: number): Promise<LoadResult> {
  let next = 0;
  const result = await autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const reporter = reporters[next++ % reporters.length]!;
          return {
            ...request,
            path: reporter.path,
            headers: { 'content-type': 'application/json', 'x-jdt-request': '1', cookie: reporter.cookie },
            body: submissionBody(reporter),
          };
        },
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
    total: result.requests.total,
  };
}

async function measure(context: BenchContext, product: { url: string; reporters: Reporter[] }, baseline: { url: string; reporters: Reporter[] }): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const connections of concurrencies) {
    context.log(`submission: ${connections} clients, ${durationSeconds} s each`);
    await load(product.url, product.reporters, connections, warmupSeconds);
    const ours = await load(product.url, product.reporters, connections, durationSeconds);
    await load(baseline.url, baseline.reporters, connections, warmupSeconds);
    const theirs = await load(baseline.url, baseline.reporters, connections, durationSeconds);
    const failures = ours.failures + theirs.failures;
    const note = failures > 0 ? `${ours.failures} of ${ours.total} product and ${theirs.failures} of ${theirs.total} baseline requests failed` : undefined;

    results.push(
      figure({
        name: `submission rps, ${connections} clients`,
        unit: 'req/s',
        value: ours.requestsPerSecond,
        baseline: theirs.requestsPerSecond,
        target: 'ratio >= 0.6',
        met: ours.requestsPerSecond >= 0.6 * theirs.requestsPerSecond && failures === 0,
        ...(note === undefined ? {} : { note }),
      }),
      figure({ name: `submission p50, ${connections} clients`, unit: 'ms', value: ours.p50, baseline: theirs.p50 }),
      figure({
        name: `submission p99, ${connections} clients`,
        unit: 'ms',
        value: ours.p99,
        baseline: theirs.p99,
        ...(connections === 64 ? { target: '< 50 ms', met: ours.p99 < 50 } : {}),
      }),
    );
  }
  return results;
}

export const submissionBenchmark: Benchmark = {
  name: 'submission',
  description: 'report submission under load, product vs bare Koa + mongoose insert',
  async run(context) {
    const servers: ChildServer[] = [];
    try {
      const product = await startChildServer('bench/servers/product.ts', { BENCH_MONGODB_URI: context.mongoUri('submission') });
      servers.push(product);
      const baseline = await startChildServer('bench/servers/baseline.ts', { BENCH_MONGODB_URI: context.mongoUri('submission-baseline') });
      servers.push(baseline);

      const reporters = await prepareReporters(product.url);
      context.log(`submission: ${reporters.length} (contact, project) pairs report in turn`);
      // The baseline receives the same paths and bodies, so both insert documents of the same size.
      return await measure(context, { url: product.url, reporters }, { url: baseline.url, reporters });
    } finally {
      for (const server of servers) await server.stop();
    }
  },
};
