import test from 'ava';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { DingTalkError } from '../../bot/dingtalk/index.ts';
import { helpText, textReply } from '../../bot/messages/robot-replies.ts';
import { startSimulator } from '../../bot/simulator/index.ts';
import type { SentRobotMessage } from '../../bot/simulator/robot-conversations.ts';
import { ROBOT_MESSAGE_TOPIC, StreamClient } from '../../bot/stream/index.ts';
import { loadConfig } from '../../server/config.ts';
import { parseNotice } from '../../server/importer/parse-notice.ts';
import { saveParsedNotice } from '../../server/importer/save.ts';
import { Confirmation } from '../../server/models/confirmation.ts';
import { IncomingMessage } from '../../server/models/incoming-message.ts';
import { loadRoster, readRoster, simulatorDirectory } from '../../server/seed/roster.ts';
import { startProduct, type RunningProduct } from '../../server/start.ts';
import { testDatabaseUri } from '../helpers/database.ts';
import { ApiSession } from '../helpers/product.ts';
import { until } from '../helpers/until.ts';

// The product configured for real DingTalk with DINGTALK_STREAM=on and both DingTalk hosts pointed at the
// simulator, so robot messages reach it only through the simulator's Stream gateway.
const credentials = {
  corpId: 'dingstreamtest',
  appKey: 'dingstreamkey',
  appSecret: 'stream-secret-for-tests',
  agentId: '4000000002',
  robotToken: 'stream-robot-token',
  robotSecret: 'SECstreamrobotsecret',
};

const REDELIVERY_MS = 300;

let simulator: Awaited<ReturnType<typeof startSimulator>>;
let product: RunningProduct;
let productStopped = false;

function repliesIn(sent: SentRobotMessage) {
  const conversation = simulator.state.robotConversations.all().find((candidate) => candidate.key === sent.conversationKey);
  if (conversation === undefined) throw new Error(`no conversation ${sent.conversationKey}`);
  return simulator.state.groupMessages(conversation.sessionToken);
}

/** Sends a text to the app robot as the person and waits for the ack and for one more reply. */
async function robotSays(userid: string, text: string, conversationType: '1' | '2' = '1') {
  const sent = simulator.state.sendRobotMessage({ userid, text, conversationType });
  const before = repliesIn(sent).length;
  await until('the message is acked', () => simulator.state.stream.message(sent.messageId)?.ackedAt !== undefined);
  await until('the reply is posted', () => repliesIn(sent).length > before);
  const replies = repliesIn(sent);
  return { sent, reply: replies[replies.length - 1]!.body };
}

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
    streamRedeliveryMs: REDELIVERY_MS,
    streamPingIntervalMs: 100,
    ...simulatorDirectory(roster),
  });
  product = await startProduct(
    loadConfig({
      PORT: '0',
      MONGODB_URI: await testDatabaseUri(),
      DATA_DIR: mkdtempSync(join(tmpdir(), 'jdt-stream-')),
      SESSION_SECRET: 'a-session-secret-for-tests-only-0123456789',
      DINGTALK_CORP_ID: credentials.corpId,
      DINGTALK_APP_KEY: credentials.appKey,
      DINGTALK_APP_SECRET: credentials.appSecret,
      DINGTALK_AGENT_ID: credentials.agentId,
      DINGTALK_ROBOT_TOKEN: credentials.robotToken,
      DINGTALK_ROBOT_SECRET: credentials.robotSecret,
      DINGTALK_OAPI_URL: simulator.url,
      DINGTALK_API_URL: simulator.url,
      DINGTALK_STREAM: 'on',
      LOG_LEVEL: 'warn',
      SCHEDULER: 'off',
    }),
  );
  await loadRoster(roster);
  await saveParsedNotice(parseNotice(await readFile('seeds/000_722b16daf95b2959.txt')));

  // An admin publishes the notice, so contacts have a batch to confirm.
  const admin = new ApiSession(product.url);
  await admin.post('/api/auth/dingtalk', { code: simulator.state.issueAuthCode('jdt-admin-01') });
  const [batch] = (await admin.get<Array<{ id: string }>>('/api/batches')).body;
  const published = await admin.post(`/api/batches/${batch!.id}/publish`);
  if (published.status !== 200) throw new Error(`publishing failed with HTTP ${published.status}`);
});

test.after.always(async () => {
  if (!productStopped) await product?.stop();
  await simulator?.close();
});

test.serial('product connects with the app credentials', async (t) => {
  // The gateway counts the socket before the client has seen it open, so wait for both sides.
  await until('the product is connected', () => simulator.state.stream.openConnections === 1 && product.robotStream?.connected === true);

  t.true(product.robotStream?.connected);
  t.is(simulator.state.stream.connectionsOpened, 1);
});

test.serial('gateway rejects wrong credentials', async (t) => {
  const response = await fetch(`${simulator.url}/v1.0/gateway/connections/open`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      clientId: credentials.appKey,
      clientSecret: 'not-the-app-secret',
      subscriptions: [{ type: 'CALLBACK', topic: ROBOT_MESSAGE_TOPIC }],
    }),
  });
  const body = (await response.json()) as Record<string, unknown>;

  t.is(response.status, 400);
  t.is(body['code'], 'invalidClientIdOrSecret');
  t.is(typeof body['message'], 'string');
  t.is(typeof body['requestid'], 'string');
});

