/**
 * A typed client for the DingTalk open-platform calls that 进度通 makes as an internal enterprise app. It
 * talks to whatever `oapiBaseUrl` and `apiBaseUrl` point at: DingTalk in production, the local simulator in
 * tests and the offline demo.
 */
import type { z } from 'zod';

import {
  DingTalkError,
  DingTalkRequestError,
  WorkNotificationPartialError,
  type WorkNotificationTask,
} from './errors.ts';
import {
  callApi,
  callOapi,
  DEFAULT_API_BASE_URL,
  DEFAULT_OAPI_BASE_URL,
  DEFAULT_TIMEOUT_MS,
  type DingTalkLogger,
  type FetchFunction,
} from './http.ts';
import {
  describeZodIssue,
  WORK_NOTIFICATION_LIMITS,
  workNotificationByteLength,
  workNotificationMessageSchema,
  type WorkNotificationMessage,
} from './messages.ts';
import {
  apiTokenResponseSchema,
  departmentUsersResponseSchema,
  loginUserResponseSchema,
  sendProgressResponseSchema,
  sendResultResponseSchema,
  sendWorkNotificationResponseSchema,
  subDepartmentsResponseSchema,
  tokenResponseSchema,
  userResponseSchema,
  type DepartmentUser,
  type DepartmentUsersPage,
  type DingTalkDepartment,
  type DingTalkLoginUser,
  type DingTalkUser,
  type SendProgress,
  type SendResult,
} from './responses.ts';

/** Largest page of /topapi/v2/user/list that DingTalk serves. */
export const DEPARTMENT_USERS_PAGE_SIZE = 100;

/** Default time before expiry at which a cached token is renewed. DingTalk advises 5 to 10 minutes. */
export const DEFAULT_TOKEN_RENEWAL_MARGIN_MS = 10 * 60 * 1000;

export interface DingTalkClientOptions {
  appKey: string;
  appSecret: string;
  /** The micro-app's AgentId, sent with every work notification. */
  agentId: number | string;
  /** Base URL of the oapi host, without a trailing path. Default: https://oapi.dingtalk.com */
  oapiBaseUrl?: string;
  /** Base URL of the new API host. Default: https://api.dingtalk.com */
  apiBaseUrl?: string;
  /** Clock in milliseconds since the epoch. Default: Date.now */
  now?: () => number;
  /**
   * Endpoint that issues access tokens: `oapi` is GET /gettoken, `api` is POST /v1.0/oauth2/accessToken.
   * Both tokens are valid on both hosts for an internal app. Default: `oapi`.
   */
  tokenSource?: 'oapi' | 'api';
  /** Time in ms before a token's expiry at which the client fetches a new one. Default: 10 minutes. */
  tokenRenewalMarginMs?: number;
  /** Timeout in ms of one HTTP request. Default: 10 seconds. */
  timeoutMs?: number;
  logger?: DingTalkLogger;
  /** HTTP client. Default: the global fetch. */
  fetch?: FetchFunction;
}

interface CachedToken {
  accessToken: string;
  expiresAt: number;
  renewAt: number;
}

export interface SendWorkNotificationInput {
  /** Recipients' userids. Duplicates are sent once; more than 100 are split over several calls. */
  userIds: readonly string[];
  msg: WorkNotificationMessage;
}

export class DingTalkClient {
  private readonly appKey: string;
  private readonly appSecret: string;
  private readonly agentId: number | string;
  private readonly oapiBaseUrl: string;
  private readonly apiBaseUrl: string;
  private readonly now: () => number;
  private readonly tokenSource: 'oapi' | 'api';
  private readonly tokenRenewalMarginMs: number;
  private readonly timeoutMs: number;
  private readonly logger: DingTalkLogger | undefined;
  private readonly fetch: FetchFunction;

  private cachedToken: CachedToken | undefined;
  private pendingToken: Promise<string> | undefined;

