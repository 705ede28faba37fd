import test from 'ava';

import {
  computeRobotSignParam,
  computeSignature,
  signRobotWebhookUrl,
  verifySignature,
} from '../../bot/dingtalk/signature.ts';

// Check value computed from DingTalk's documented robot signing algorithm.
const CHECK_TIMESTAMP = 1577262236757;
const CHECK_SECRET = 'this is a secret';
const CHECK_SIGN = 'DJrE6qdyVGCQz9z5r2MDuNcNAhwYnuAkyj13cx169CA=';

test('computeSignature matches the check value', (t) => {
  t.is(computeSignature(CHECK_SECRET, CHECK_TIMESTAMP), CHECK_SIGN);
  t.is(computeSignature(CHECK_SECRET, String(CHECK_TIMESTAMP)), CHECK_SIGN);
});

test('computeRobotSignParam is the URL-encoded signature', (t) => {
  const param = computeRobotSignParam(CHECK_SECRET, CHECK_TIMESTAMP);
  t.is(param, encodeURIComponent(CHECK_SIGN));
  t.true(param.endsWith('%3D'));
});

test('signRobotWebhookUrl adds timestamp and sign once encoded', (t) => {
  const signed = signRobotWebhookUrl('http://127.0.0.1:9/robot/send?access_token=abc', CHECK_SECRET, CHECK_TIMESTAMP);
  const url = new URL(signed);

  t.is(url.searchParams.get('access_token'), 'abc');
  t.is(url.searchParams.get('timestamp'), String(CHECK_TIMESTAMP));
  t.is(url.searchParams.get('sign'), CHECK_SIGN);
  t.true(signed.includes(`sign=${encodeURIComponent(CHECK_SIGN)}`));
});

test('signature with another secret differs', (t) => {
  t.not(computeSignature('SECanother', CHECK_TIMESTAMP), CHECK_SIGN);
});

const checkInput = { timestamp: String(CHECK_TIMESTAMP), sign: CHECK_SIGN, secret: CHECK_SECRET, now: CHECK_TIMESTAMP };

test('verifySignature accepts a matching signature', (t) => {
  t.deepEqual(verifySignature(checkInput), { valid: true });
});

test('verifySignature rejects a wrong secret', (t) => {
  t.deepEqual(verifySignature({ ...checkInput, secret: 'SECwrong' }), { valid: false, reason: 'sign-mismatch' });
});

test('verifySignature rejects a URL-encoded sign', (t) => {
  const result = verifySignature({ ...checkInput, sign: encodeURIComponent(CHECK_SIGN) });
  t.deepEqual(result, { valid: false, reason: 'sign-mismatch' });
});

test('verifySignature accepts exactly one hour of skew', (t) => {
  const hour = 60 * 60 * 1000;
  t.deepEqual(verifySignature({ ...checkInput, now: CHECK_TIMESTAMP + hour }), { valid: true });
  t.deepEqual(verifySignature({ ...checkInput, now: CHECK_TIMESTAMP - hour }), { valid: true });
});

test('verifySignature rejects more than one hour of skew', (t) => {
  const hour = 60 * 60 * 1000;
  const later = verifySignature({ ...checkInput, now: CHECK_TIMESTAMP + hour + 1 });
  const earlier = verifySignature({ ...checkInput, now: CHECK_TIMESTAMP - hour - 1 });
  t.deepEqual(later, { valid: false, reason: 'stale-timestamp' });
  t.deepEqual(earlier, { valid: false, reason: 'stale-timestamp' });
});

test('verifySignature rejects missing or malformed headers', (t) => {
  t.deepEqual(verifySignature({ ...checkInput, sign: undefined }), { valid: false, reason: 'missing' });
  t.deepEqual(verifySignature({ ...checkInput, timestamp: '' }), { valid: false, reason: 'missing' });
  t.deepEqual(verifySignature({ ...checkInput, timestamp: '15772622367a7' }), {
    valid: false,
    reason: 'invalid-timestamp',
  });
});
