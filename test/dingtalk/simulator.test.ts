import test from 'ava';

import type { DingTalkLogger } from '../../bot/dingtalk/http.ts';

import type { WorkNotificationMessage } from '../../bot/dingtalk/messages.ts';
import { renderMarkdown, openableUrl } from '../../bot/simulator/markdown.ts';
import { ACCESS_TOKEN_LIFETIME_MS } from '../../bot/simulator/state.ts';
import { APP, BUREAU_ROBOT, postRaw, startTestSimulator } from './fixtures.ts';

const card: WorkNotificationMessage = {
  msgtype: 'action_card',
  action_card: {
    title: '请确认收到：舟数管发〔2022〕4号',
    markdown: '### 项目计划下达通知\n**舟数管发〔2022〕4号**\n- 43. 企业综合服务平台 <script>alert(1)</script>',
    btn_orientation: '1',
    btn_json_list: [
      {
        title: '确认收到',
        action_url: 'dingtalk://dingtalkclient/page/link?url=http%3A%2F%2F127.0.0.1%3A3000%2Fapp%2Fbatches%2F7%3Fconfirm%3D1&pc_slide=true',
      },
      { title: '查看项目', action_url: 'http://127.0.0.1:3000/app/batches/7' },
    ],
  },
};

async function fetchText(url: string): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

test('simulator listens on 127.0.0.1', async (t) => {
  const { url } = await startTestSimulator(t);

  t.regex(url, /^http:\/\/127\.0\.0\.1:\d+$/);
});

test('gettoken returns the same token inside its lifetime', async (t) => {
  const { url, clock } = await startTestSimulator(t);
  const tokenUrl = `${url}/gettoken?appkey=${APP.appKey}&appsecret=${APP.appSecret}`;

  const first = (await (await fetch(tokenUrl)).json()) as Record<string, unknown>;
  clock.advance(ACCESS_TOKEN_LIFETIME_MS - 1);
  const second = (await (await fetch(tokenUrl)).json()) as Record<string, unknown>;
  clock.advance(ACCESS_TOKEN_LIFETIME_MS);
  const third = (await (await fetch(tokenUrl)).json()) as Record<string, unknown>;

  t.is(first['errcode'], 0);
  t.is(first['expires_in'], 7200);
  t.is(second['access_token'], first['access_token'], 'same token, lifetime renewed');
  t.not(third['access_token'], first['access_token'], 'new token after the renewed lifetime ended');
});

test('expired token is 42001, unknown token 40014', async (t) => {
  const { url, client, clock } = await startTestSimulator(t);
  const token = await client.getAccessToken();

  clock.advance(ACCESS_TOKEN_LIFETIME_MS);
  const expired = await postRaw(`${url}/topapi/v2/user/get?access_token=${token}`, { userid: 'wang.fang' });
  const unknown = await postRaw(`${url}/topapi/v2/user/get?access_token=made-up`, { userid: 'wang.fang' });

  t.is(expired.body['errcode'], 42001);
  t.is(unknown.body['errcode'], 40014);
});

test('new-API token endpoint needs JSON', async (t) => {
  const { url } = await startTestSimulator(t);

  const response = await postRaw(`${url}/v1.0/oauth2/accessToken`, `appKey=${APP.appKey}`, 'application/x-www-form-urlencoded');

  t.is(response.status, 400);
  t.is(typeof response.body['code'], 'string');
});

test('invalid JSON body is errcode 40035', async (t) => {
  const { url, client } = await startTestSimulator(t);
  const token = await client.getAccessToken();

  const response = await postRaw(`${url}/topapi/v2/user/get?access_token=${token}`, '{"userid": ');

  t.is(response.status, 200);
  t.is(response.body['errcode'], 40035);
});

test('page lists users and renders an action card', async (t) => {
  const { client, url } = await startTestSimulator(t);
  await client.sendWorkNotification({ userIds: ['li.qiang'], msg: card });

  const page = await fetchText(`${url}/`);

  t.is(page.status, 200);
  t.regex(page.type, /text\/html/);
  t.regex(page.text, /<html lang="zh-CN">/);
  for (const name of ['王芳', '李强', '赵敏', '市大数据局项目推进群']) t.true(page.text.includes(name), name);
  t.true(page.text.includes('<strong>舟数管发〔2022〕4号</strong>'));
  t.true(page.text.includes('<li>43. 企业综合服务平台 &lt;script&gt;alert(1)&lt;/script&gt;</li>'));
  t.false(page.text.includes('<script>'));
  t.true(
    page.text.includes(
      '<a class="button" href="http://127.0.0.1:3000/app/batches/7?confirm=1" target="_blank" rel="noopener">确认收到</a>',
    ),
  );
  t.true(page.text.includes('href="http://127.0.0.1:3000/app/batches/7" target="_blank"'));
  t.true(page.text.includes('未读'));
});

test('page shows dropped messages with the reason', async (t) => {
  const { client, url } = await startTestSimulator(t);
  await client.sendWorkNotification({ userIds: ['li.qiang'], msg: card });
  await client.sendWorkNotification({ userIds: ['li.qiang'], msg: card });

  const page = await fetchText(`${url}/`);

  t.true(page.text.includes('同一内容当天已发过此人'));
});

