import test from 'ava';
import { DingTalkError, DingTalkHttpError, DingTalkRequestError, WorkNotificationPartialError } from '../../bot/dingtalk/index.ts';
import { classifyFailure, robotBlockMs } from '../../bot/outbox/failure.ts';

const cases: Array<[errcode: number, kind: 'retry' | 'give-up', afterMs?: number]> = [
  [-1, 'retry'],
  [90002, 'retry'],
  [130101, 'retry', robotBlockMs],
  [410100, 'retry', robotBlockMs],
  [143103, 'retry', 60_000],
  [143104, 'retry', 60_000],
  [40001, 'retry'],
  [40014, 'retry'],
  [42001, 'retry'],
  [310000, 'give-up'],
  [400101, 'give-up'],
  [400102, 'give-up'],
  [400105, 'give-up'],
  [43004, 'give-up'],
  [60011, 'give-up'],
  [60020, 'give-up'],
];

for (const [errcode, kind, afterMs] of cases) {
  test(`errcode ${errcode} is ${kind}`, (t) => {
    const action = classifyFailure(new DingTalkError('robot/send', errcode, 'message'));
    t.is(action.kind, kind);
    if (action.kind === 'retry') t.is(action.afterMs, afterMs);
    t.regex(action.reason, new RegExp(String(errcode)));
  });
}

test('a message DingTalk would reject is given up', (t) => {
  const action = classifyFailure(new DingTalkRequestError('asyncsend_v2', 'msg', 'too long'));
  t.is(action.kind, 'give-up');
  t.regex(action.reason, /消息不符合钉钉要求/);
});

test('a network failure is retried', (t) => {
  t.is(classifyFailure(new DingTalkHttpError('gettoken', 'timed out', { retryable: true })).kind, 'retry');
  t.is(classifyFailure(new DingTalkHttpError('gettoken', 'unexpected body', { retryable: false })).kind, 'give-up');
});

test('a partial send is classified by its cause', (t) => {
  const partial = new WorkNotificationPartialError([{ taskId: 1, userIds: ['a'] }], ['b'], new DingTalkError('asyncsend_v2', 143103, 'flow'));
  const action = classifyFailure(partial);
  t.is(action.kind, 'retry');
  t.is(action.kind === 'retry' ? action.afterMs : undefined, 60_000);
});