test.serial('client with wrong credentials stays unconnected', async (t) => {
  const client = new StreamClient({
    clientId: credentials.appKey,
    clientSecret: 'not-the-app-secret',
    apiBaseUrl: simulator.url,
    subscriptions: [{ type: 'CALLBACK', topic: ROBOT_MESSAGE_TOPIC }],
    onMessage: async () => '{}',
    reconnectDelay: { initialMs: 50, maxMs: 200 },
  });
  const failed = once(client, 'connectError');
  client.start();
  const [error] = await failed;
  await client.stop();

  t.true(error instanceof DingTalkError);
  t.is((error as DingTalkError).httpStatus, 400);
  t.is((error as DingTalkError).errcode, 'invalidClientIdOrSecret');
  t.false(client.connected);
  t.is(simulator.state.stream.openConnections, 1);
});

test.serial('ticket opens one connection only', async (t) => {
  const response = await fetch(`${simulator.url}/v1.0/gateway/connections/open`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      clientId: credentials.appKey,
      clientSecret: credentials.appSecret,
      // Another topic, so that this connection does not take the robot's messages.
      subscriptions: [{ type: 'EVENT', topic: '*' }],
    }),
  });
  const { endpoint, ticket } = (await response.json()) as { endpoint: string; ticket: string };
  t.regex(endpoint, /^ws:\/\/127\.0\.0\.1:\d+\/gateway\/connect$/);

  const first = new WebSocket(`${endpoint}?ticket=${ticket}`);
  await once(first, 'open');
  const second = new WebSocket(`${endpoint}?ticket=${ticket}`);
  const [error] = (await once(second, 'error')) as [Error];
  first.close();
  await once(first, 'close');

  t.regex(error.message, /401/);
  await until('the extra connection is closed', () => simulator.state.stream.openConnections === 1);
});

test.serial('help is answered like HTTP mode', async (t) => {
  const { reply } = await robotSays('jdt-u01-1', '帮助');

  t.deepEqual(reply, textReply(helpText, ['jdt-u01-1']));
});

test.serial('confirm command confirms for sender', async (t) => {
  const { reply } = await robotSays('jdt-u01-1', '确认');

  t.regex(JSON.stringify(reply), /已为您确认收到 舟数管发〔2022〕4号/);
  t.is(await Confirmation.countDocuments({ channel: 'bot' }), 1);
});

test.serial('group message is answered in the group', async (t) => {
  const { sent, reply } = await robotSays('jdt-admin-01', '进度 市纪委', '2');

  t.is(sent.conversationKey, 'group');
  t.regex(JSON.stringify(reply), /市纪委（2 个项目）：王晓明已确认/);
});

test.serial('redelivered message changes nothing and is acked', async (t) => {
  const confirmationsBefore = await Confirmation.countDocuments({ channel: 'bot' });
  simulator.state.stream.loseNextAcks(1);

  const { sent, reply } = await robotSays('jdt-u02-1', '确认');
  await product.dispatcher.idle();
  const record = simulator.state.stream.message(sent.messageId);

  t.regex(JSON.stringify(reply), /已为您确认收到/);
  t.is(record?.deliveries, 2);
  t.is(record?.lostAcks, 1);
  t.not(record?.ackedAt, undefined);
  t.is(await IncomingMessage.countDocuments({ msgId: sent.msgId }), 1);
  t.is(await Confirmation.countDocuments({ channel: 'bot' }), confirmationsBefore + 1);
  t.is(repliesIn(sent).length, 1);
});

test.serial('invalid message is acked and changes nothing', async (t) => {
  const incomingBefore = await IncomingMessage.countDocuments();
  const repliesBefore = simulator.state.robotMessages.length;

  // A text without msgId and sessionWebhook, so 进度通 cannot reply to it.
  const record = simulator.state.stream.pushCallback(ROBOT_MESSAGE_TOPIC, JSON.stringify({ msgtype: 'text', text: { content: '确认' } }));
  await until('the message is acked', () => record.ackedAt !== undefined);

  t.is(record.deliveries, 1);
  t.is(await IncomingMessage.countDocuments(), incomingBefore);
  t.is(simulator.state.robotMessages.length, repliesBefore);
});

test.serial('pings are answered', async (t) => {
  await until('a ping is answered', () => simulator.state.stream.pingsAnswered > 0);

  t.true(simulator.state.stream.pingsSent >= simulator.state.stream.pingsAnswered);
});

test.serial('dropped connection reconnects', async (t) => {
  const opened = simulator.state.stream.connectionsOpened;
  simulator.state.stream.dropConnections();

  // Sent while the product is disconnected: it waits for the next connection.
  const { sent, reply } = await robotSays('jdt-u03-1', '帮助');

  t.is(simulator.state.stream.connectionsOpened, opened + 1);
  t.is(simulator.state.stream.message(sent.messageId)?.deliveries, 1);
  t.deepEqual(reply, textReply(helpText, ['jdt-u03-1']));
});

test.serial('announced disconnect reconnects', async (t) => {
  const opened = simulator.state.stream.connectionsOpened;
  simulator.state.stream.dropConnections({ announce: true });

  await until('the product reconnects', () => product.robotStream?.connected === true && simulator.state.stream.connectionsOpened > opened);

  t.is(simulator.state.stream.connectionsOpened, opened + 1);
  await until('only the new connection is open', () => simulator.state.stream.openConnections === 1);
});

test.serial('stop closes the connection', async (t) => {
  await product.stop();
  productStopped = true;

  await until('the gateway sees the close', () => simulator.state.stream.openConnections === 0);
  t.false(product.robotStream?.connected);
});
