import test from 'ava';

import { DingTalkError, DingTalkRequestError } from '../../bot/dingtalk/errors.ts';
import { manyUsers, postRaw, startTestSimulator, USERS } from './fixtures.ts';

test('all departments at every depth', async (t) => {
  const { client, state } = await startTestSimulator(t);

  const departments = await client.listAllDepartments();

  t.deepEqual(
    departments.map((department) => [department.deptId, department.name, department.parentId]),
    [
      [10, '市大数据发展管理局', 1],
      [20, '建设单位', 1],
      [21, '市司法局', 20],
      [22, '市发改委', 20],
    ],
  );
  // One listsub call per department, the root included.
  t.is(state.requestCount('/topapi/v2/department/listsub'), 5);
});

test('department users with leader flag', async (t) => {
  const { client } = await startTestSimulator(t);

  const bureau = await client.listDepartmentUsers(10);
  const justice = await client.listDepartmentUsers(21);

  t.false(bureau.hasMore);
  t.deepEqual(bureau.users, [{ userId: 'wang.fang', name: '王芳', mobile: '13800000001', title: '科长', deptIds: [10], leader: true, active: true }]);
  t.deepEqual(
    justice.users.map((user) => [user.userId, user.leader]),
    [
      ['li.qiang', false],
      ['zhao.min', false],
    ],
  );
});

test('department users page by cursor', async (t) => {
  const { client, state } = await startTestSimulator(t, { users: [...USERS, ...manyUsers(230)] });

  const first = await client.listDepartmentUsers(21, 0, 100);
  const everyone = await client.listAllDepartmentUsers(21);
  const smallPages = await client.listAllDepartmentUsers(21, 7);

  t.true(first.hasMore);
  t.is(first.nextCursor, 100);
  t.is(first.users.length, 100);
  t.is(everyone.length, 232);
  t.is(new Set(everyone.map((user) => user.userId)).size, 232, 'no person twice across pages');
  t.deepEqual(smallPages.map((user) => user.userId), everyone.map((user) => user.userId));
  // 3 pages of 100 and 34 of 7, after the single first page.
  t.is(state.requestCount('/topapi/v2/user/list'), 1 + 3 + 34);
});

test('department users of an unknown department is 60003', async (t) => {
  const { client } = await startTestSimulator(t);

  const error = await t.throwsAsync(client.listDepartmentUsers(999), { instanceOf: DingTalkError });

  t.is(error?.errcode, 60003);
});

test('page size over 100 is refused without a request', async (t) => {
  const { client, state } = await startTestSimulator(t);

  await t.throwsAsync(client.listDepartmentUsers(21, 0, 101), { instanceOf: DingTalkRequestError });

  t.is(state.requestCount('/topapi/v2/user/list'), 0);
});

test('simulator refuses a page size over 100', async (t) => {
  const { client, url } = await startTestSimulator(t);
  const token = await client.getAccessToken();

  const response = await postRaw(`${url}/topapi/v2/user/list?access_token=${token}`, { dept_id: 21, cursor: 0, size: 500 });

  t.is(response.body['errcode'], 40035);
});

test('directory changes show in the next listing', async (t) => {
  const { client, state } = await startTestSimulator(t);

  state.directory.putUser({ userid: 'qian.li', name: '钱立', mobile: '13800000009', title: '科员', deptIds: [22] });
  state.directory.removeUser('zhao.min');

  t.deepEqual((await client.listAllDepartmentUsers(22)).map((user) => user.userId), ['qian.li']);
  t.deepEqual((await client.listAllDepartmentUsers(21)).map((user) => user.userId), ['li.qiang']);
  t.throws(() => state.directory.putUser({ userid: 'x', name: '某', mobile: '', title: '', deptIds: [404] }));
});
