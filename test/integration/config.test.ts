import test from 'ava';
import { loadConfig } from '../../server/config.ts';

const dingtalk = {
  DINGTALK_CORP_ID: 'dingcorp',
  DINGTALK_APP_KEY: 'dingkey',
  DINGTALK_APP_SECRET: 'secret',
  DINGTALK_AGENT_ID: '1',
  DINGTALK_ROBOT_TOKEN: 'robot',
  DINGTALK_ROBOT_SECRET: 'SECrobot',
};

test('no DingTalk credentials means demo mode', (t) => {
  const config = loadConfig({});
  t.true(config.demo);
  t.is(config.dingtalk, undefined);
  t.is(config.port, 3000);
  t.is(config.dataDir, 'data');
});

test('full DingTalk credentials leave demo mode', (t) => {
  const config = loadConfig({ ...dingtalk, SESSION_SECRET: 'x'.repeat(32) });
  t.false(config.demo);
  t.is(config.dingtalk?.oapiBaseUrl, 'https://oapi.dingtalk.com');
});

test('partial DingTalk credentials are rejected', (t) => {
  const error = t.throws(() => loadConfig({ DINGTALK_APP_KEY: 'dingkey' }));
  t.regex(error?.message ?? '', /钉钉配置不完整/);
  t.regex(error?.message ?? '', /DINGTALK_APP_SECRET/);
});

test('production requires a session secret', (t) => {
  const error = t.throws(() => loadConfig(dingtalk));
  t.regex(error?.message ?? '', /SESSION_SECRET/);
});

test('an invalid port names the variable', (t) => {
  const error = t.throws(() => loadConfig({ PORT: 'eighty' }));
  t.regex(error?.message ?? '', /PORT/);
});

test('Stream mode is off unless set', (t) => {
  t.false(loadConfig({}).dingtalkStream);
  t.true(loadConfig({ DINGTALK_STREAM: 'on' }).dingtalkStream);
  const error = t.throws(() => loadConfig({ DINGTALK_STREAM: 'yes' }));
  t.regex(error?.message ?? '', /DINGTALK_STREAM/);
});
