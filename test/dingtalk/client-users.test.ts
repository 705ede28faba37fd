import test from 'ava';

import { DingTalkError, DingTalkRequestError } from '../../bot/dingtalk/errors.ts';
import { AUTH_CODE_LIFETIME_MS } from '../../bot/simulator/state.ts';
import { APP, postRaw, startTestSimulator } from './fixtures.ts';

test('auth code exchange returns the user', async (t) => {
  const { client, state } = await startTestSimulator(t);
  const code = state.issueAuthCode('li.qiang');

  const user = await client.getUserInfoByCode(code);

  t.is(user.userId, 'li.qiang');
  t.is(user.name, '李强');
  t.false(user.isAdmin);
  t.is(user.sysLevel, 0);
  t.truthy(user.unionId);
});

test('auth code is single-use', async (t) => {
  const { client, state } = await startTestSimulator(t);
  const code = state.issueAuthCode('li.qiang');

  await client.getUserInfoByCode(code);
  const error = await t.throwsAsync(client.getUserInfoByCode(code), { instanceOf: DingTalkError });

  t.is(error?.errcode, 40078);
  t.is(error?.api, 'topapi/v2/user/getuserinfo');
  t.false(error?.retryable);
});

test('auth code expires after five minutes', async (t) => {
  const { client, state, clock } = await startTestSimulator(t);
  const fresh = state.issueAuthCode('wang.fang');
  const stale = state.issueAuthCode('wang.fang');

  clock.advance(AUTH_CODE_LIFETIME_MS - 1);
  t.is((await client.getUserInfoByCode(fresh)).userId, 'wang.fang');

  clock.advance(1);
  const error = await t.throwsAsync(client.getUserInfoByCode(stale), { instanceOf: DingTalkError });
  t.is(error?.errcode, 40078);
});

test('unknown auth code is 40078', async (t) => {
  const { client } = await startTestSimulator(t);

  const error = await t.throwsAsync(client.getUserInfoByCode('not-a-code'), { instanceOf: DingTalkError });

  t.is(error?.errcode, 40078);
});

test('empty auth code is refused without a request', async (t) => {
  const { client, state } = await startTestSimulator(t);

  await t.throwsAsync(client.getUserInfoByCode(''), { instanceOf: DingTalkRequestError });

  t.is(state.requestCount('/topapi/v2/user/getuserinfo'), 0);
});

test('auth code from /_sim/auth-code works', async (t) => {
  const { client, url } = await startTestSimulator(t);

  const response = await postRaw(`${url}/_sim/auth-code`, { userid: 'zhao.min' });
  const user = await client.getUserInfoByCode(String(response.body['code']));

  t.is(response.status, 200);
  t.is(response.body['expiresInSeconds'], 300);
  t.is(user.userId, 'zhao.min');
});

test('/_sim/auth-code rejects an unknown userid', async (t) => {
  const { url } = await startTestSimulator(t);

  const response = await postRaw(`${url}/_sim/auth-code`, { userid: 'nobody' });

  t.is(response.status, 404);
  t.regex(String(response.body['message']), /nobody/);
});

const expectedWang = {
  userId: 'wang.fang',
  name: '王芳',
  mobile: '13800000001',
  title: '科长',
  deptIds: [10],
  leaderInDepts: [10],
  active: true,
  admin: false,
  boss: false,
};

test('user detail is parsed', async (t) => {
  const { client } = await startTestSimulator(t);

  const user = await client.getUser('wang.fang');

  t.like(user, expectedWang);
  t.is(user.managerUserId, undefined);
});

test('user detail with quoted scalars is parsed', async (t) => {
  const { client } = await startTestSimulator(t, { userDetailFormat: 'quoted' });

  const wang = await client.getUser('wang.fang');
  const zhao = await client.getUser('zhao.min');

  t.like(wang, expectedWang);
  t.deepEqual(zhao.deptIds, [22, 21]);
  t.deepEqual(zhao.leaderInDepts, []);
});

test('quoted simulator really quotes scalars', async (t) => {
  const { client, url } = await startTestSimulator(t, { userDetailFormat: 'quoted' });
  const token = await client.getAccessToken();

  const response = await postRaw(`${url}/topapi/v2/user/get?access_token=${token}`, { userid: 'wang.fang' });
  const result = response.body['result'] as Record<string, unknown>;

  t.is(result['dept_id_list'], '[10]');
  t.is(result['active'], 'true');
  t.deepEqual(result['leader_in_dept'], [{ dept_id: '10', leader: 'true' }]);
});

test('unknown userid is a DingTalkError', async (t) => {
  const { client } = await startTestSimulator(t);

  const error = await t.throwsAsync(client.getUser('nobody'), { instanceOf: DingTalkError });

  t.is(error?.errcode, 60121);
  t.false(error?.retryable);
});

test('sub-departments are one level deep', async (t) => {
  const { client } = await startTestSimulator(t);

  const top = await client.listSubDepartments();
  const units = await client.listSubDepartments(20);

  t.deepEqual(top, [
    { deptId: 10, name: '市大数据发展管理局', parentId: 1 },
    { deptId: 20, name: '建设单位', parentId: 1 },
  ]);
  t.deepEqual(
    units.map((department) => department.name),
    ['市司法局', '市发改委'],
  );
  t.deepEqual(await client.listSubDepartments(21), []);
});

test('unknown department is 60003', async (t) => {
  const { client } = await startTestSimulator(t);

  const error = await t.throwsAsync(client.listSubDepartments(999), { instanceOf: DingTalkError });

  t.is(error?.errcode, 60003);
});

test('oapi call without a token is 40014', async (t) => {
  const { url } = await startTestSimulator(t);

  const response = await postRaw(`${url}/topapi/v2/user/get`, { userid: 'wang.fang' });

  t.is(response.status, 200);
  t.is(response.body['errcode'], 40014);
});

test('oapi call with a form body is 43004', async (t) => {
  const { client, url } = await startTestSimulator(t);
  const token = await client.getAccessToken();

  const response = await postRaw(
    `${url}/topapi/v2/user/get?access_token=${token}`,
    'userid=wang.fang',
    'application/x-www-form-urlencoded',
  );

  t.is(response.body['errcode'], 43004);
});

test('gettoken with a wrong appkey is 40001', async (t) => {
  const { url } = await startTestSimulator(t);

  const response = await fetch(`${url}/gettoken?appkey=other&appsecret=${APP.appSecret}`);
  const body = (await response.json()) as Record<string, unknown>;

  t.is(response.status, 200);
  t.is(body['errcode'], 40001);
  t.is(body['access_token'], undefined);
});
