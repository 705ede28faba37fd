import test from 'ava';

import { DingTalkClient } from '../../bot/dingtalk/client.ts';
import { DingTalkError, DingTalkRequestError, WorkNotificationPartialError } from '../../bot/dingtalk/errors.ts';
import type { WorkNotificationMessage } from '../../bot/dingtalk/messages.ts';
import { APP, HOUR_MS, manyUsers, postRaw, startTestSimulator, USERS } from './fixtures.ts';

const confirmCard: WorkNotificationMessage = {
  msgtype: 'action_card',
  action_card: {
    title: '请确认收到：舟数管发〔2022〕4号',
    markdown: '### 项目计划下达通知\n**舟数管发〔2022〕4号**\n\n- 43. 企业综合服务平台',
    single_title: '确认收到',
    single_url: 'dingtalk://dingtalkclient/page/link?url=http%3A%2F%2F127.0.0.1%3A3000%2Fapp%2Fbatches%2F1&pc_slide=true',
  },
};

function reminder(day: string): WorkNotificationMessage {
  return { msgtype: 'text', text: { content: `${day}：您有 2 个项目待确认收到。` } };
}

/** Builds a text message whose JSON is exactly `bytes` bytes long. */
function textOfBytes(bytes: number): WorkNotificationMessage {
  const empty = JSON.stringify({ msgtype: 'text', text: { content: '' } });
  return { msgtype: 'text', text: { content: 'x'.repeat(bytes - Buffer.byteLength(empty)) } };
}

test('work notification is delivered to each person', async (t) => {
  const { client, state } = await startTestSimulator(t);

  const tasks = await client.sendWorkNotification({ userIds: ['li.qiang', 'zhao.min'], msg: confirmCard });

  t.is(tasks.length, 1);
  t.deepEqual(tasks[0]?.userIds, ['li.qiang', 'zhao.min']);
  for (const userid of ['li.qiang', 'zhao.min']) {
    const [record, ...rest] = state.messagesFor(userid);
    t.is(rest.length, 0);
    t.is(record?.taskId, tasks[0]?.taskId);
    t.is(record?.delivery, 'delivered');
    t.false(record?.read);
    t.deepEqual(record?.msg, confirmCard);
  }
  t.deepEqual(state.messagesFor('wang.fang'), []);
});

test('same content twice a day is dropped silently', async (t) => {
  const { client, state } = await startTestSimulator(t);

  const [first] = await client.sendWorkNotification({ userIds: ['li.qiang'], msg: confirmCard });
  const [second] = await client.sendWorkNotification({ userIds: ['li.qiang', 'zhao.min'], msg: confirmCard });

  const records = state.messagesFor('li.qiang');
  t.is(records.length, 2);
  t.is(records[0]?.delivery, 'delivered');
  t.is(records[1]?.delivery, 'dropped');
  t.is(records[1]?.dropCode, 143106);
  t.is(state.messagesFor('zhao.min')[0]?.delivery, 'delivered');

  const result = await client.getSendResult(second!.taskId);
  t.deepEqual(result.forbiddenUserIds, ['li.qiang']);
  t.deepEqual(result.forbidden, [{ userId: 'li.qiang', code: 143106, count: 1 }]);
  t.deepEqual(result.unreadUserIds, ['zhao.min']);
  t.not(first!.taskId, second!.taskId);
});

test('different content the same day is delivered', async (t) => {
  const { client, state } = await startTestSimulator(t);

  await client.sendWorkNotification({ userIds: ['li.qiang'], msg: reminder('3月2日') });
  await client.sendWorkNotification({ userIds: ['li.qiang'], msg: reminder('3月2日下午') });

  t.deepEqual(
    state.messagesFor('li.qiang').map((record) => record.delivery),
    ['delivered', 'delivered'],
  );
});

test('same content the next Beijing day is delivered', async (t) => {
  const { client, state, clock } = await startTestSimulator(t);

  // 09:00 plus 14h59m is 23:59 in Beijing: still the same day.
  await client.sendWorkNotification({ userIds: ['li.qiang'], msg: confirmCard });
  clock.advance(14 * HOUR_MS + 59 * 60 * 1000);
  await client.sendWorkNotification({ userIds: ['li.qiang'], msg: confirmCard });
  clock.advance(2 * 60 * 1000);
  await client.sendWorkNotification({ userIds: ['li.qiang'], msg: confirmCard });

  t.deepEqual(
    state.messagesFor('li.qiang').map((record) => record.delivery),
    ['delivered', 'dropped', 'delivered'],
  );
});

