// Loaded only by the login page, so that the DingTalk JSAPI stays out of every other page's download.
// The modular entry (documented in the dingtalk-jsapi 3.x README) brings the bridges for phones and
// PC plus the one API that login needs, instead of the whole API table.
import * as dd from 'dingtalk-jsapi/entry/union';
import { requestAuthCode$ as requestAuthCode } from 'dingtalk-jsapi/api/union/requestAuthCode';

/** Returns true inside the DingTalk client (phone, PC or HarmonyOS), as dingtalk-jsapi reads it from the user agent. */
export function isInDingTalk(): boolean {
  return String(dd.env.platform) !== 'notInDingTalk';
}

function describeJsapiError(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    for (const key of ['errorMessage', 'message', 'errorCode'] as const) {
      const value: unknown = (error as Record<string, unknown>)[key];
      if (typeof value === 'string' || typeof value === 'number') return String(value);
    }
  }
  return String(error);
}

/** Time after which the page stops waiting for DingTalk and offers a retry (it usually replies within seconds). */
const authCodeTimeoutMs = 15_000;

/** Asks DingTalk for a login-free auth code (single use, valid 5 minutes) for this organisation's app. */
export async function requestDingTalkAuthCode(corpId: string, clientId: string): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), authCodeTimeoutMs);
  });

  let result: { code: string } | 'timeout';
  try {
    result = await Promise.race([requestAuthCode({ corpId, clientId }), timeout]);
  } catch (error) {
    throw new Error(`钉钉免登失败（${describeJsapiError(error)}），请重试`);
  } finally {
    clearTimeout(timer);
  }
  if (result === 'timeout') throw new Error('钉钉没有响应，请重试');
  return result.code;
}
