import test from 'ava';

import { DEFAULT_TOKEN_RENEWAL_MARGIN_MS } from '../../bot/dingtalk/client.ts';
import { DingTalkError } from '../../bot/dingtalk/errors.ts';
import { ACCESS_TOKEN_LIFETIME_MS } from '../../bot/simulator/state.ts';
import { APP, startTestSimulator } from './fixtures.ts';

test('token is fetched once and cached', async (t) => {
  const { client, state } = await startTestSimulator(t);

  const first = await client.getAccessToken();
  const second = await client.getAccessToken();
  await client.getUser('wang.fang');

  t.is(first, second);
  t.is(state.requestCount('/gettoken'), 1);
});

test('concurrent callers share one token request', async (t) => {
  const { client, state } = await startTestSimulator(t);

  const tokens = await Promise.all([1, 2, 3, 4, 5].map(() => client.getAccessToken()));

  t.is(new Set(tokens).size, 1);
  t.is(state.requestCount('/gettoken'), 1);
});

test('token is renewed ten minutes before expiry', async (t) => {
  const { client, state, clock } = await startTestSimulator(t);
  const renewAfter = ACCESS_TOKEN_LIFETIME_MS - DEFAULT_TOKEN_RENEWAL_MARGIN_MS;

  const first = await client.getAccessToken();
  clock.advance(renewAfter - 1);
  await client.getAccessToken();
  t.is(state.requestCount('/gettoken'), 1, 'still cached just before the renewal point');

  clock.advance(1);
  const renewed = await client.getAccessToken();
  t.is(state.requestCount('/gettoken'), 2, 'fetched again at the renewal point');
  // Inside its lifetime DingTalk returns the same token and extends it.
  t.is(renewed, first);

  clock.advance(renewAfter);
  await client.getUser('wang.fang');
  t.is(state.requestCount('/gettoken'), 3);
});

test('an expired token is replaced by a new one', async (t) => {
  const { client, state, clock } = await startTestSimulator(t);

  const first = await client.getAccessToken();
  clock.advance(ACCESS_TOKEN_LIFETIME_MS + 1);
  const second = await client.getAccessToken();

  t.not(second, first);
  t.is(state.checkAccessToken(first)?.errcode, 42001);
  t.is(state.checkAccessToken(second), undefined);
});

test('token rejected with 42001 is refreshed once', async (t) => {
  const { client, state } = await startTestSimulator(t);

  const first = await client.getAccessToken();
  state.expireAccessTokens();
  const user = await client.getUser('li.qiang');

  t.is(user.userId, 'li.qiang');
  t.is(state.requestCount('/gettoken'), 2);
  t.is(state.requestCount('/topapi/v2/user/get'), 2);
  t.not(await client.getAccessToken(), first);
});

test('token errors 40001 and 40014 also refresh', async (t) => {
  const { client, state } = await startTestSimulator(t);

  for (const errcode of [40001, 40014]) {
    state.injectError({ path: '/topapi/v2/department/listsub', errcode });
    const departments = await client.listSubDepartments(1);
    t.true(departments.length > 0, `recovers from ${errcode}`);
  }
  t.is(state.requestCount('/gettoken'), 3);
});

test('token refresh is tried only once', async (t) => {
  const { client, state } = await startTestSimulator(t);
  state.injectError({ path: '/topapi/v2/user/get', errcode: 40014, times: 2 });

  const error = await t.throwsAsync(client.getUser('wang.fang'), { instanceOf: DingTalkError });

  t.is(error?.errcode, 40014);
  t.is(state.requestCount('/topapi/v2/user/get'), 2);
  t.is(state.requestCount('/gettoken'), 2);
});

test('wrong app secret is DingTalkError 40001', async (t) => {
  const { client } = await startTestSimulator(t, {}, { appSecret: 'wrong-secret' });

  const error = await t.throwsAsync(client.getAccessToken(), { instanceOf: DingTalkError });

  t.is(error?.errcode, 40001);
  t.is(error?.api, 'gettoken');
  t.false(error?.retryable);
});

test('failed renewal keeps the still-valid token', async (t) => {
  const { client, state, clock } = await startTestSimulator(t);

  const first = await client.getAccessToken();
  clock.advance(ACCESS_TOKEN_LIFETIME_MS - DEFAULT_TOKEN_RENEWAL_MARGIN_MS + 1);
  state.injectError({ path: '/gettoken', errcode: -1 });

  t.is(await client.getAccessToken(), first);
  t.is(state.requestCount('/gettoken'), 2);
});

test('failed first token request throws', async (t) => {
  const { client, state } = await startTestSimulator(t);
  state.injectError({ path: '/gettoken', errcode: 90002 });

  const error = await t.throwsAsync(client.getAccessToken(), { instanceOf: DingTalkError });

  t.is(error?.errcode, 90002);
  t.true(error?.retryable);
});

test('new-API token source works on the oapi host', async (t) => {
  const { client, state } = await startTestSimulator(t, {}, { tokenSource: 'api' });

  const user = await client.getUser('zhao.min');

  t.is(user.name, '赵敏');
  t.is(state.requestCount('/v1.0/oauth2/accessToken'), 1);
  t.is(state.requestCount('/gettoken'), 0);
});

test('new-API wrong secret is invalidClientIdOrSecret', async (t) => {
  const { client } = await startTestSimulator(t, {}, { tokenSource: 'api', appSecret: 'wrong-secret' });

  const error = await t.throwsAsync(client.getAccessToken(), { instanceOf: DingTalkError });

  t.is(error?.errcode, 'invalidClientIdOrSecret');
  t.is(error?.httpStatus, 400);
  t.false(error?.retryable);
});

test('token source does not matter to the simulator', async (t) => {
  const { client, url } = await startTestSimulator(t);

  const oapiToken = await client.getAccessToken();
  const response = await fetch(`${url}/v1.0/oauth2/accessToken`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ appKey: APP.appKey, appSecret: APP.appSecret }),
  });
  const body = (await response.json()) as { accessToken: string; expireIn: number };

  t.is(body.accessToken, oapiToken);
  t.is(body.expireIn, 7200);
});
