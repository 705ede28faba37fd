import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';

import test, { type ExecutionContext } from 'ava';
import { pino } from 'pino';

import { DingTalkClient } from '../../bot/dingtalk/client.ts';
import { DingTalkError, DingTalkHttpError } from '../../bot/dingtalk/errors.ts';
import { RobotWebhook } from '../../bot/dingtalk/robot.ts';
import { APP, BUREAU_ROBOT, startTestSimulator } from './fixtures.ts';

const retryable = [-1, 90002, 130101, 410100, 143103, 143104];
const permanent = [310000, 40078, 60011, 60020, 60003, 60121, 40001, 400105, 43004];

test('retryable flag follows the errcode', (t) => {
  for (const errcode of retryable) t.true(new DingTalkError('test', errcode, '').retryable, `${errcode}`);
  for (const errcode of permanent) t.false(new DingTalkError('test', errcode, '').retryable, `${errcode}`);
});

test('retryable flag of new-API errors follows the status', (t) => {
  t.true(new DingTalkError('test', 'Throttling', '', { httpStatus: 429 }).retryable);
  t.true(new DingTalkError('test', 'ServiceUnavailable', '', { httpStatus: 503 }).retryable);
  t.false(new DingTalkError('test', 'invalidClientIdOrSecret', '', { httpStatus: 400 }).retryable);
});

test('oapi errcode becomes a DingTalkError', async (t) => {
  const { client, state } = await startTestSimulator(t);

  for (const errcode of [...retryable, 60011, 60020]) {
    state.injectError({ path: '/topapi/v2/user/get', errcode, errmsg: `错误 ${errcode}` });
    const error = await t.throwsAsync(client.getUser('wang.fang'), { instanceOf: DingTalkError });

    t.is(error?.errcode, errcode);
    t.is(error?.errmsg, `错误 ${errcode}`);
    t.is(error?.api, 'topapi/v2/user/get');
    t.is(error?.retryable, retryable.includes(errcode), `${errcode}`);
  }
});

test('errcode 88 is unwrapped to its sub_code', async (t) => {
  const { client, state } = await startTestSimulator(t);
  state.injectError({ path: '/topapi/v2/user/get', errcode: 88, subCode: 60011, errmsg: '没有调用该接口的权限' });

  const error = await t.throwsAsync(client.getUser('wang.fang'), { instanceOf: DingTalkError });

  t.is(error?.errcode, 60011);
  t.is(error?.errmsg, '没有调用该接口的权限');
  t.false(error?.retryable);
});

test('robot system busy is retryable', async (t) => {
  const { robot, state } = await startTestSimulator(t);
  state.injectError({ path: '/robot/send', errcode: -1 });

  const error = await t.throwsAsync(
    robot.send({ accessToken: BUREAU_ROBOT.accessToken, secret: BUREAU_ROBOT.secret, body: { msgtype: 'text', text: { content: '测试' } } }),
    { instanceOf: DingTalkError },
  );

  t.is(error?.errcode, -1);
  t.true(error?.retryable);
});

/** Starts a plain HTTP server on 127.0.0.1 that responds to every request with `body`. */
async function startFakeServer(t: ExecutionContext, status: number, body: string, contentType: string): Promise<string> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(status, { 'content-type': contentType });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function clientFor(url: string): DingTalkClient {
  return new DingTalkClient({ ...APP, oapiBaseUrl: url, apiBaseUrl: url, timeoutMs: 2000 });
}

test('connection refused is a retryable DingTalkHttpError', async (t) => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));

  const error = await t.throwsAsync(clientFor(`http://127.0.0.1:${port}`).getAccessToken(), {
    instanceOf: DingTalkHttpError,
  });

  t.true(error?.retryable);
  t.is(error?.api, 'gettoken');
});

test('non-JSON body is a DingTalkHttpError', async (t) => {
  const url = await startFakeServer(t, 200, '<html>访问受限</html>', 'text/html');

  const error = await t.throwsAsync(clientFor(url).getAccessToken(), { instanceOf: DingTalkHttpError });

  t.regex(error?.message ?? '', /not JSON/);
  t.true(error?.retryable);
});

test('undocumented body shape is not retryable', async (t) => {
  const url = await startFakeServer(t, 200, JSON.stringify({ errcode: 0, errmsg: 'ok' }), 'application/json');

  const error = await t.throwsAsync(clientFor(url).getAccessToken(), { instanceOf: DingTalkHttpError });

  t.regex(error?.message ?? '', /access_token/);
  t.false(error?.retryable);
});

test('HTTP 502 from the oapi host is retryable', async (t) => {
  const url = await startFakeServer(t, 502, JSON.stringify({ message: 'bad gateway' }), 'application/json');

  const error = await t.throwsAsync(clientFor(url).getAccessToken(), { instanceOf: DingTalkHttpError });

  t.is(error?.httpStatus, 502);
  t.true(error?.retryable);
});

test('logs carry no secrets or tokens', async (t) => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  const logger = pino({ level: 'debug' }, sink);
  const { url, state, clock } = await startTestSimulator(t);
  const client = new DingTalkClient({ ...APP, oapiBaseUrl: url, apiBaseUrl: url, now: clock.now, logger });
  const robot = new RobotWebhook({ oapiBaseUrl: url, now: clock.now, logger });

  const firstToken = await client.getAccessToken();
  state.expireAccessTokens();
  await client.sendWorkNotification({ userIds: ['li.qiang'], msg: { msgtype: 'text', text: { content: '测试' } } });
  await robot.send({ accessToken: BUREAU_ROBOT.accessToken, secret: BUREAU_ROBOT.secret, body: { msgtype: 'text', text: { content: '测试' } } });
  const token = await client.getAccessToken();

  const log = lines.join('');
  t.true(lines.length >= 3, 'token fetch, refresh and sends are logged');
  t.false(log.includes(APP.appSecret));
  t.regex(log, /rejected the access token/);
  t.false(log.includes(firstToken));
  t.false(log.includes(token));
  t.false(log.includes(BUREAU_ROBOT.accessToken));
  t.false(log.includes(BUREAU_ROBOT.secret!));
});
