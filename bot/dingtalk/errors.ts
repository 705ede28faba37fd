/**
 * Errors thrown by the DingTalk client. Callers decide on retries from `retryable` and on handling from
 * `errcode`, never from message text, because DingTalk rewords its errmsg values over time.
 */

// System busy, global rate limit, robot throttling and the per-minute work-notification flow control.
// These clear by themselves, so an outbox may try the same request again later.
const RETRYABLE_ERRCODES: ReadonlySet<number> = new Set([-1, 90002, 130101, 410100, 143103, 143104]);

// Codes that mean DingTalk rejected the access token. The client then fetches a new token and retries once.
const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);

export interface DingTalkErrorDetails {
  httpStatus?: number;
  requestId?: string;
}

/**
 * An error reported by DingTalk: an oapi response with `errcode ≠ 0`, or a new-API response with HTTP
 * 4xx/5xx and a string `code`. An oapi envelope with errcode 88 carries the real code in `sub_code`, and
 * `errcode` then contains that sub code.
 */
export class DingTalkError extends Error {
  override readonly name = 'DingTalkError';
  readonly api: string;
  readonly errcode: number | string;
  readonly errmsg: string;
  readonly httpStatus: number | undefined;
  readonly requestId: string | undefined;

  constructor(api: string, errcode: number | string, errmsg: string, details: DingTalkErrorDetails = {}) {
    super(`DingTalk ${api} failed with errcode ${errcode}: ${errmsg}`);
    this.api = api;
    this.errcode = errcode;
    this.errmsg = errmsg;
    this.httpStatus = details.httpStatus;
    this.requestId = details.requestId;
  }

  /** Whether the same request may succeed later without any change. */
  get retryable(): boolean {
    if (typeof this.errcode === 'number') return RETRYABLE_ERRCODES.has(this.errcode);
    return this.httpStatus !== undefined && (this.httpStatus === 429 || this.httpStatus >= 500);
  }

  /** Whether DingTalk rejected the access token, so a fresh token may fix the call. */
  get isTokenError(): boolean {
    return typeof this.errcode === 'number' && TOKEN_ERRCODES.has(this.errcode);
  }
}

/**
 * A request that produced no usable DingTalk response: the connection failed or timed out, the HTTP status
 * was unexpected, or the body was not the documented JSON shape.
 */
export class DingTalkHttpError extends Error {
  override readonly name = 'DingTalkHttpError';
  readonly api: string;
  readonly httpStatus: number | undefined;
  readonly retryable: boolean;

  constructor(api: string, message: string, options: { httpStatus?: number; retryable: boolean; cause?: unknown }) {
    super(`DingTalk ${api}: ${message}`, { cause: options.cause });
    this.api = api;
    this.httpStatus = options.httpStatus;
    this.retryable = options.retryable;
  }
}

/**
 * A request the client did not send because DingTalk would reject it or silently drop it: a message over
 * its size limit, a field over its length limit, an empty recipient list.
 */
export class DingTalkRequestError extends Error {
  override readonly name = 'DingTalkRequestError';
  readonly api: string;
  /** Dotted path of the offending field, such as `msg.action_card.single_title`. */
  readonly field: string;

  constructor(api: string, field: string, message: string) {
    super(`DingTalk ${api}: invalid ${field}: ${message}`);
    this.api = api;
    this.field = field;
  }
}

/** One asyncsend_v2 call: DingTalk's task id and the userids it covered. */
export interface WorkNotificationTask {
  taskId: number;
  userIds: string[];
}

/**
 * A work notification to more than 100 people, sent in several calls, of which a later one failed. `sent`
 * lists the calls that DingTalk accepted, so a retry can skip those people. `cause` is the error of the
 * failed call, and its `retryable` flag shows whether a retry may succeed.
 */
export class WorkNotificationPartialError extends Error {
  override readonly name = 'WorkNotificationPartialError';
  readonly sent: WorkNotificationTask[];
  readonly unsentUserIds: string[];

  constructor(sent: WorkNotificationTask[], unsentUserIds: string[], cause: unknown) {
    const sentCount = sent.reduce((count, task) => count + task.userIds.length, 0);
    super(`work notification reached DingTalk for ${sentCount} people but failed for ${unsentUserIds.length}`, {
      cause,
    });
    this.sent = sent;
    this.unsentUserIds = unsentUserIds;
  }
}
