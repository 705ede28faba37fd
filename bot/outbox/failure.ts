import {
  DingTalkError,
  DingTalkHttpError,
  DingTalkRequestError,
  WorkNotificationPartialError,
} from '../dingtalk/index.ts';

/** The dispatcher's next step for a message after a failed attempt. */
export type FailureAction =
  | { kind: 'give-up'; reason: string }
  | { kind: 'retry'; reason: string; /** Fixed wait; absent means exponential backoff. */ afterMs?: number };

/** A robot that sent too fast is blocked for ten minutes (DingTalk's custom robot documentation). */
export const robotBlockMs = 10 * 60_000;

const describeError = (error: DingTalkError): string => `钉钉错误 ${error.errcode}：${error.errmsg}`;

/** Decides from DingTalk's error code, never from its message text, whether and when to retry. */
export function classifyFailure(error: unknown): FailureAction {
  if (error instanceof WorkNotificationPartialError) return classifyFailure(error.cause);
  if (error instanceof DingTalkRequestError) return { kind: 'give-up', reason: `消息不符合钉钉要求（${error.field}）` };
  if (error instanceof DingTalkHttpError) {
    return error.retryable
      ? { kind: 'retry', reason: `无法连接钉钉：${error.message}` }
      : { kind: 'give-up', reason: `钉钉返回了无法识别的应答：${error.message}` };
  }
  if (error instanceof DingTalkError) {
    switch (error.errcode) {
      case 130101:
      case 410100:
        return { kind: 'retry', reason: `${describeError(error)}（群机器人发送过快，已被限流）`, afterMs: robotBlockMs };
      case 143103:
      case 143104:
        return { kind: 'retry', reason: `${describeError(error)}（超过每分钟发送上限）`, afterMs: 60_000 };
      case 40001:
      case 40014:
      case 42001:
        // The client already fetched a new token once; a wrong secret needs a person, but an
        // expiry race clears by itself.
        return { kind: 'retry', reason: `${describeError(error)}（访问令牌无效，请检查应用凭据）` };
      default:
        return error.retryable ? { kind: 'retry', reason: describeError(error) } : { kind: 'give-up', reason: describeError(error) };
    }
  }
  return { kind: 'retry', reason: `发送失败：${error instanceof Error ? error.message : String(error)}` };
}
