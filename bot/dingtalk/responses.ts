/**
 * Schemas of the DingTalk responses the client reads, each turning the documented snake_case body into the
 * camelCase value the client returns. DingTalk's samples show some numbers, booleans and even arrays
 * quoted as strings ("12", "true", "[1,2]"), so every scalar here accepts both forms.
 */
import { z } from 'zod';

const looseInt = z.union([z.number().int(), z.string().regex(/^-?\d+$/).transform(Number)]);

const looseBoolean = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);

function parseJsonArrayString(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function looseArray<T extends z.ZodType>(item: T) {
  return z.preprocess(parseJsonArrayString, z.array(item));
}

export const tokenResponseSchema = z
  .object({ access_token: z.string().min(1), expires_in: looseInt.pipe(z.number().positive()) })
  .transform((body) => ({ accessToken: body.access_token, expiresInSeconds: body.expires_in }));

export const apiTokenResponseSchema = z
  .object({ accessToken: z.string().min(1), expireIn: looseInt.pipe(z.number().positive()) })
  .transform((body) => ({ accessToken: body.accessToken, expiresInSeconds: body.expireIn }));

export const loginUserResponseSchema = z
  .object({
    result: z.object({
      userid: z.string().min(1),
      name: z.string().optional(),
      unionid: z.string().optional(),
      sys: looseBoolean.optional(),
      sys_level: looseInt.optional(),
      device_id: z.string().optional(),
    }),
  })
  .transform(({ result }) => ({
    userId: result.userid,
    name: result.name,
    unionId: result.unionid,
    isAdmin: result.sys ?? false,
    /** 1 main admin, 2 sub admin, 100 boss, 0 everyone else. */
    sysLevel: result.sys_level ?? 0,
    deviceId: result.device_id,
  }));
/** The person behind a login-free auth code. */
export type DingTalkLoginUser = z.output<typeof loginUserResponseSchema>;

export const userResponseSchema = z
  .object({
    result: z.object({
      userid: z.string().min(1),
      unionid: z.string().optional(),
      name: z.string(),
      mobile: z.string().optional(),
      title: z.string().optional(),
      dept_id_list: looseArray(looseInt).optional(),
      leader_in_dept: looseArray(z.object({ dept_id: looseInt, leader: looseBoolean })).optional(),
      manager_userid: z.string().optional(),
      active: looseBoolean.optional(),
      admin: looseBoolean.optional(),
      boss: looseBoolean.optional(),
    }),
  })
  .transform(({ result }) => ({
    userId: result.userid,
    unionId: result.unionid,
    name: result.name,
    // mobile is present only when the app has the mobile-number permission.
    mobile: result.mobile,
    title: result.title,
    deptIds: result.dept_id_list ?? [],
    leaderInDepts: (result.leader_in_dept ?? []).filter((entry) => entry.leader).map((entry) => entry.dept_id),
    managerUserId: result.manager_userid || undefined,
    active: result.active ?? true,
    admin: result.admin ?? false,
    boss: result.boss ?? false,
  }));
/** A person's detail from the address book. */
export type DingTalkUser = z.output<typeof userResponseSchema>;

export const subDepartmentsResponseSchema = z
  .object({
    result: looseArray(z.object({ dept_id: looseInt, name: z.string(), parent_id: looseInt.optional() })),
  })
  .transform(({ result }) =>
    result.map((department) => ({ deptId: department.dept_id, name: department.name, parentId: department.parent_id })),
  );
/** A department, one level below the department that was listed. */
export type DingTalkDepartment = z.output<typeof subDepartmentsResponseSchema>[number];

/**
 * One page of /topapi/v2/user/list (获取部门用户详情). DINGTALK.md does not cover this call, so the shape
 * follows DingTalk's published page for it: `result.list` of user details, `has_more` and
 * `next_cursor`, and `leader` telling whether the person leads the department that was listed.
 */
export const departmentUsersResponseSchema = z
  .object({
    result: z.object({
      has_more: looseBoolean,
      next_cursor: looseInt.optional(),
      list: looseArray(
        z.object({
          userid: z.string().min(1),
          name: z.string(),
          mobile: z.string().optional(),
          title: z.string().optional(),
          dept_id_list: looseArray(looseInt).optional(),
          leader: looseBoolean.optional(),
          active: looseBoolean.optional(),
        }),
      ),
    }),
  })
  .transform(({ result }) => ({
    hasMore: result.has_more,
    nextCursor: result.next_cursor,
    users: result.list.map((user) => ({
      userId: user.userid,
      name: user.name,
      // mobile is present only when the app has the mobile-number permission.
      mobile: user.mobile,
      title: user.title,
      deptIds: user.dept_id_list ?? [],
      leader: user.leader ?? false,
      active: user.active ?? true,
    })),
  }));
/** One page of a department's members. */
export type DepartmentUsersPage = z.output<typeof departmentUsersResponseSchema>;
/** A member of a department, as listed with the department. */
export type DepartmentUser = DepartmentUsersPage['users'][number];

export const sendWorkNotificationResponseSchema = z
  .object({ task_id: looseInt, request_id: z.string().optional() })
  .transform((body) => ({ taskId: body.task_id }));

export const sendProgressResponseSchema = z
  .object({
    progress: z.object({ progress_in_percent: looseInt, status: looseInt }),
  })
  .transform(({ progress }) => ({
    progressInPercent: progress.progress_in_percent,
    /** 0 not started, 1 in progress, 2 finished. */
    status: progress.status,
  }));
/** How far DingTalk has got with delivering one work-notification task. */
export type SendProgress = z.output<typeof sendProgressResponseSchema>;

const userIdList = looseArray(z.string()).optional();

export const sendResultResponseSchema = z
  .object({
    send_result: z.object({
      read_user_id_list: userIdList,
      unread_user_id_list: userIdList,
      failed_user_id_list: userIdList,
      forbidden_user_id_list: userIdList,
      invalid_user_id_list: userIdList,
      invalid_dept_id_list: looseArray(looseInt).optional(),
      forbidden_list: looseArray(z.object({ code: looseInt, count: looseInt, userid: z.string() })).optional(),
    }),
  })
  .transform(({ send_result: result }) => ({
    readUserIds: result.read_user_id_list ?? [],
    unreadUserIds: result.unread_user_id_list ?? [],
    failedUserIds: result.failed_user_id_list ?? [],
    forbiddenUserIds: result.forbidden_user_id_list ?? [],
    invalidUserIds: result.invalid_user_id_list ?? [],
    invalidDeptIds: result.invalid_dept_id_list ?? [],
    /** Why each forbidden person got nothing: 143103/143104 per-minute, 143105 daily cap, 143106 duplicate. */
    forbidden: (result.forbidden_list ?? []).map((entry) => ({
      userId: entry.userid,
      code: entry.code,
      count: entry.count,
    })),
  }));
/** Read, unread and undelivered recipients of one work-notification task over the last 24 hours. */
export type SendResult = z.output<typeof sendResultResponseSchema>;

export const robotSendResponseSchema = z.looseObject({});
