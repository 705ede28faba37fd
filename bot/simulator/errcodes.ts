/**
 * The oapi error codes the simulator returns, with errmsg texts in DingTalk's style. Clients must branch on
 * the code only.
 */
export interface OapiError {
  errcode: number;
  errmsg: string;
}

function oapiError(errcode: number, errmsg: string): OapiError {
  return { errcode, errmsg };
}

export const OAPI_ERRORS = {
  badCredentials: oapiError(40001, 'appkey或appsecret不正确'),
  invalidToken: oapiError(40014, '不合法的access_token'),
  expiredToken: oapiError(42001, 'access_token已过期'),
  invalidAuthCode: oapiError(40078, '不存在的临时授权码'),
  noSuchDepartment: oapiError(60003, '部门不存在'),
  badContentType: oapiError(43004, '无效的HTTP HEADER Content-Type'),
  // NOTE: DingTalk does not document the next three error responses for these endpoints. 60121 (unknown
  // userid) and 40056 (unknown agent_id) come from its global error-code list and are unverified here.
  // 40035 is used for every other invalid parameter, such as a msg over 2048 bytes or over 100 userids.
  noSuchUser: oapiError(60121, '找不到该用户'),
  invalidAgentId: oapiError(40056, '不合法的agentid'),
  invalidParameter: (detail: string) => oapiError(40035, `不合法的参数：${detail}`),

  robotNoToken: oapiError(400101, 'access_token不存在'),
  robotDisabled: oapiError(400102, '机器人已停用'),
  robotUnsupportedMsgtype: oapiError(400105, '不支持的消息类型'),
  robotSignMismatch: oapiError(310000, 'sign not match'),
  robotInvalidTimestamp: oapiError(310000, 'invalid timestamp'),
  robotKeywordMissing: oapiError(310000, 'keywords not in content'),
  robotTooFast: oapiError(130101, 'send too fast'),
  robotBlocked: oapiError(410100, '发送速度太快而限流'),
} as const;
