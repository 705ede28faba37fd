import test from 'ava';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../../bot/simulator/index.ts';
import { loadConfig } from '../../server/config.ts';
import { parseNotice } from '../../server/importer/parse-notice.ts';
import { saveParsedNotice } from '../../server/importer/save.ts';
import { loadRoster, readRoster, simulatorDirectory } from '../../server/seed/roster.ts';
import { startProduct, type RunningProduct } from '../../server/start.ts';
import { readFile } from 'node:fs/promises';
import { ApiSession } from '../helpers/product.ts';
import { testDatabaseUri } from '../helpers/database.ts';

// The product configured for real DingTalk, with the DingTalk hosts pointed at the simulator:
// the client cannot tell the two apart, and demo-only features are off.
const credentials = {
  corpId: 'dingprodtest',
  appKey: 'dingprodkey',
  appSecret: 'prod-secret-for-tests',
  agentId: '4000000001',
  robotToken: 'prod-robot-token',
  robotSecret: 'SECprodrobotsecret',
};

let simulator: Awaited<ReturnType<typeof startSimulator>>;
let product: RunningProduct;

test.before(async () => {
  const roster = await readRoster('seeds/roster.json');
  simulator = await startSimulator({
    host: '127.0.0.1',
    port: 0,
    corpId: credentials.corpId,
    appKey: credentials.appKey,
    appSecret: credentials.appSecret,
    agentId: credentials.agentId,
    robots: [{ accessToken: credentials.robotToken, secret: credentials.robotSecret, name: '测试工作群' }],
    ...simulatorDirectory(roster),
  });
  product = await startProduct(
    loadConfig({
      PORT: '0',
      MONGODB_URI: await testDatabaseUri(),
      DATA_DIR: mkdtempSync(join(tmpdir(), 'jdt-prod-')),
      SESSION_SECRET: 'a-session-secret-for-tests-only-0123456789',
      DINGTALK_CORP_ID: credentials.corpId,
      DINGTALK_APP_KEY: credentials.appKey,
      DINGTALK_APP_SECRET: credentials.appSecret,
      DINGTALK_AGENT_ID: credentials.agentId,
      DINGTALK_ROBOT_TOKEN: credentials.robotToken,
      DINGTALK_ROBOT_SECRET: credentials.robotSecret,
      DINGTALK_OAPI_URL: simulator.url,
      DINGTALK_API_URL: simulator.url,
      LOG_LEVEL: 'warn',
      SCHEDULER: 'off',
    }),
  );
  await loadRoster(roster);
  await saveParsedNotice(parseNotice(await readFile('seeds/000_722b16daf95b2959.txt')));
});

test.after.always(async () => {
  await product?.stop();
  await simulator?.close();
});

test.serial('production mode starts no simulator', (t) => {
  t.is(product.simulator, undefined);
});

test.serial('the demo contact picker is refused', async (t) => {
  const session = new ApiSession(product.url);
  const options = await session.get<{ demo: boolean; corpId: string; clientId: string }>('/api/auth/options');
  t.deepEqual(options.body, { demo: false, corpId: credentials.corpId, clientId: credentials.appKey });
  t.is((await session.get('/api/auth/demo-contacts')).status, 403);
  const login = await session.post('/api/auth/demo', { userId: 'jdt-admin-01' });
  t.is(login.status, 403);
  t.is((await session.get('/api/me')).status, 401);
});

test.serial('login-free auth and publishing use the configured hosts', async (t) => {
  const session = new ApiSession(product.url);
  const login = await session.post<{ role: string }>('/api/auth/dingtalk', { code: simulator.state.issueAuthCode('jdt-admin-01') });
  t.is(login.status, 200);
  t.is(login.body.role, 'admin');

  const [batch] = (await session.get<Array<{ id: string }>>('/api/batches')).body;
  t.is((await session.post(`/api/batches/${batch!.id}/publish`)).status, 200);
  await product.dispatcher.trigger();
  t.is(simulator.state.groupMessages(credentials.robotToken).length, 1);
  t.is(simulator.state.workNotifications.length, 34);
});

test.serial('unknown pages get a Chinese 404', async (t) => {
  const response = await fetch(`${product.url}/nowhere`);
  t.is(response.status, 404);
  t.is(await response.text(), '找不到该页面');
});
