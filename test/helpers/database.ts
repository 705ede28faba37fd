import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { connectMongoose } from '../../server/db/connect.ts';
import { startEmbeddedMongod, type EmbeddedMongod } from '../../server/db/mongod.ts';

/**
 * The replica set the test runner started (test/run.ts passes it as TEST_MONGODB_URI); a test
 * file run on its own starts a throwaway one.
 */
let ownMongod: EmbeddedMongod | undefined;
let ownDbPath: string | undefined;

async function serverUri(): Promise<string> {
  const shared = process.env.TEST_MONGODB_URI;
  if (shared !== undefined && shared !== '') return shared;
  ownDbPath = mkdtempSync(join(tmpdir(), 'jdt-mongod-'));
  ownMongod = await startEmbeddedMongod({ dbPath: ownDbPath });
  return ownMongod.uri;
}

/** Returns a URI of a database that belongs to this test file alone. */
export async function testDatabaseUri(): Promise<string> {
  const url = new URL(await serverUri());
  url.pathname = `/jdt_test_${randomBytes(6).toString('hex')}`;
  return url.toString();
}

/** Connects mongoose to a fresh database of this test file. */
export async function connectTestDatabase(): Promise<string> {
  const uri = await testDatabaseUri();
  await connectMongoose(uri);
  return uri;
}

export async function dropTestDatabase(): Promise<void> {
  if (mongoose.connection.readyState === mongoose.ConnectionStates.connected) {
    await mongoose.connection.dropDatabase();
    await mongoose.disconnect();
  }
  await ownMongod?.stop();
  if (ownDbPath !== undefined) rmSync(ownDbPath, { recursive: true, force: true });
}
