// Starts one throwaway MongoDB replica set for the whole suite, runs ava against it, and
// removes it afterwards whatever the outcome.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedMongod } from '../server/db/mongod.ts';

const dbPath = mkdtempSync(join(tmpdir(), 'jdt-test-mongod-'));
const mongod = await startEmbeddedMongod({ dbPath });

const ava = spawn('npx', ['ava', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, TEST_MONGODB_URI: mongod.uri, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
});
const code: number = await new Promise((resolveCode) => ava.once('exit', (exitCode) => resolveCode(exitCode ?? 1)));

await mongod.stop();
rmSync(dbPath, { recursive: true, force: true });
process.exit(code);
