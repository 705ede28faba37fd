/**
 * The DingTalk endpoints the simulator serves: access tokens on both hosts, login-free auth, the address
 * book, work notifications, custom group robots and the Stream-mode gateway. Each endpoint responds with the documented body shape:
 * oapi errors as HTTP 200 with `errcode ≠ 0`, new-API errors as HTTP 4xx with `{code, message, requestid}`.
 */
import { createHash, randomBytes } from 'node:crypto';

import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';

import {
  describeZodIssue,
  WORK_NOTIFICATION_LIMITS,
  WORK_NOTIFICATION_MSGTYPES,
  workNotificationByteLength,
  workNotificationMessageSchema,
} from '../dingtalk/messages.ts';
import { OPEN_CONNECTION_PATH, openConnectionRequestSchema } from '../stream/protocol.ts';
import { OAPI_ERRORS, type OapiError } from './errcodes.ts';
import type { SimulatorState } from './state.ts';
import type { SimulatorUser } from './types.ts';

type OapiResult = OapiError | Record<string, unknown>;

function requestId(): string {
  return randomBytes(8).toString('hex');
}

function isOapiError(result: OapiResult): result is OapiError {
  return typeof result['errcode'] === 'number' && result['errcode'] !== 0;
}

function firstQueryValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Wraps an oapi POST handler with DingTalk's checks on every call: a valid `access_token` query parameter
 * and a JSON body. The handler parses the body with `schema`, and a body that fails it gets errcode 40035.
 */
function oapiPost<T extends z.ZodType>(
  state: SimulatorState,
  schema: T,
  handle: (input: z.output<T>) => OapiResult,
): (ctx: Context) => void {
  return (ctx) => {
    const tokenError = state.checkAccessToken(firstQueryValue(ctx.query['access_token']));

    let result: OapiResult;
    if (tokenError) result = tokenError;
    else if (!ctx.request.is('json')) result = OAPI_ERRORS.badContentType;
    else result = parseAndHandle(ctx.request.body, schema, handle);

    ctx.status = 200;
    if (isOapiError(result)) ctx.body = { ...result, request_id: requestId() };
    else ctx.body = { errcode: 0, errmsg: 'ok', ...result, request_id: requestId() };
  };
}

function parseAndHandle<T extends z.ZodType>(body: unknown, schema: T, handle: (input: z.output<T>) => OapiResult): OapiResult {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    const { field, message } = describeZodIssue(parsed.error, '');
    return OAPI_ERRORS.invalidParameter(`${field} ${message}`);
  }
  return handle(parsed.data);
}

const integer = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);
const agentId = z.union([z.number(), z.string()]).transform(String);

/** Splits a comma-separated id list, dropping empty entries. */
function splitList(list: string | undefined): string[] {
  return (list ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function unionIdOf(state: SimulatorState, userid: string): string {
  return createHash('sha256').update(`${state.corpId}:${userid}`).digest('base64url').slice(0, 22);
}

function userDetail(state: SimulatorState, user: SimulatorUser): Record<string, unknown> {
  const leaderIn = new Set(user.leaderInDepts ?? []);
  const detail = {
    userid: user.userid,
    unionid: unionIdOf(state, user.userid),
    name: user.name,
    mobile: user.mobile,
    title: user.title,
    dept_id_list: user.deptIds,
    leader_in_dept: user.deptIds.map((deptId) => ({ dept_id: deptId, leader: leaderIn.has(deptId) })),
    manager_userid: '',
    active: true,
    admin: false,
    boss: false,
    real_authed: true,
  };
  if (state.userDetailFormat === 'typed') return detail;

  return {
    ...detail,
    dept_id_list: JSON.stringify(detail.dept_id_list),
    leader_in_dept: detail.leader_in_dept.map((entry) => ({ dept_id: String(entry.dept_id), leader: String(entry.leader) })),
    active: 'true',
    admin: 'false',
    boss: 'false',
    real_authed: 'true',
  };
}

/** Parses `msg`, which clients send as a JSON object or as a string holding one. */
function parseWorkNotificationMsg(rawMsg: unknown): OapiError | { msg: z.output<typeof workNotificationMessageSchema> } {
  let msg = rawMsg;
  if (typeof rawMsg === 'string') {
    try {
      msg = JSON.parse(rawMsg);
    } catch {
      return OAPI_ERRORS.invalidParameter('msg 不是合法的JSON');
    }
  }

  const bytes = workNotificationByteLength(rawMsg);
  if (bytes > WORK_NOTIFICATION_LIMITS.maxMessageBytes) {
    return OAPI_ERRORS.invalidParameter(`msg 为 ${bytes} 字节，超过 ${WORK_NOTIFICATION_LIMITS.maxMessageBytes} 字节`);
  }

  const msgtype = typeof msg === 'object' && msg !== null ? (msg as Record<string, unknown>)['msgtype'] : undefined;
  if (!WORK_NOTIFICATION_MSGTYPES.some((known) => known === msgtype)) {
    return OAPI_ERRORS.invalidParameter(`不支持的消息类型 ${String(msgtype)}`);
  }

  const parsed = workNotificationMessageSchema.safeParse(msg);
  if (!parsed.success) {
    const { field, message } = describeZodIssue(parsed.error, 'msg');
    return OAPI_ERRORS.invalidParameter(`${field} ${message}`);
  }
  return { msg: parsed.data };
}

const sendBody = z.object({
  agent_id: agentId,
  userid_list: z.string().optional(),
  dept_id_list: z.string().optional(),
  to_all_user: z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]).optional(),
  msg: z.unknown(),
});

