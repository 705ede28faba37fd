export { DingTalkClient, DEFAULT_TOKEN_RENEWAL_MARGIN_MS, DEPARTMENT_USERS_PAGE_SIZE } from './client.ts';
export type { DingTalkClientOptions, SendWorkNotificationInput } from './client.ts';
export {
  DingTalkError,
  DingTalkHttpError,
  DingTalkRequestError,
  WorkNotificationPartialError,
} from './errors.ts';
export type { WorkNotificationTask } from './errors.ts';
export { DEFAULT_API_BASE_URL, DEFAULT_OAPI_BASE_URL, maskSecret } from './http.ts';
export type { DingTalkLogger, FetchFunction } from './http.ts';
export {
  ROBOT_MSGTYPES,
  robotMessageSchema,
  robotMessageText,
  WORK_NOTIFICATION_LIMITS,
  WORK_NOTIFICATION_MSGTYPES,
  workNotificationByteLength,
  workNotificationMessageSchema,
} from './messages.ts';
export type { RobotMessage, RobotMsgType, WorkNotificationMessage, WorkNotificationMsgType } from './messages.ts';
export type { DepartmentUser, DepartmentUsersPage, DingTalkDepartment, DingTalkLoginUser, DingTalkUser, SendProgress, SendResult } from './responses.ts';
export { RobotWebhook, sendRobotMessage } from './robot.ts';
export type { RobotTarget, RobotWebhookOptions, SendRobotMessageInput } from './robot.ts';
export {
  computeRobotSignParam,
  computeSignature,
  SIGNATURE_MAX_SKEW_MS,
  signRobotWebhookUrl,
  verifySignature,
} from './signature.ts';
export type { SignatureCheck } from './signature.ts';
