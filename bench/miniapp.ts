// The micro-app as a contact loads it. The gzip size of the JS and CSS before their first screen
// is compared with a bare React + antd-mobile list page built here. The time until the project
// list shows in Chromium on a throttled link, like a weak island connection, is compared with the
// same page unthrottled.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { measureFirstScreen } from '../miniapp/scripts/first-screen-size.ts';
import { loadConfig } from '../server/config.ts';
import { startProduct, type RunningProduct } from '../server/start.ts';
import { launchChromium, phoneContext } from '../test/helpers/browser.ts';
import { ApiSession } from '../test/helpers/product.ts';
import { elapsedMs, figure, type Benchmark, type BenchResult } from './result.ts';

/** 张国栋 of 市委组织部, who has three projects in the seed notice. */
const contactUserId = 'jdt-u03-1';
const sizeTargetBytes = 100 * 1024;
const usableTargetMs = 4_000;
/** A weak island link: 400 kbit/s each way and a 400 ms round trip. */
const weakLink = { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 };
const runs = 3;

/** Builds the bare list page with Vite into a temporary folder and measures it like the micro-app. */
async function baselineFirstScreenBytes(): Promise<number> {
  const outDir = mkdtempSync(join(tmpdir(), 'jdt-bench-baseline-page-'));
  try {
    await build({
      root: resolve('bench/miniapp-baseline'),
      configFile: false,
      logLevel: 'warn',
      plugins: [react()],
      build: { outDir, emptyOutDir: true, manifest: true, target: 'es2020' },
    });
    return measureFirstScreen(outDir, 'index.html').totalGzipBytes;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** Opens the home page as the signed-in contact in a fresh context and returns the ms until the list shows. */
async function timeToProjectList(browser: Browser, product: RunningProduct, throttled: boolean): Promise<number> {
  const context = await phoneContext(browser);
  try {
    const signedIn = await context.request.post(`${product.url}/api/auth/demo`, { data: { userId: contactUserId }, headers: { 'x-jdt-request': '1' } });
    if (signedIn.status() !== 200) throw new Error(`sign-in as ${contactUserId} failed: ${signedIn.status()}`);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (throttled) await cdp.send('Network.emulateNetworkConditions', weakLink);

    const start = process.hrtime.bigint();
    if (process.env.BENCH_TRACE === '1') {
      page.on('requestfinished', (request) => {
        process.stderr.write(`${elapsedMs(start).toFixed(0)} ms ${request.url().replace(product.url, '')}\n`);
      });
    }
    await page.goto(`${product.url}/app/`, { waitUntil: 'commit' });
    await page.locator('[data-testid^="home-project-"]').first().waitFor({ state: 'visible', timeout: 60_000 });
    return elapsedMs(start);
  } finally {
    await context.close();
  }
}

async function medianOf(count: number, measure: () => Promise<number>): Promise<number> {
  const samples: number[] = [];
  for (let run = 0; run < count; run += 1) samples.push(await measure());
  samples.sort((a, b) => a - b);
  return samples[Math.floor(count / 2)]!;
}

export const miniappBenchmark: Benchmark = {
  name: 'miniapp',
  description: "a contact's first screen: bytes downloaded, and time to the project list on a weak link",
  async run(context) {
    const firstScreen = measureFirstScreen(resolve('miniapp/dist'));
    const baselineBytes = await baselineFirstScreenBytes();
    const results: BenchResult[] = [
      figure({
        name: "micro-app first screen JS + CSS (contact's home)",
        unit: 'KiB gzip',
        value: firstScreen.totalGzipBytes / 1024,
        baseline: baselineBytes / 1024,
        target: `< ${sizeTargetBytes / 1024} KiB`,
        met: firstScreen.totalGzipBytes < sizeTargetBytes,
        note: `baseline: a bare React + antd-mobile list page built by the benchmark; largest files: ${firstScreen.files
          .slice(0, 3)
          .map((file) => `${file.file} ${(file.gzipBytes / 1024).toFixed(1)} KiB`)
          .join(', ')}`,
      }),
    ];

    const product = await startProduct(
      loadConfig({
        PORT: '0',
        SIMULATOR_PORT: '0',
        MONGODB_URI: context.mongoUri('miniapp'),
        DATA_DIR: mkdtempSync(join(tmpdir(), 'jdt-bench-data-')),
        LOG_LEVEL: 'warn',
        SCHEDULER: 'off',
      }),
    );
    let browser: Browser | undefined;
    try {
      // A contact's project list shows published batches only.
      const admin = await new ApiSession(product.url).signInAs('jdt-admin-01');
      const batches = await admin.get<Array<{ id: string }>>('/api/batches');
      const published = await admin.post(`/api/batches/${batches.body[0]!.id}/publish`);
      if (published.status !== 200) throw new Error(`publishing the seed batch failed: ${published.status}`);

      browser = await launchChromium();
      const unthrottled = await medianOf(runs, () => timeToProjectList(browser!, product, false));
      const throttled = await medianOf(runs, () => timeToProjectList(browser!, product, true));
      context.log(`miniapp: project list after ${throttled.toFixed(0)} ms throttled, ${unthrottled.toFixed(0)} ms unthrottled`);
      results.push(
        figure({
          name: 'micro-app time to project list, 400 kbit/s + 400 ms RTT',
          unit: 'ms',
          value: throttled,
          baseline: unthrottled,
          target: `< ${usableTargetMs} ms`,
          met: throttled < usableTargetMs,
          note: `median of ${runs} cold loads of a signed-in contact; baseline: the same page unthrottled`,
        }),
      );
      return results;
    } finally {
      await browser?.close();
      await product.stop();
    }
  },
};
