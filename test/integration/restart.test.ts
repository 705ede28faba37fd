import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { loadConfig } from '../../server/config.ts';
import { freePort } from '../../server/db/mongod.ts';
import { startProduct } from '../../server/start.ts';
import { ApiSession } from '../helpers/product.ts';

interface BatchListItem { id: string; docNo: string; status: string }

test('embedded database keeps data across a restart', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'jdt-restart-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { PORT: '0', SIMULATOR_PORT: '0', DATA_DIR: dataDir, MONGOD_PORT: String(await freePort()), LOG_LEVEL: 'warn', SCHEDULER: 'off' };

  const first = await startProduct(loadConfig(env));
  const admin = await new ApiSession(first.url).signInAs('jdt-admin-01');
  const [batch] = (await admin.get<BatchListItem[]>('/api/batches')).body;
  t.is((await admin.post(`/api/batches/${batch!.id}/publish`)).status, 200);
  await first.stop();

  const second = await startProduct(loadConfig(env));
  t.teardown(() => second.stop());
  const again = await new ApiSession(second.url).signInAs('jdt-admin-01');
  const batches = (await again.get<BatchListItem[]>('/api/batches')).body;
  t.is(batches.length, 1);
  t.is(batches[0]!.id, batch!.id);
  t.is(batches[0]!.status, 'published');

  await mongoose.disconnect();
  const health = await again.get<{ status: string }>('/api/health');
  t.is(health.status, 503);
});