test('page renders robot markdown and mentions', async (t) => {
  const { robot, url } = await startTestSimulator(t);
  await robot.send({
    accessToken: BUREAU_ROBOT.accessToken,
    secret: BUREAU_ROBOT.secret,
    body: {
      msgtype: 'markdown',
      markdown: { title: '督办', text: '#### 督办名单\n1. 市司法局\n2. 市发改委\n\n[查看驾驶舱](http://127.0.0.1:3000/app/dashboard)' },
      at: { atUserIds: ['li.qiang'] },
    },
  });

  const page = await fetchText(`${url}/`);

  t.true(page.text.includes('<div class="md-h md-h4">督办名单</div>'));
  t.true(page.text.includes('<ol><li>市司法局</li><li>市发改委</li></ol>'));
  t.true(page.text.includes('<a href="http://127.0.0.1:3000/app/dashboard" target="_blank" rel="noopener">查看驾驶舱</a>'));
  t.true(page.text.includes('@ li.qiang'));
});

test('form post to /_sim/read marks the message read', async (t) => {
  const { client, state, url } = await startTestSimulator(t);
  const [task] = await client.sendWorkNotification({ userIds: ['li.qiang'], msg: card });

  const response = await fetch(`${url}/_sim/read`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `userid=li.qiang&taskId=${task!.taskId}`,
    redirect: 'manual',
  });

  t.is(response.status, 303);
  t.is(response.headers.get('location'), '/#user-li.qiang');
  t.true(state.messagesFor('li.qiang')[0]?.read);
  t.deepEqual((await client.getSendResult(task!.taskId)).readUserIds, ['li.qiang']);
});

test('/_sim/read of an unknown task is 404', async (t) => {
  const { url } = await startTestSimulator(t);

  const response = await postRaw(`${url}/_sim/read`, { userid: 'li.qiang', taskId: 1 });

  t.is(response.status, 404);
});

test('/_sim/state has messages but no secrets', async (t) => {
  const { client, robot, url } = await startTestSimulator(t);
  await client.sendWorkNotification({ userIds: ['li.qiang'], msg: card });
  await robot.send({ accessToken: BUREAU_ROBOT.accessToken, secret: BUREAU_ROBOT.secret, body: { msgtype: 'text', text: { content: '通知' } } });

  const response = await fetchText(`${url}/_sim/state`);
  const state = JSON.parse(response.text) as {
    workNotifications: { userid: string }[];
    robots: { name: string; messages: unknown[] }[];
  };

  t.deepEqual(
    state.workNotifications.map((record) => record.userid),
    ['li.qiang'],
  );
  t.is(state.robots.find((group) => group.name === BUREAU_ROBOT.name)?.messages.length, 1);
  t.false(response.text.includes(APP.appSecret));
  t.false(response.text.includes(BUREAU_ROBOT.secret!));
});

test('/_sim calls allow cross-origin requests', async (t) => {
  const { url } = await startTestSimulator(t);

  const response = await fetch(`${url}/_sim/auth-code`, { method: 'OPTIONS' });

  t.is(response.status, 204);
  t.is(response.headers.get('access-control-allow-origin'), '*');
});

test('reset forgets messages and tokens', async (t) => {
  const { client, state, url } = await startTestSimulator(t);
  await client.sendWorkNotification({ userIds: ['li.qiang'], msg: card });
  const token = await client.getAccessToken();

  const response = await postRaw(`${url}/_sim/reset`, {});

  t.is(response.status, 200);
  t.deepEqual(state.workNotifications, []);
  t.is(state.checkAccessToken(token)?.errcode, 40014);
  // The client recovers by fetching a new token, and the same content is new again.
  await client.sendWorkNotification({ userIds: ['li.qiang'], msg: card });
  t.is(state.messagesFor('li.qiang')[0]?.delivery, 'delivered');
});

test('issueAuthCode rejects an unknown userid', async (t) => {
  const { state } = await startTestSimulator(t);

  t.throws(() => state.issueAuthCode('nobody'), { message: /nobody/ });
});

test('renderMarkdown escapes HTML and unsafe links', (t) => {
  const html = renderMarkdown('## 标题 <b>\n[点我](javascript:alert(1))\n> 引用');

  t.true(html.includes('<div class="md-h md-h2">标题 &lt;b&gt;</div>'));
  t.false(html.includes('href="javascript'));
  t.true(html.includes('<blockquote>引用</blockquote>'));
});

test('openableUrl unwraps DingTalk page links', (t) => {
  const wrapped = `dingtalk://dingtalkclient/page/link?url=${encodeURIComponent('http://127.0.0.1:3000/app?x=1')}&pc_slide=true`;

  t.is(openableUrl(wrapped), 'http://127.0.0.1:3000/app?x=1');
  t.is(openableUrl('dingtalk://dingtalkclient/action/openapp'), undefined);
  t.is(openableUrl('javascript:alert(1)'), undefined);
});

test('simulator logs error responses', async (t) => {
  const warnings: { details: object; message: string }[] = [];
  const infos: string[] = [];
  const logger: DingTalkLogger = {
    debug: () => {},
    info: (_details, message) => infos.push(message),
    warn: (details, message) => warnings.push({ details, message }),
  };
  const { robot, simulator } = await startTestSimulator(t, { logger });

  await t.throwsAsync(robot.send({ accessToken: BUREAU_ROBOT.accessToken, secret: 'SECwrong', body: { msgtype: 'text', text: { content: '通知' } } }));
  await simulator.close();

  t.is(warnings.length, 1);
  t.like(warnings[0]?.details, { path: '/robot/send', errcode: 310000, errmsg: 'sign not match' });
  t.deepEqual(infos, ['DingTalk simulator started', 'DingTalk simulator stopped']);
});