test('more than 100 recipients are split', async (t) => {
  const contacts = manyUsers(250);
  const { client, state } = await startTestSimulator(t, { users: [...USERS, ...contacts] });
  const userIds = contacts.map((user) => user.userid);

  const tasks = await client.sendWorkNotification({ userIds, msg: reminder('3月2日') });

  t.deepEqual(
    tasks.map((task) => task.userIds.length),
    [100, 100, 50],
  );
  t.deepEqual(
    tasks.flatMap((task) => task.userIds),
    userIds,
  );
  t.is(new Set(tasks.map((task) => task.taskId)).size, 3);
  t.is(state.requestCount('/topapi/message/corpconversation/asyncsend_v2'), 3);
  t.is(state.workNotifications.filter((record) => record.delivery === 'delivered').length, 250);
});

test('duplicate userids are sent once', async (t) => {
  const { client, state } = await startTestSimulator(t);

  const tasks = await client.sendWorkNotification({ userIds: ['li.qiang', 'li.qiang', 'zhao.min'], msg: confirmCard });

  t.deepEqual(tasks[0]?.userIds, ['li.qiang', 'zhao.min']);
  t.is(state.messagesFor('li.qiang').length, 1);
});

test('simulator rejects more than 100 userids', async (t) => {
  const contacts = manyUsers(101);
  const { client, state, url } = await startTestSimulator(t, { users: contacts });
  const token = await client.getAccessToken();

  const response = await postRaw(`${url}/topapi/message/corpconversation/asyncsend_v2?access_token=${token}`, {
    agent_id: APP.agentId,
    userid_list: contacts.map((user) => user.userid).join(','),
    msg: reminder('3月2日'),
  });

  t.is(response.body['errcode'], 40035);
  t.is(state.workNotifications.length, 0);
});

test('message of exactly 2048 bytes is sent', async (t) => {
  const { client, state } = await startTestSimulator(t);

  await client.sendWorkNotification({ userIds: ['li.qiang'], msg: textOfBytes(2048) });

  t.is(state.messagesFor('li.qiang')[0]?.delivery, 'delivered');
});

test('oversize message is refused before sending', async (t) => {
  const { client, state } = await startTestSimulator(t);

  const error = await t.throwsAsync(client.sendWorkNotification({ userIds: ['li.qiang'], msg: textOfBytes(2049) }), {
    instanceOf: DingTalkRequestError,
  });

  t.is(error?.field, 'msg');
  t.regex(error?.message ?? '', /2049 bytes/);
  t.is(state.requestCount('/topapi/message/corpconversation/asyncsend_v2'), 0);
});

test('oversize counts UTF-8 bytes, not characters', async (t) => {
  const { client } = await startTestSimulator(t);
  // 700 Chinese characters are 2100 bytes in UTF-8.
  const msg: WorkNotificationMessage = { msgtype: 'text', text: { content: '项'.repeat(700) } };

  await t.throwsAsync(client.sendWorkNotification({ userIds: ['li.qiang'], msg }), { instanceOf: DingTalkRequestError });
});

test('simulator rejects an oversize message', async (t) => {
  const { client, state, url } = await startTestSimulator(t);
  const token = await client.getAccessToken();

  const response = await postRaw(`${url}/topapi/message/corpconversation/asyncsend_v2?access_token=${token}`, {
    agent_id: APP.agentId,
    userid_list: 'li.qiang',
    msg: textOfBytes(2049),
  });

  t.is(response.body['errcode'], 40035);
  t.regex(String(response.body['errmsg']), /2049/);
  t.is(state.workNotifications.length, 0);
});

test('button title over 20 characters is refused', async (t) => {
  const { client } = await startTestSimulator(t);
  const msg: WorkNotificationMessage = {
    msgtype: 'action_card',
    action_card: { ...confirmCard.action_card, single_title: '请点击这里确认您已经收到了本批次的项目计划下达通知' },
  } as WorkNotificationMessage;

  const error = await t.throwsAsync(client.sendWorkNotification({ userIds: ['li.qiang'], msg }), {
    instanceOf: DingTalkRequestError,
  });

  t.true(error?.field.startsWith('msg.action_card'));
});

test('status bar with more than five recipients is refused', async (t) => {
  const contacts = manyUsers(6);
  const { client } = await startTestSimulator(t, { users: contacts });
  const msg: WorkNotificationMessage = {
    msgtype: 'oa',
    oa: {
      message_url: 'http://127.0.0.1:3000/app',
      head: { bgcolor: 'FFBBBBBB', text: '进度通' },
      status_bar: { status_value: '待确认', status_bg: '0xFFF65E5E' },
      body: { title: '请确认收到' },
    },
  };

  const error = await t.throwsAsync(
    client.sendWorkNotification({ userIds: contacts.map((user) => user.userid), msg }),
    { instanceOf: DingTalkRequestError },
  );

  t.is(error?.field, 'msg.oa.status_bar');
});

test('empty recipient list is refused', async (t) => {
  const { client } = await startTestSimulator(t);

  const error = await t.throwsAsync(client.sendWorkNotification({ userIds: [], msg: confirmCard }), {
    instanceOf: DingTalkRequestError,
  });

  t.is(error?.field, 'userid_list');
});

