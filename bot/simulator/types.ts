import type { DingTalkLogger } from '../dingtalk/http.ts';
import type { RobotMessage, WorkNotificationMessage } from '../dingtalk/messages.ts';

export interface SimulatorUser {
  userid: string;
  name: string;
  mobile: string;
  title: string;
  deptIds: number[];
  /** Departments this person leads. */
  leaderInDepts?: number[];
}

export interface SimulatorDepartment {
  deptId: number;
  name: string;
  /** Parent department; the root department (1) has none. */
  parentId?: number;
}

export interface SimulatorRobot {
  /** The `access_token` of the robot's webhook URL. */
  accessToken: string;
  /** Signing secret (starts with `SEC`). Without it the robot accepts unsigned requests. */
  secret?: string;
  /** Name of the group the robot posts to, shown on the simulator page. */
  name: string;
  /** Security keywords: when set, every message must contain at least one of them. */
  keywords?: string[];
  /** A robot switched off by the group owner responds with 400102. */
  disabled?: boolean;
}

export interface SimulatorOptions {
  corpId: string;
  appKey: string;
  appSecret: string;
  agentId: number | string;
  robots: SimulatorRobot[];
  users: SimulatorUser[];
  departments: SimulatorDepartment[];
  /** Clock in milliseconds since the epoch. Default: Date.now */
  now?: () => number;
  /**
   * Encoding of numbers, booleans and id lists in /topapi/v2/user/get responses: `typed` as JSON numbers,
   * booleans and arrays, `quoted` as strings, the way some of DingTalk's published samples show them.
   * Default: `typed`.
   */
  userDetailFormat?: 'typed' | 'quoted';
  /** Receives one line per start, stop and error response, so a demo shows why DingTalk rejected a call. */
  logger?: DingTalkLogger;
  /**
   * Time in ms after which the Stream gateway sends a message again when its ack is missing. The
   * dingtalk-stream package (2.1.5) documents that DingTalk retries for about 60 s. Default: 60 000.
   */
  streamRedeliveryMs?: number;
  /** Number of times the Stream gateway sends a message without an ack before it gives up. Default: 3. */
  streamMaxDeliveries?: number;
  /** Interval in ms of the Stream gateway's ping frames. Default: 30 000. */
  streamPingIntervalMs?: number;
}

/** Reason code for a work notification that DingTalk accepted for a person but did not deliver. */
export type DropCode = 143103 | 143105 | 143106;

export interface WorkNotificationRecord {
  taskId: number;
  userid: string;
  msg: WorkNotificationMessage;
  sentAt: number;
  delivery: 'delivered' | 'dropped';
  /** Set when `delivery` is `dropped`: 143103 per-minute cap, 143105 daily cap, 143106 same content today. */
  dropCode?: DropCode;
  read: boolean;
  readAt?: number;
}

export interface WorkNotificationTaskRecord {
  taskId: number;
  createdAt: number;
  msg: WorkNotificationMessage;
  deliveredUserIds: string[];
  forbidden: { userid: string; code: DropCode }[];
  invalidUserIds: string[];
  invalidDeptIds: number[];
}

export interface RobotMessageRecord {
  robotToken: string;
  receivedAt: number;
  body: RobotMessage;
  msgUuid?: string;
}

/** An oapi error that the simulator returns instead of handling the next requests to `path`. */
export interface InjectedError {
  /** Request path, such as `/topapi/v2/user/get` or `/robot/send`. */
  path: string;
  errcode: number;
  errmsg?: string;
  /** When set, the response is the errcode-88 envelope with this `sub_code`. */
  subCode?: number;
  /** Number of requests that get the error. Default: 1. */
  times?: number;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  at: number;
}
