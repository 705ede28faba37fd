import test from 'ava';
import mongoose from 'mongoose';
import { DingTalkClient, RobotWebhook } from '../../bot/dingtalk/index.ts';
import { startSimulator } from '../../bot/simulator/index.ts';
import { dingTalkTransport, OutboxDispatcher, type OutboxTransport } from '../../bot/outbox/dispatcher.ts';
import { robotBlockMs } from '../../bot/outbox/failure.ts';
import { OutboxMessage } from '../../server/models/outbox-message.ts';
import { Lease } from '../../server/models/lease.ts';
import { connectTestDatabase, dropTestDatabase } from '../helpers/database.ts';

// A clock the test moves by hand, shared by the dispatcher, the client and the simulator.
let clock = Date.parse('2026-12-07T01:30:00Z');
const now = () => clock;
const robot = { accessToken: 'outbox-test-robot', secret: 'SECoutboxtestsecret' };
const userIds = Array.from({ length: 1000 }, (_, index) => `user-${String(index).padStart(4, '0')}`);

let simulator: Awaited<ReturnType<typeof startSimulator>>;
let transport: OutboxTransport;

test.before(async () => {
  await connectTestDatabase();
  simulator = await startSimulator({
    host: '127.0.0.1',
    port: 0,
    corpId: 'dingoutbox',
    appKey: 'outbox-key',
    appSecret: 'outbox-secret',
    agentId: '5000000001',
    robots: [{ ...robot, name: '测试群' }],
    users: userIds.map((userid) => ({ userid, name: userid, mobile: '', title: '', deptIds: [1] })),
    departments: [],
    now,
  });
  const client = new DingTalkClient({ appKey: 'outbox-key', appSecret: 'outbox-secret', agentId: '5000000001', oapiBaseUrl: simulator.url, now });
  transport = dingTalkTransport(client, new RobotWebhook({ oapiBaseUrl: simulator.url, now }), robot);
});

test.after.always(async () => {
  await simulator?.close();
  await dropTestDatabase();
});

test.beforeEach(async () => {
  await OutboxMessage.deleteMany({});
  await Lease.deleteMany({});
  simulator.state.reset();
  clock += 3600_000;
});

function dispatcher(holder: string, wrapped: OutboxTransport = transport): OutboxDispatcher {
  return new OutboxDispatcher({ transport: wrapped, now: () => new Date(clock), holder });
}

function groupPost(index: number) {
  return {
    dedupeKey: `test-group-${clock}-${index}`,
    kind: 'group' as const,
    body: { msgtype: 'text', text: { content: `第 ${index} 条群消息` } },
  };
}

function card(userid: string) {
  return {
    dedupeKey: `test-card-${clock}-${userid}`,
    kind: 'work-notification' as const,
    userIds: [userid],
    body: { msgtype: 'text', text: { content: `${userid}，请确认收到 ${clock}` } },
  };
}

test.serial('group posts stay within 20 per minute', async (t) => {
  await OutboxMessage.create(Array.from({ length: 25 }, (_, index) => groupPost(index)));
  const outbox = dispatcher('a');

  await outbox.trigger();
  t.is(simulator.state.robotMessages.length, 20);
  t.is(await OutboxMessage.countDocuments({ state: 'sent' }), 20);
  t.is(await OutboxMessage.countDocuments({ state: 'pending' }), 5);

  clock += 30_000;
  await outbox.trigger();
  t.is(simulator.state.robotMessages.length, 20, 'still inside the minute');

  clock += 31_000;
  await outbox.trigger();
  t.is(simulator.state.robotMessages.length, 25);
  t.is(await OutboxMessage.countDocuments({ state: 'sent' }), 25);
});

test.serial('two instances send each message once', async (t) => {
  await OutboxMessage.create(Array.from({ length: 15 }, (_, index) => groupPost(index)));
  await Promise.all([dispatcher('a').trigger(), dispatcher('b').trigger(), dispatcher('a').trigger()]);

  const texts = simulator.state.robotMessages.map((record) => JSON.stringify(record.body));
  t.is(texts.length, 15);
  t.is(new Set(texts).size, 15);
});