test('daily cap of 500 per person drops the rest', async (t) => {
  const { client, state } = await startTestSimulator(t);

  for (let index = 1; index <= 501; index += 1) {
    await client.sendWorkNotification({ userIds: ['li.qiang'], msg: reminder(`第 ${index} 条`) });
  }

  const records = state.messagesFor('li.qiang');
  t.is(records.filter((record) => record.delivery === 'delivered').length, 500);
  t.is(records.at(-1)?.delivery, 'dropped');
  t.is(records.at(-1)?.dropCode, 143105);
});

test('send progress is finished', async (t) => {
  const { client } = await startTestSimulator(t);
  const [task] = await client.sendWorkNotification({ userIds: ['li.qiang'], msg: confirmCard });

  const progress = await client.getSendProgress(task!.taskId);

  t.deepEqual(progress, { progressInPercent: 100, status: 2 });
});

test('send result lists read, unread and invalid', async (t) => {
  const { client, state } = await startTestSimulator(t);
  const [task] = await client.sendWorkNotification({ userIds: ['li.qiang', 'zhao.min', 'nobody'], msg: confirmCard });

  state.markRead('zhao.min', task!.taskId);
  const result = await client.getSendResult(task!.taskId);

  t.deepEqual(result.readUserIds, ['zhao.min']);
  t.deepEqual(result.unreadUserIds, ['li.qiang']);
  t.deepEqual(result.invalidUserIds, ['nobody']);
  t.deepEqual(result.forbiddenUserIds, []);
  t.deepEqual(result.failedUserIds, []);
});

test('send result is empty after 24 hours', async (t) => {
  const { client, clock } = await startTestSimulator(t);
  const [task] = await client.sendWorkNotification({ userIds: ['li.qiang'], msg: confirmCard });

  clock.advance(24 * HOUR_MS + 1);
  const result = await client.getSendResult(task!.taskId);

  t.deepEqual(result.unreadUserIds, []);
  t.deepEqual(result.readUserIds, []);
});

test('markRead rejects a dropped message', async (t) => {
  const { client, state } = await startTestSimulator(t);
  await client.sendWorkNotification({ userIds: ['li.qiang'], msg: confirmCard });
  const [dropped] = await client.sendWorkNotification({ userIds: ['li.qiang'], msg: confirmCard });

  t.throws(() => state.markRead('li.qiang', dropped!.taskId), { message: /no delivered work notification/ });
});

test('wrong agent id is refused', async (t) => {
  const { client, state } = await startTestSimulator(t, {}, { agentId: 123 });

  const error = await t.throwsAsync(client.sendWorkNotification({ userIds: ['li.qiang'], msg: confirmCard }), {
    instanceOf: DingTalkError,
  });

  t.is(error?.errcode, 40056);
  t.false(error?.retryable);
  t.is(state.workNotifications.length, 0);
});

test('department recipients include sub-departments', async (t) => {
  const { client, state, url } = await startTestSimulator(t);
  const token = await client.getAccessToken();

  const response = await postRaw(`${url}/topapi/message/corpconversation/asyncsend_v2?access_token=${token}`, {
    agent_id: String(APP.agentId),
    dept_id_list: '20',
    msg: JSON.stringify(confirmCard),
  });

  t.is(response.body['errcode'], 0);
  t.is(typeof response.body['task_id'], 'number');
  t.deepEqual(state.workNotifications.map((record) => record.userid).sort(), ['li.qiang', 'zhao.min']);
});

test('failure after the first 100 is a partial error', async (t) => {
  const contacts = manyUsers(150);
  const { simulator, state, url, clock } = await startTestSimulator(t, { users: contacts });

  // After the first asyncsend_v2 call, the simulator responds to the next one with "system busy" (-1).
  let sendCalls = 0;
  const fetchThenFail: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (String(input).includes('asyncsend_v2') && ++sendCalls === 1) {
      state.injectError({ path: '/topapi/message/corpconversation/asyncsend_v2', errcode: -1 });
    }
    return response;
  };
  const client = new DingTalkClient({ ...APP, oapiBaseUrl: url, apiBaseUrl: url, now: clock.now, fetch: fetchThenFail });

  const error = await t.throwsAsync(
    client.sendWorkNotification({ userIds: contacts.map((user) => user.userid), msg: confirmCard }),
    { instanceOf: WorkNotificationPartialError },
  );

  t.is(error?.sent.length, 1);
  t.is(error?.sent[0]?.userIds.length, 100);
  t.deepEqual(error?.unsentUserIds, contacts.slice(100).map((user) => user.userid));
  t.true(error?.cause instanceof DingTalkError && error.cause.retryable);
  t.is(simulator.state.workNotifications.length, 100);
});