const taskBody = z.object({ agent_id: agentId, task_id: integer });

export function dingTalkRouter(state: SimulatorState): Router {
  const router = new Router();

  router.get('/gettoken', (ctx) => {
    if (!state.credentialsMatch(firstQueryValue(ctx.query['appkey']), firstQueryValue(ctx.query['appsecret']))) {
      ctx.body = { ...OAPI_ERRORS.badCredentials, request_id: requestId() };
      return;
    }
    const { accessToken, expiresInSeconds } = state.issueAccessToken();
    ctx.body = { errcode: 0, errmsg: 'ok', access_token: accessToken, expires_in: expiresInSeconds };
  });

  router.post('/v1.0/oauth2/accessToken', (ctx) => {
    const body = ctx.request.is('json') ? (ctx.request.body as Record<string, unknown> | undefined) : undefined;
    if (!body) {
      ctx.status = 400;
      ctx.body = { code: 'MissingBody', message: '请求体须为JSON', requestid: requestId() };
      return;
    }
    if (!state.credentialsMatch(body['appKey'], body['appSecret'])) {
      ctx.status = 400;
      ctx.body = { code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret', requestid: requestId() };
      return;
    }
    const { accessToken, expiresInSeconds } = state.issueAccessToken();
    ctx.body = { accessToken, expireIn: expiresInSeconds };
  });

  router.post(OPEN_CONNECTION_PATH, (ctx) => {
    const body: unknown = ctx.request.is('json') ? ctx.request.body : undefined;
    if (body === undefined) {
      ctx.status = 400;
      ctx.body = { code: 'MissingBody', message: '请求体须为JSON', requestid: requestId() };
      return;
    }

    const parsed = openConnectionRequestSchema.safeParse(body);
    if (!parsed.success) {
      const { field, message } = describeZodIssue(parsed.error, '');
      ctx.status = 400;
      ctx.body = { code: 'InvalidParameter', message: `参数无效：${field} ${message}`, requestid: requestId() };
      return;
    }
    // NOTE: the gateway's error code for wrong credentials is not documented. The simulator returns the
    // one of /v1.0/oauth2/accessToken.
    if (!state.credentialsMatch(parsed.data.clientId, parsed.data.clientSecret)) {
      ctx.status = 400;
      ctx.body = { code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret', requestid: requestId() };
      return;
    }

    const issued = state.stream.issueTicket(parsed.data.subscriptions);
    if (issued === undefined) {
      ctx.status = 503;
      ctx.body = { code: 'ServiceUnavailable', message: 'Stream网关未启动', requestid: requestId() };
      return;
    }
    ctx.body = issued;
  });

  router.post(
    '/topapi/v2/user/getuserinfo',
    oapiPost(state, z.object({ code: z.string() }), ({ code }) => {
      const user = state.redeemAuthCode(code);
      if (!user) return OAPI_ERRORS.invalidAuthCode;

      return {
        result: {
          userid: user.userid,
          name: user.name,
          unionid: unionIdOf(state, user.userid),
          sys: false,
          sys_level: 0,
          device_id: randomBytes(16).toString('hex'),
        },
      };
    }),
  );

  router.post(
    '/topapi/v2/user/get',
    oapiPost(state, z.object({ userid: z.string(), language: z.string().optional() }), ({ userid }) => {
      const user = state.directory.users.get(userid);
      if (!user) return OAPI_ERRORS.noSuchUser;
      return { result: userDetail(state, user) };
    }),
  );

  router.post(
    '/topapi/v2/department/listsub',
    oapiPost(state, z.object({ dept_id: integer.optional(), language: z.string().optional() }), ({ dept_id }) => {
      const deptId = dept_id ?? 1;
      if (!state.directory.hasDepartment(deptId)) return OAPI_ERRORS.noSuchDepartment;

      const children = state.directory.childDepartments(deptId);
      return { result: children.map((child) => ({ dept_id: child.deptId, name: child.name, parent_id: deptId })) };
    }),
  );

  // Pages are offsets into the department's members in userid order; `next_cursor` is the next offset.
  router.post(
    '/topapi/v2/user/list',
    oapiPost(
      state,
      z.object({ dept_id: integer, cursor: integer, size: integer, language: z.string().optional(), contain_access_limit: z.boolean().optional() }),
      ({ dept_id, cursor, size }) => {
        if (size < 1 || size > 100) return OAPI_ERRORS.invalidParameter(`size 应在 1 到 100 之间，实际为 ${size}`);
        if (!state.directory.hasDepartment(dept_id)) return OAPI_ERRORS.noSuchDepartment;

        const members = state.directory.directMembers(dept_id);
        const page = members.slice(cursor, cursor + size);
        const hasMore = cursor + size < members.length;
        return {
          result: {
            has_more: hasMore,
            ...(hasMore ? { next_cursor: cursor + size } : {}),
            list: page.map((user) => ({
              userid: user.userid,
              unionid: unionIdOf(state, user.userid),
              name: user.name,
              mobile: user.mobile,
              title: user.title,
              dept_id_list: user.deptIds,
              leader: (user.leaderInDepts ?? []).includes(dept_id),
              active: true,
              admin: false,
              boss: false,
            })),
          },
        };
      },
    ),
  );

  router.post(
    '/topapi/message/corpconversation/asyncsend_v2',
    oapiPost(state, sendBody, (body) => {
      if (body.agent_id !== state.agentId) return OAPI_ERRORS.invalidAgentId;

      const parsed = parseWorkNotificationMsg(body.msg);
      if ('errcode' in parsed) return parsed;

      const userIds = splitList(body.userid_list);
      const deptIds = splitList(body.dept_id_list);
      const { maxUserIdsPerCall, maxDeptIdsPerCall } = WORK_NOTIFICATION_LIMITS;
      if (userIds.length > maxUserIdsPerCall) {
        return OAPI_ERRORS.invalidParameter(`userid_list 有 ${userIds.length} 个，最多 ${maxUserIdsPerCall} 个`);
      }
      if (deptIds.length > maxDeptIdsPerCall) {
        return OAPI_ERRORS.invalidParameter(`dept_id_list 有 ${deptIds.length} 个，最多 ${maxDeptIdsPerCall} 个`);
      }
      if (deptIds.some((deptId) => !/^\d+$/.test(deptId))) return OAPI_ERRORS.invalidParameter('dept_id_list 须为数字');
      if (userIds.length === 0 && deptIds.length === 0 && body.to_all_user !== true) {
        return OAPI_ERRORS.invalidParameter('userid_list、dept_id_list、to_all_user 至少填一项');
      }

      const task = state.notificationStore.send({
        userIds,
        deptIds: deptIds.map(Number),
        toAllUser: body.to_all_user === true,
        msg: parsed.msg,
      });
      return { task_id: task.taskId };
    }),
  );

  router.post(
    '/topapi/message/corpconversation/getsendprogress',
    oapiPost(state, taskBody, (body) => {
      if (body.agent_id !== state.agentId) return OAPI_ERRORS.invalidAgentId;
      if (!state.notificationStore.task(body.task_id)) return OAPI_ERRORS.invalidParameter('task_id 不存在');

      // The simulator delivers inside the asyncsend_v2 call, so every task it has recorded is finished.
      return { progress: { progress_in_percent: 100, status: 2 } };
    }),
  );

  router.post(
    '/topapi/message/corpconversation/getsendresult',
    oapiPost(state, taskBody, (body) => {
      if (body.agent_id !== state.agentId) return OAPI_ERRORS.invalidAgentId;

      // NOTE: DingTalk does not document its response for an unknown task or one older than 24 hours, so
      // the simulator returns empty lists.
      const result = state.notificationStore.sendResult(body.task_id);
      const forbidden = result?.forbidden ?? [];
      return {
        send_result: {
          read_user_id_list: result?.readUserIds ?? [],
          unread_user_id_list: result?.unreadUserIds ?? [],
          failed_user_id_list: [],
          forbidden_user_id_list: forbidden.map((entry) => entry.userid),
          invalid_user_id_list: result?.invalidUserIds ?? [],
          invalid_dept_id_list: result?.invalidDeptIds ?? [],
          forbidden_list: forbidden.map((entry) => ({ code: entry.code, count: 1, userid: entry.userid })),
        },
      };
    }),
  );

  router.post('/robot/send', (ctx) => {
    const result = state.robotStore.receive({
      accessToken: firstQueryValue(ctx.query['access_token']),
      timestamp: firstQueryValue(ctx.query['timestamp']),
      sign: firstQueryValue(ctx.query['sign']),
      isJson: Boolean(ctx.request.is('json')),
      body: ctx.request.body,
    });
    ctx.body = result;
  });

  return router;
}