  constructor(options: DingTalkClientOptions) {
    this.appKey = options.appKey;
    this.appSecret = options.appSecret;
    this.agentId = options.agentId;
    this.oapiBaseUrl = trimTrailingSlash(options.oapiBaseUrl ?? DEFAULT_OAPI_BASE_URL);
    this.apiBaseUrl = trimTrailingSlash(options.apiBaseUrl ?? DEFAULT_API_BASE_URL);
    this.now = options.now ?? Date.now;
    this.tokenSource = options.tokenSource ?? 'oapi';
    this.tokenRenewalMarginMs = options.tokenRenewalMarginMs ?? DEFAULT_TOKEN_RENEWAL_MARGIN_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.logger = options.logger;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /**
   * Returns the app's access token, from the cache while it is more than the renewal margin away from expiry.
   * Concurrent callers share one token request. If a renewal fails while the cached token is still valid,
   * the cached token is returned and the failure is logged.
   */
  async getAccessToken(): Promise<string> {
    const cached = this.cachedToken;
    const now = this.now();
    if (cached && now < cached.renewAt) return cached.accessToken;

    this.pendingToken ??= this.fetchAccessToken().finally(() => {
      this.pendingToken = undefined;
    });

    try {
      return await this.pendingToken;
    } catch (error) {
      if (cached && this.cachedToken === cached && now < cached.expiresAt) {
        this.logger?.warn({ err: error }, 'DingTalk token renewal failed; using the cached token until it expires');
        return cached.accessToken;
      }
      throw error;
    }
  }

  /** Exchanges a login-free auth code from `dd.requestAuthCode` for the user it was issued to. */
  async getUserInfoByCode(code: string): Promise<DingTalkLoginUser> {
    if (!code) throw new DingTalkRequestError('topapi/v2/user/getuserinfo', 'code', 'must not be empty');
    return this.postOapi('topapi/v2/user/getuserinfo', { code }, loginUserResponseSchema);
  }

  /** Reads a person's detail from the address book. */
  async getUser(userId: string, language: 'zh_CN' | 'en_US' = 'zh_CN'): Promise<DingTalkUser> {
    if (!userId) throw new DingTalkRequestError('topapi/v2/user/get', 'userid', 'must not be empty');
    return this.postOapi('topapi/v2/user/get', { userid: userId, language }, userResponseSchema);
  }

  /** Lists the departments directly below `deptId`, one level only. The root department is 1. */
  async listSubDepartments(deptId: number = 1, language: 'zh_CN' | 'en_US' = 'zh_CN'): Promise<DingTalkDepartment[]> {
    return this.postOapi('topapi/v2/department/listsub', { dept_id: deptId, language }, subDepartmentsResponseSchema);
  }

  /**
   * Lists every department below `deptId` at any depth, parents before their children, by calling listsub
   * once per department. The root department is 1.
   */
  async listAllDepartments(deptId: number = 1): Promise<DingTalkDepartment[]> {
    const found: DingTalkDepartment[] = [];
    const pending = [deptId];
    const seen = new Set<number>([deptId]);
    while (pending.length > 0) {
      const parentId = pending.shift()!;
      for (const department of await this.listSubDepartments(parentId)) {
        // A department listed twice would loop forever; DingTalk's tree has none, a broken mirror might.
        if (seen.has(department.deptId)) continue;
        seen.add(department.deptId);
        found.push({ ...department, parentId: department.parentId ?? parentId });
        pending.push(department.deptId);
      }
    }
    return found;
  }

  /** Reads one page of the members of a department, with their detail, from `cursor` (0 for the first page). */
  async listDepartmentUsers(deptId: number, cursor = 0, size = DEPARTMENT_USERS_PAGE_SIZE): Promise<DepartmentUsersPage> {
    const api = 'topapi/v2/user/list';
    if (!Number.isInteger(size) || size < 1 || size > DEPARTMENT_USERS_PAGE_SIZE) {
      throw new DingTalkRequestError(api, 'size', `must be 1 to ${DEPARTMENT_USERS_PAGE_SIZE}, got ${size}`);
    }
    const body = { dept_id: deptId, cursor, size, contain_access_limit: false, language: 'zh_CN' };
    return this.postOapi(api, body, departmentUsersResponseSchema);
  }

  /** Reads every member of a department, following `next_cursor` page by page. */
  async listAllDepartmentUsers(deptId: number, pageSize = DEPARTMENT_USERS_PAGE_SIZE): Promise<DepartmentUser[]> {
    const users: DepartmentUser[] = [];
    let cursor = 0;
    for (;;) {
      const page = await this.listDepartmentUsers(deptId, cursor, pageSize);
      users.push(...page.users);
      if (!page.hasMore) return users;
      if (page.nextCursor === undefined || page.nextCursor <= cursor) {
        throw new DingTalkRequestError('topapi/v2/user/list', 'next_cursor', `did not advance past ${cursor} while has_more is true`);
      }
      cursor = page.nextCursor;
    }
  }

  /**
   * Sends one work notification to every userid, at most 100 per asyncsend_v2 call, and returns one task per
   * call. The message is checked against DingTalk's documented limits first, so nothing that breaks them is
   * sent. DingTalk accepts, but does not deliver, a message whose content a person already got today, and
   * getSendResult lists such people as forbidden.
   *
   * Throws DingTalkRequestError before sending anything when the input breaks a limit, DingTalkError when
   * the first call fails, and WorkNotificationPartialError when a later call fails.
   */
  async sendWorkNotification(input: SendWorkNotificationInput): Promise<WorkNotificationTask[]> {
    const api = 'topapi/message/corpconversation/asyncsend_v2';
    const userIds = checkRecipients(api, input.userIds);
    checkWorkNotificationMessage(api, input.msg, userIds.length);

    const tasks: WorkNotificationTask[] = [];
    const chunks = chunked(userIds, WORK_NOTIFICATION_LIMITS.maxUserIdsPerCall);
    for (const [index, chunk] of chunks.entries()) {
      const body = { agent_id: this.agentId, userid_list: chunk.join(','), msg: input.msg };
      try {
        const { taskId } = await this.postOapi(api, body, sendWorkNotificationResponseSchema);
        tasks.push({ taskId, userIds: chunk });
      } catch (error) {
        if (tasks.length === 0) throw error;
        throw new WorkNotificationPartialError(tasks, chunks.slice(index).flat(), error);
      }
    }

    this.logger?.info(
      { msgtype: input.msg.msgtype, recipients: userIds.length, taskIds: tasks.map((task) => task.taskId) },
      'DingTalk work notification sent',
    );
    return tasks;
  }

  /** Reads how far DingTalk has got with delivering a work-notification task. */
  async getSendProgress(taskId: number): Promise<SendProgress> {
    const body = { agent_id: this.agentId, task_id: taskId };
    return this.postOapi('topapi/message/corpconversation/getsendprogress', body, sendProgressResponseSchema);
  }

  /** Reads who read, did not read or did not get a work-notification task. DingTalk keeps 24 hours of results. */
  async getSendResult(taskId: number): Promise<SendResult> {
    const body = { agent_id: this.agentId, task_id: taskId };
    return this.postOapi('topapi/message/corpconversation/getsendresult', body, sendResultResponseSchema);
  }

  private async fetchAccessToken(): Promise<string> {
    const requestedAt = this.now();
    const token = this.tokenSource === 'api' ? await this.requestApiToken() : await this.requestOapiToken();

    const lifetimeMs = token.expiresInSeconds * 1000;
    const expiresAt = requestedAt + lifetimeMs;
    // A lifetime shorter than twice the margin would renew on every call, so such a token renews halfway.
    const renewAt = expiresAt - Math.min(this.tokenRenewalMarginMs, lifetimeMs / 2);
    this.cachedToken = { accessToken: token.accessToken, expiresAt, renewAt };

    this.logger?.debug({ source: this.tokenSource, expiresInSeconds: token.expiresInSeconds }, 'DingTalk token fetched');
    return token.accessToken;
  }

  private async requestOapiToken() {
    const query = new URLSearchParams({ appkey: this.appKey, appsecret: this.appSecret });
    return callOapi(
      { ...this.requestDefaults('gettoken'), url: `${this.oapiBaseUrl}/gettoken?${query}`, method: 'GET' },
      tokenResponseSchema,
    );
  }

  private async requestApiToken() {
    const request = {
      ...this.requestDefaults('v1.0/oauth2/accessToken'),
      url: `${this.apiBaseUrl}/v1.0/oauth2/accessToken`,
      method: 'POST' as const,
      body: { appKey: this.appKey, appSecret: this.appSecret },
    };
    return callApi(request, apiTokenResponseSchema);
  }

  /**
   * Posts to an oapi endpoint with the access token. When DingTalk rejects the token (40001, 40014, 42001),
   * the client drops it, fetches a new one and tries once more.
   */
  private async postOapi<T extends z.ZodType>(api: string, body: unknown, schema: T): Promise<z.output<T>> {
    const send = (token: string) =>
      callOapi(
        {
          ...this.requestDefaults(api),
          url: `${this.oapiBaseUrl}/${api}?access_token=${encodeURIComponent(token)}`,
          method: 'POST',
          body,
        },
        schema,
      );

    const token = await this.getAccessToken();
    try {
      return await send(token);
    } catch (error) {
      if (!(error instanceof DingTalkError) || !error.isTokenError) throw error;

      this.logger?.warn({ api, errcode: error.errcode }, 'DingTalk rejected the access token; fetching a new one');
      if (this.cachedToken?.accessToken === token) this.cachedToken = undefined;
      return send(await this.getAccessToken());
    }
  }

  private requestDefaults(api: string) {
    return { api, fetch: this.fetch, timeoutMs: this.timeoutMs };
  }
}

function trimTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function chunked<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** Returns the userids without duplicates, or throws when one is empty or contains the list separator. */
function checkRecipients(api: string, userIds: readonly string[]): string[] {
  if (userIds.length === 0) throw new DingTalkRequestError(api, 'userid_list', 'needs at least one userid');

  for (const userId of userIds) {
    if (!userId || userId.includes(',')) {
      throw new DingTalkRequestError(api, 'userid_list', `userid ${JSON.stringify(userId)} is empty or contains a comma`);
    }
  }
  return [...new Set(userIds)];
}

function checkWorkNotificationMessage(api: string, msg: WorkNotificationMessage, recipientCount: number): void {
  const parsed = workNotificationMessageSchema.safeParse(msg);
  if (!parsed.success) {
    const { field, message } = describeZodIssue(parsed.error, 'msg');
    throw new DingTalkRequestError(api, field, message);
  }

  const bytes = workNotificationByteLength(msg);
  if (bytes > WORK_NOTIFICATION_LIMITS.maxMessageBytes) {
    const limit = WORK_NOTIFICATION_LIMITS.maxMessageBytes;
    throw new DingTalkRequestError(api, 'msg', `is ${bytes} bytes as JSON, over DingTalk's limit of ${limit} bytes`);
  }

  const hasStatusBar = msg.msgtype === 'oa' && msg.oa.status_bar !== undefined;
  if (hasStatusBar && recipientCount > WORK_NOTIFICATION_LIMITS.maxStatusBarRecipients) {
    const limit = WORK_NOTIFICATION_LIMITS.maxStatusBarRecipients;
    throw new DingTalkRequestError(
      api,
      'msg.oa.status_bar',
      `is allowed for at most ${limit} recipients, got ${recipientCount}`,
    );
  }
}
