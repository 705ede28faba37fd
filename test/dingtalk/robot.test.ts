import test from 'ava';

import { DingTalkError, DingTalkRequestError } from '../../bot/dingtalk/errors.ts';
import type { RobotMessage } from '../../bot/dingtalk/messages.ts';
import { RobotWebhook, sendRobotMessage } from '../../bot/dingtalk/robot.ts';
import { signRobotWebhookUrl } from '../../bot/dingtalk/signature.ts';
import { BUREAU_ROBOT, DISABLED_ROBOT, HOUR_MS, KEYWORD_ROBOT, MINUTE_MS, postRaw, startTestSimulator } from './fixtures.ts';

const escalation: RobotMessage = {
  msgtype: 'markdown',
  markdown: { title: '督办：3 个单位未确认收到', text: '#### 督办\n- 市司法局 @13800000002\n- 市发改委' },
  at: { atMobiles: ['13800000002'] },
};

function note(index: number): RobotMessage {
  return { msgtype: 'text', text: { content: `进度通提醒 第 ${index} 条` } };
}

const bureau = { accessToken: BUREAU_ROBOT.accessToken, secret: BUREAU_ROBOT.secret };

test('signed robot message is accepted', async (t) => {
  const { robot, state } = await startTestSimulator(t);

  await robot.send({ ...bureau, body: escalation, msgUuid: 'batch-1-escalation-0302' });

  const [message, ...rest] = state.groupMessages(BUREAU_ROBOT.accessToken);
  t.is(rest.length, 0);
  t.deepEqual(message?.body, escalation);
  t.is(message?.msgUuid, 'batch-1-escalation-0302');
  t.deepEqual(state.robotMessages, [message]);
});

test('wrong secret is 310000 sign not match', async (t) => {
  const { robot, state } = await startTestSimulator(t);

  const error = await t.throwsAsync(robot.send({ ...bureau, secret: 'SECwrong', body: escalation }), {
    instanceOf: DingTalkError,
  });

  t.is(error?.errcode, 310000);
  t.is(error?.errmsg, 'sign not match');
  t.is(error?.api, 'robot/send');
  t.false(error?.retryable);
  t.deepEqual(state.groupMessages(BUREAU_ROBOT.accessToken), []);
});

test('unsigned request to a signed robot is 310000', async (t) => {
  const { robot } = await startTestSimulator(t);

  const error = await t.throwsAsync(robot.send({ accessToken: BUREAU_ROBOT.accessToken, body: escalation }), {
    instanceOf: DingTalkError,
  });

  t.is(error?.errcode, 310000);
});

test('timestamp over an hour old is 310000', async (t) => {
  const { url, clock, state } = await startTestSimulator(t);
  const lateRobot = new RobotWebhook({ oapiBaseUrl: url, now: () => clock.now() - HOUR_MS - 1000 });

  const error = await t.throwsAsync(lateRobot.send({ ...bureau, body: escalation }), { instanceOf: DingTalkError });

  t.is(error?.errcode, 310000);
  t.is(error?.errmsg, 'invalid timestamp');
  t.deepEqual(state.groupMessages(BUREAU_ROBOT.accessToken), []);
});

test('timestamp within the hour is accepted', async (t) => {
  const { url, clock, state } = await startTestSimulator(t);
  const skewedRobot = new RobotWebhook({ oapiBaseUrl: url, now: () => clock.now() + 59 * MINUTE_MS });

  await skewedRobot.send({ ...bureau, body: escalation });

  t.is(state.groupMessages(BUREAU_ROBOT.accessToken).length, 1);
});

test('21st message in a minute is 130101', async (t) => {
  const { robot, state, clock } = await startTestSimulator(t);

  for (let index = 1; index <= 20; index += 1) {
    await robot.send({ ...bureau, body: note(index) });
    clock.advance(1000);
  }
  const error = await t.throwsAsync(robot.send({ ...bureau, body: note(21) }), { instanceOf: DingTalkError });

  t.is(error?.errcode, 130101);
  t.true(error?.retryable);
  t.is(state.groupMessages(BUREAU_ROBOT.accessToken).length, 20);
});

test('throttled robot stays blocked for ten minutes', async (t) => {
  const { robot, state, clock } = await startTestSimulator(t);
  for (let index = 1; index <= 20; index += 1) await robot.send({ ...bureau, body: note(index) });
  await t.throwsAsync(robot.send({ ...bureau, body: note(21) }));

  clock.advance(10 * MINUTE_MS - 1);
  const blocked = await t.throwsAsync(robot.send({ ...bureau, body: note(22) }), { instanceOf: DingTalkError });
  t.is(blocked?.errcode, 410100);
  t.true(blocked?.retryable);

  clock.advance(1);
  await robot.send({ ...bureau, body: note(23) });
  t.is(state.groupMessages(BUREAU_ROBOT.accessToken).length, 21);
});

