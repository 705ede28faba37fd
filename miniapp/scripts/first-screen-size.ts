// Measures what a unit contact downloads before their first screen shows: the entry chunk, the
// home route's chunk, everything those two import statically, and their CSS. Runs after every
// `vite build` through the plugin below, and alone with `npx tsx miniapp/scripts/first-screen-size.ts`.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** Largest gzip size of the contact's first screen (JS and CSS): 100 KiB, in bytes. */
export const firstScreenBudgetBytes = 100 * 1024;

/** The module of the contact's home route, as its key in the Vite manifest. */
export const contactHomeModule = 'src/pages/contact-home/ContactHomePage.tsx';

/** One chunk of Vite's `.vite/manifest.json`, with the fields this script reads. */
interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

type Manifest = Record<string, ManifestChunk>;

export interface FirstScreenFile {
  file: string;
  gzipBytes: number;
}

export interface FirstScreenSize {
  files: FirstScreenFile[];
  totalGzipBytes: number;
}

/** Collects the output files of the given chunks and of every chunk they import statically. */
function collectFiles(manifest: Manifest, roots: string[]): string[] {
  const files = new Set<string>();
  const visited = new Set<string>();
  const visit = (key: string): void => {
    if (visited.has(key)) return;
    visited.add(key);
    const chunk = manifest[key];
    if (chunk === undefined) throw new Error(`the Vite manifest has no chunk ${key}`);

    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    // Dynamic imports are left out on purpose: they load later, when a page or a sheet opens.
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const root of roots) visit(root);
  return [...files].filter((file) => file.endsWith('.js') || file.endsWith('.css'));
}

/** Sums the gzip size of the first screen's JS and CSS from a finished build in `distDir`. */
export function measureFirstScreen(distDir: string, homeModule = contactHomeModule): FirstScreenSize {
  const manifest = JSON.parse(readFileSync(join(distDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  const entries = Object.keys(manifest).filter((key) => manifest[key]?.isEntry === true);
  if (entries.length === 0) throw new Error('the Vite manifest lists no entry chunk');

  const files = collectFiles(manifest, [...entries, homeModule]).map((file) => ({
    file,
    // Level 9, because a static server precompressing its files would use the best level.
    gzipBytes: gzipSync(readFileSync(join(distDir, file)), { level: 9 }).length,
  }));
  files.sort((a, b) => b.gzipBytes - a.gzipBytes);
  return { files, totalGzipBytes: files.reduce((sum, { gzipBytes }) => sum + gzipBytes, 0) };
}

const kilobytes = (bytes: number): string => `${(bytes / 1024).toFixed(2)} KiB`;

/** Formats the measurement as a few lines for the build log. */
export function describeFirstScreen(size: FirstScreenSize, budgetBytes = firstScreenBudgetBytes): string {
  const lines = size.files.map(({ file, gzipBytes }) => `  ${kilobytes(gzipBytes).padStart(10)}  ${file}`);
  const verdict = size.totalGzipBytes > budgetBytes ? 'OVER BUDGET' : 'within budget';
  lines.push(`first screen (contact home): ${kilobytes(size.totalGzipBytes)} gzip of ${kilobytes(budgetBytes)} budget, ${verdict}`);
  return lines.join('\n');
}

/**
 * Vite plugin that prints the first screen's size after `vite build` and fails the build when it
 * exceeds the budget.
 */
export function firstScreenBudget(budgetBytes = firstScreenBudgetBytes): Plugin {
  let distDir = '';
  return {
    name: 'jdt-first-screen-budget',
    apply: 'build',
    configResolved(config) {
      distDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const size = measureFirstScreen(distDir);
      this.info(`\n${describeFirstScreen(size, budgetBytes)}`);
      if (size.totalGzipBytes > budgetBytes) {
        this.error(`the contact's first screen is ${kilobytes(size.totalGzipBytes)} gzip, above the budget of ${kilobytes(budgetBytes)}`);
      }
    },
  };
}

// Run as a script: measure the last build in miniapp/dist.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const size = measureFirstScreen(fileURLToPath(new URL('../dist', import.meta.url)));
  console.log(describeFirstScreen(size));
  process.exit(size.totalGzipBytes > firstScreenBudgetBytes ? 1 : 0);
}