test.serial('a broadcast killed halfway resumes without duplicates', async (t) => {
  await OutboxMessage.create(userIds.map(card));

  // The first process hangs forever on its 400th request, as if killed while sending it.
  let calls = 0;
  const dying: OutboxTransport = {
    postToGroup: transport.postToGroup,
    reply: transport.reply,
    sendWorkNotification: (ids, body) => {
      calls += 1;
      return calls < 400 ? transport.sendWorkNotification(ids, body) : new Promise<number[]>(() => undefined);
    },
  };
  void dispatcher('killed', dying).trigger();
  while (calls < 400) await new Promise((wait) => setTimeout(wait, 20));
  t.is(simulator.state.workNotifications.length, 399);

  // A restarted process takes over once the dead one's lease has expired.
  clock += 31_000;
  await dispatcher('restarted').trigger();

  const delivered = simulator.state.workNotifications.map((record) => record.userid);
  t.is(delivered.length, 1000);
  t.is(new Set(delivered).size, 1000);
  t.is(await OutboxMessage.countDocuments({ state: 'sent' }), 1000);
});

test.serial('work notifications stay within 5000 recipients per minute', async (t) => {
  const limited = new OutboxDispatcher({ transport, now: () => new Date(clock), holder: 'a', limits: { groupPostsPerMinute: 20, recipientsPerMinute: 300 } });
  await OutboxMessage.create(userIds.slice(0, 500).map(card));

  await limited.trigger();
  t.is(simulator.state.workNotifications.length, 300);
  clock += 61_000;
  await limited.trigger();
  t.is(simulator.state.workNotifications.length, 500);
});

test.serial('system busy is retried with backoff', async (t) => {
  await OutboxMessage.create([groupPost(1)]);
  simulator.state.injectError({ path: '/robot/send', errcode: -1, errmsg: '系统繁忙' });
  const outbox = dispatcher('a');

  await outbox.trigger();
  const waiting = await OutboxMessage.findOne().lean();
  t.is(waiting?.state, 'pending');
  t.regex(waiting?.lastError ?? '', /-1/);
  t.true(waiting!.nextAttemptAt.getTime() > clock);

  clock += 31_000;
  await outbox.trigger();
  t.is((await OutboxMessage.findOne().lean())?.state, 'sent');
  t.is(simulator.state.robotMessages.length, 1);
});

test.serial('a throttled robot waits out its block', async (t) => {
  await OutboxMessage.create([groupPost(1)]);
  simulator.state.injectError({ path: '/robot/send', errcode: 130101, errmsg: 'send too fast' });
  const outbox = dispatcher('a');

  await outbox.trigger();
  const waiting = await OutboxMessage.findOne().lean();
  t.is(waiting?.state, 'pending');
  t.is(waiting!.nextAttemptAt.getTime(), clock + robotBlockMs);
});

test.serial('a security failure gives up with the reason', async (t) => {
  await OutboxMessage.create([groupPost(1)]);
  simulator.state.injectError({ path: '/robot/send', errcode: 310000, errmsg: 'keywords not in content' });

  await dispatcher('a').trigger();
  const failed = await OutboxMessage.findOne().lean();
  t.is(failed?.state, 'failed');
  t.regex(failed?.lastError ?? '', /310000/);
  t.is(failed?.attempts, 1);
});

test.serial('retries stop after the last attempt', async (t) => {
  await OutboxMessage.create([groupPost(1)]);
  simulator.state.injectError({ path: '/robot/send', errcode: 90002, errmsg: '调用过于频繁', times: 10 });
  const outbox = new OutboxDispatcher({ transport, now: () => new Date(clock), holder: 'a', maxAttempts: 3 });

  for (let attempt = 0; attempt < 3; attempt += 1) {
    await outbox.trigger();
    clock += 3600_000;
  }
  const failed = await OutboxMessage.findOne().lean();
  t.is(failed?.state, 'failed');
  t.is(failed?.attempts, 3);
  t.is(mongoose.connection.readyState, mongoose.ConnectionStates.connected);
});
