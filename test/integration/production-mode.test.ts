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
import { computeSignature } from '../../bot/dingtalk/index.ts';
import { Confirmation } from '../../server/models/confirmation.ts';
import { IncomingMessage } from '../../server/models/incoming-message.ts';
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

const sessionToken = 'session-webhook-token';

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
    robots: [
      { accessToken: credentials.robotToken, secret: credentials.robotSecret, name: '测试工作群' },
      // Stands in for the sessionWebhook of a conversation with the app robot.
      { accessToken: sessionToken, name: '与进度通机器人的会话' },
    ],
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

let messageNumber = 0;

/** Posts a message to the app robot's callback as DingTalk would, signed with the app secret. */
async function robotSays(text: string, sender: string, options: { timestamp?: number; secret?: string; msgId?: string } = {}) {
  const timestamp = String(options.timestamp ?? Date.now());
  messageNumber += 1;
  const response = await fetch(`${product.url}/api/dingtalk/robot`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', timestamp, sign: computeSignature(options.secret ?? credentials.appSecret, timestamp) },
    body: JSON.stringify({
      msgId: options.msgId ?? `msg-${messageNumber}`,
      msgtype: 'text',
      text: { content: text },
      conversationType: '1',
      conversationId: 'cid-test',
      senderStaffId: sender,
      senderNick: sender,
      sessionWebhook: `${simulator.url}/robot/send?access_token=${sessionToken}`,
      sessionWebhookExpiredTime: Date.now() + 3600_000,
    }),
  });
  await product.dispatcher.trigger();
  return response;
}

function lastReply(): string {
  const replies = simulator.state.groupMessages(sessionToken);
  return JSON.stringify(replies[replies.length - 1]?.body ?? null);
}

test.serial('robot answers help', async (t) => {
  const response = await robotSays('@进度通 帮助', 'jdt-u01-1');
  t.is(response.status, 200);
  t.regex(lastReply(), /进度通机器人可用的指令/);
});

test.serial('robot confirms for the sender', async (t) => {
  t.is((await robotSays('确认', 'jdt-u01-1')).status, 200);
  t.regex(lastReply(), /已为您确认收到 舟数管发〔2022〕4号/);
  const confirmations = await Confirmation.find({ channel: 'bot' }).lean();
  t.is(confirmations.length, 1);

  await robotSays('待办', 'jdt-u01-1');
  t.regex(lastReply(), /没有待确认/);
  await robotSays('进度 市纪委', 'jdt-admin-01');
  t.regex(lastReply(), /市纪委（2 个项目）：王晓明已确认/);
});

test.serial('robot callback with a wrong signature changes nothing', async (t) => {
  const before = simulator.state.groupMessages(sessionToken).length;
  const response = await robotSays('确认', 'jdt-u02-1', { secret: 'not-the-app-secret' });
  t.is(response.status, 401);
  t.is(await Confirmation.countDocuments({ channel: 'bot' }), 1);
  t.is(simulator.state.groupMessages(sessionToken).length, before);
});

test.serial('robot callback with a stale timestamp changes nothing', async (t) => {
  const response = await robotSays('确认', 'jdt-u02-1', { timestamp: Date.now() - 2 * 3600_000 });
  t.is(response.status, 401);
  t.is(await Confirmation.countDocuments({ channel: 'bot' }), 1);
});

test.serial('a replayed robot message changes nothing', async (t) => {
  t.is((await robotSays('帮助', 'jdt-u02-1', { msgId: 'msg-replayed' })).status, 200);
  const before = simulator.state.groupMessages(sessionToken).length;
  const replay = await robotSays('确认', 'jdt-u02-1', { msgId: 'msg-replayed' });
  t.is(replay.status, 409);
  t.is(await IncomingMessage.countDocuments({ msgId: 'msg-replayed' }), 1);
  t.is(await Confirmation.countDocuments({ channel: 'bot' }), 1);
  t.is(simulator.state.groupMessages(sessionToken).length, before);
});