test('rate window slides after a minute', async (t) => {
  const { robot, state, clock } = await startTestSimulator(t);
  for (let index = 1; index <= 20; index += 1) await robot.send({ ...bureau, body: note(index) });

  clock.advance(MINUTE_MS);
  await robot.send({ ...bureau, body: note(21) });

  t.is(state.groupMessages(BUREAU_ROBOT.accessToken).length, 21);
});

test('repeated msgUuid posts once', async (t) => {
  const { robot, state } = await startTestSimulator(t);

  await robot.send({ ...bureau, body: escalation, msgUuid: 'escalation-0302' });
  await robot.send({ ...bureau, body: escalation, msgUuid: 'escalation-0302' });
  await robot.send({ ...bureau, body: escalation, msgUuid: 'escalation-0303' });

  t.deepEqual(
    state.groupMessages(BUREAU_ROBOT.accessToken).map((message) => message.msgUuid),
    ['escalation-0302', 'escalation-0303'],
  );
});

test('message without a keyword is 310000', async (t) => {
  const { robot, state } = await startTestSimulator(t);
  const target = { accessToken: KEYWORD_ROBOT.accessToken };

  const error = await t.throwsAsync(robot.send({ ...target, body: escalation }), { instanceOf: DingTalkError });
  await robot.send({ ...target, body: note(1) });

  t.is(error?.errcode, 310000);
  t.is(error?.errmsg, 'keywords not in content');
  t.is(state.groupMessages(KEYWORD_ROBOT.accessToken).length, 1);
});

test('disabled robot is 400102', async (t) => {
  const { robot } = await startTestSimulator(t);

  const error = await t.throwsAsync(robot.send({ accessToken: DISABLED_ROBOT.accessToken, body: note(1) }), {
    instanceOf: DingTalkError,
  });

  t.is(error?.errcode, 400102);
});

test('unknown robot token is 400101', async (t) => {
  const { robot } = await startTestSimulator(t);

  const error = await t.throwsAsync(robot.send({ accessToken: 'no-such-robot', body: note(1) }), {
    instanceOf: DingTalkError,
  });

  t.is(error?.errcode, 400101);
});

test('unsupported msgtype is 400105', async (t) => {
  const { url, clock } = await startTestSimulator(t);
  const signed = signRobotWebhookUrl(`${url}/robot/send?access_token=${BUREAU_ROBOT.accessToken}`, BUREAU_ROBOT.secret!, clock.now());

  const response = await postRaw(signed, { msgtype: 'image', image: { mediaId: '1' } });

  t.is(response.status, 200);
  t.is(response.body['errcode'], 400105);
});

test('wrong Content-Type is 43004', async (t) => {
  const { url, clock } = await startTestSimulator(t);
  const signed = signRobotWebhookUrl(`${url}/robot/send?access_token=${BUREAU_ROBOT.accessToken}`, BUREAU_ROBOT.secret!, clock.now());

  const response = await postRaw(signed, JSON.stringify(note(1)), 'text/plain');

  t.is(response.body['errcode'], 43004);
});

test('webhook URL target is accepted', async (t) => {
  const { url, clock, state } = await startTestSimulator(t);

  await sendRobotMessage(
    { webhookUrl: `${url}/robot/send?access_token=${KEYWORD_ROBOT.accessToken}`, body: note(1) },
    { now: clock.now },
  );

  t.is(state.groupMessages(KEYWORD_ROBOT.accessToken).length, 1);
});

test('action card with buttons is accepted', async (t) => {
  const { robot, state } = await startTestSimulator(t);
  const card: RobotMessage = {
    msgtype: 'actionCard',
    actionCard: {
      title: '项目计划已下达',
      text: '### 舟数管发〔2022〕4号\n请各单位确认收到',
      btnOrientation: '1',
      btns: [
        { title: '查看批次', actionURL: 'http://127.0.0.1:3000/app/batches/1' },
        { title: '查看驾驶舱', actionURL: 'http://127.0.0.1:3000/app/dashboard' },
      ],
    },
  };

  await robot.send({ ...bureau, body: card });

  t.deepEqual(state.groupMessages(BUREAU_ROBOT.accessToken)[0]?.body, card);
});

test('invalid robot body is refused before sending', async (t) => {
  const { robot, state } = await startTestSimulator(t);
  const body = { msgtype: 'text', text: { content: '' } } as RobotMessage;

  const error = await t.throwsAsync(robot.send({ ...bureau, body }), { instanceOf: DingTalkRequestError });

  t.is(error?.field, 'body.text.content');
  t.is(state.requestCount('/robot/send'), 0);
});
