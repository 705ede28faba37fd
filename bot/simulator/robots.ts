/**
 * Custom group robots of the simulated company and the messages posted through them. DingTalk's checks
 * are applied in this order: Content-Type, token, signature and timestamp, msgUuid replay, throttling,
 * message type and shape, keywords, and the limit of 20 messages per minute.
 */
import { describeZodIssue, ROBOT_MSGTYPES, robotMessageSchema, robotMessageText } from '../dingtalk/messages.ts';
import { verifySignature } from '../dingtalk/signature.ts';
import { OAPI_ERRORS, type OapiError } from './errcodes.ts';
import type { RobotMessageRecord, SimulatorRobot } from './types.ts';

const MINUTE_MS = 60 * 1000;
const MAX_MESSAGES_PER_MINUTE = 20;
const BLOCK_MS = 10 * MINUTE_MS;

const OK: OapiError = { errcode: 0, errmsg: 'ok' };

export interface RobotSendRequest {
  accessToken: string | undefined;
  timestamp: string | undefined;
  /** The `sign` query parameter after URL decoding, so plain base64. */
  sign: string | undefined;
  /** Whether the request's Content-Type is application/json. */
  isJson: boolean;
  body: unknown;
}

interface RobotState {
  config: SimulatorRobot;
  messages: RobotMessageRecord[];
  acceptedAt: number[];
  blockedUntil: number;
  msgUuids: Set<string>;
}

export class RobotStore {
  private readonly robots = new Map<string, RobotState>();
  private received: RobotMessageRecord[] = [];

  constructor(
    robots: readonly SimulatorRobot[],
    private readonly now: () => number,
  ) {
    for (const config of robots) this.addRobot(config);
  }

  /** Adds a robot, such as the one behind a conversation's sessionWebhook. */
  addRobot(config: SimulatorRobot): void {
    if (this.robots.has(config.accessToken)) throw new Error(`simulator robots: duplicate accessToken for ${config.name}`);
    this.robots.set(config.accessToken, { config, messages: [], acceptedAt: [], blockedUntil: 0, msgUuids: new Set() });
  }

  /** Handles one POST /robot/send and returns the errcode and errmsg that DingTalk would return. */
  receive(request: RobotSendRequest): OapiError {
    const now = this.now();
    if (!request.isJson) return OAPI_ERRORS.badContentType;

    const robot = request.accessToken === undefined ? undefined : this.robots.get(request.accessToken);
    if (!robot) return OAPI_ERRORS.robotNoToken;
    if (robot.config.disabled) return OAPI_ERRORS.robotDisabled;

    if (robot.config.secret !== undefined) {
      const check = verifySignature({ timestamp: request.timestamp, sign: request.sign, secret: robot.config.secret, now });
      if (!check.valid) {
        const timestampFailed = check.reason === 'invalid-timestamp' || check.reason === 'stale-timestamp' || !request.timestamp;
        return timestampFailed ? OAPI_ERRORS.robotInvalidTimestamp : OAPI_ERRORS.robotSignMismatch;
      }
    }

    // A retry of a message already posted changes nothing and succeeds.
    const msgUuid = readMsgUuid(request.body);
    if (msgUuid !== undefined && robot.msgUuids.has(msgUuid)) return OK;

    if (now < robot.blockedUntil) return OAPI_ERRORS.robotBlocked;

    const msgtype = isObject(request.body) ? request.body['msgtype'] : undefined;
    if (!ROBOT_MSGTYPES.some((known) => known === msgtype)) return OAPI_ERRORS.robotUnsupportedMsgtype;

    const parsed = robotMessageSchema.safeParse(request.body);
    if (!parsed.success) {
      const { field, message } = describeZodIssue(parsed.error, '');
      return OAPI_ERRORS.invalidParameter(`${field} ${message}`);
    }

    const keywords = robot.config.keywords ?? [];
    const text = robotMessageText(parsed.data);
    if (keywords.length > 0 && !keywords.some((keyword) => text.includes(keyword))) {
      return OAPI_ERRORS.robotKeywordMissing;
    }

    robot.acceptedAt = robot.acceptedAt.filter((at) => at > now - MINUTE_MS);
    if (robot.acceptedAt.length >= MAX_MESSAGES_PER_MINUTE) {
      robot.blockedUntil = now + BLOCK_MS;
      return OAPI_ERRORS.robotTooFast;
    }

    const record: RobotMessageRecord = {
      robotToken: robot.config.accessToken,
      receivedAt: now,
      body: parsed.data,
      ...(msgUuid === undefined ? {} : { msgUuid }),
    };
    robot.acceptedAt.push(now);
    robot.messages.push(record);
    this.received.push(record);
    if (msgUuid !== undefined) robot.msgUuids.add(msgUuid);
    return OK;
  }

  /** Returns the messages the robot posted to its group, oldest first. */
  messages(accessToken: string): RobotMessageRecord[] {
    const robot = this.robots.get(accessToken);
    if (!robot) throw new Error(`no simulated robot has the access token ${accessToken.slice(0, 4)}…`);
    return robot.messages;
  }

  /** Returns the messages of every robot, oldest first. */
  allMessages(): readonly RobotMessageRecord[] {
    return this.received;
  }

  configs(): SimulatorRobot[] {
    return [...this.robots.values()].map((robot) => robot.config);
  }

  reset(): void {
    this.received = [];
    for (const robot of this.robots.values()) {
      robot.messages = [];
      robot.acceptedAt = [];
      robot.blockedUntil = 0;
      robot.msgUuids.clear();
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readMsgUuid(body: unknown): string | undefined {
  if (!isObject(body)) return undefined;
  const msgUuid = body['msgUuid'];
  return typeof msgUuid === 'string' && msgUuid !== '' ? msgUuid : undefined;
}
