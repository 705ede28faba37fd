import { createHmac, timingSafeEqual } from 'node:crypto';

/** Maximum distance between a signed timestamp and the receiver's clock that DingTalk accepts. */
export const SIGNATURE_MAX_SKEW_MS = 60 * 60 * 1000;

/**
 * Computes DingTalk's signature for a millisecond timestamp:
 * base64(HMAC-SHA256(key = secret, message = timestamp + "\n" + secret)), all strings UTF-8.
 * Custom group robots and the app robot's incoming callbacks use the same formula.
 */
export function computeSignature(secret: string, timestamp: number | string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

/** Returns the URL-encoded signature that a custom group robot expects as the `sign` query parameter. */
export function computeRobotSignParam(secret: string, timestamp: number): string {
  return encodeURIComponent(computeSignature(secret, timestamp));
}

/** Returns `webhookUrl` with the `timestamp` and `sign` query parameters of a signed robot request. */
export function signRobotWebhookUrl(webhookUrl: string, secret: string, timestamp: number): string {
  const url = new URL(webhookUrl);

  // URLSearchParams percent-encodes the base64 value once, exactly like computeRobotSignParam.
  url.searchParams.set('timestamp', String(timestamp));
  url.searchParams.set('sign', computeSignature(secret, timestamp));
  return url.toString();
}

export type SignatureCheck =
  | { valid: true }
  | { valid: false; reason: 'missing' | 'invalid-timestamp' | 'stale-timestamp' | 'sign-mismatch' };

/**
 * Checks a received `timestamp` and plain base64 `sign` (already URL-decoded) against `secret`.
 * The app's robot callback sends them as headers, signed with the app secret. A custom group robot
 * request carries them as query parameters, signed with the robot's secret. A timestamp more than one
 * hour away from `now` is rejected even when the signature matches, so a captured request cannot be
 * replayed later.
 */
export function verifySignature(input: {
  timestamp: string | undefined;
  sign: string | undefined;
  secret: string;
  now: number;
}): SignatureCheck {
  const { timestamp, sign, secret, now } = input;

  if (!timestamp || !sign) return { valid: false, reason: 'missing' };
  if (!/^\d{1,15}$/.test(timestamp)) return { valid: false, reason: 'invalid-timestamp' };
  if (Math.abs(now - Number(timestamp)) > SIGNATURE_MAX_SKEW_MS) return { valid: false, reason: 'stale-timestamp' };

  const expected = Buffer.from(computeSignature(secret, timestamp), 'utf8');
  const received = Buffer.from(sign, 'utf8');

  // timingSafeEqual needs equal lengths. Every valid signature has the same length (44 base64 characters),
  // so a length mismatch reveals nothing about the secret.
  if (received.length !== expected.length) return { valid: false, reason: 'sign-mismatch' };
  if (!timingSafeEqual(received, expected)) return { valid: false, reason: 'sign-mismatch' };
  return { valid: true };
}
