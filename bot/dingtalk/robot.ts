/**
 * Sends messages through a custom group robot (自定义机器人) webhook, signed with the robot's secret when it
 * has one. Also posts replies to the `sessionWebhook` of a message received by the app's own robot.
 */
import { DingTalkRequestError } from './errors.ts';
import {
  callOapi,
  DEFAULT_OAPI_BASE_URL,
  DEFAULT_TIMEOUT_MS,
  maskSecret,
  type DingTalkLogger,
  type FetchFunction,
} from './http.ts';
import { describeZodIssue, robotMessageSchema, type RobotMessage } from './messages.ts';
import { robotSendResponseSchema } from './responses.ts';
import { signRobotWebhookUrl } from './signature.ts';

export interface RobotWebhookOptions {
  /** Base URL of the oapi host, used with `accessToken`. Default: https://oapi.dingtalk.com */
  oapiBaseUrl?: string;
  /** Clock in milliseconds since the epoch, used for the signed timestamp. Default: Date.now */
  now?: () => number;
  /** Timeout in ms of one HTTP request. Default: 10 seconds. */
  timeoutMs?: number;
  logger?: DingTalkLogger;
  /** HTTP client. Default: the global fetch. */
  fetch?: FetchFunction;
}

/** Destination of a robot message: a robot's access token on the oapi host, or a complete webhook URL. */
export type RobotTarget = { accessToken: string; webhookUrl?: never } | { webhookUrl: string; accessToken?: never };

export type SendRobotMessageInput = RobotTarget & {
  /** The robot's signing secret (starts with `SEC`). Without it the request is sent unsigned. */
  secret?: string;
  body: RobotMessage;
  /** Idempotency key: DingTalk posts a message with a `msgUuid` it has already seen only once. */
  msgUuid?: string;
};

export class RobotWebhook {
  private readonly oapiBaseUrl: string;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private readonly logger: DingTalkLogger | undefined;
  private readonly fetch: FetchFunction;

  constructor(options: RobotWebhookOptions = {}) {
    this.oapiBaseUrl = (options.oapiBaseUrl ?? DEFAULT_OAPI_BASE_URL).replace(/\/+$/, '');
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.logger = options.logger;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /**
   * Posts one message to the robot's group. Throws DingTalkRequestError when the body breaks the documented
   * shape (nothing is sent), and DingTalkError when DingTalk rejects it: 310000 for a failed signature,
   * timestamp or keyword check, 130101 or 410100 when the robot sent too much in the last minute.
   */
  async send(input: SendRobotMessageInput): Promise<void> {
    const api = 'robot/send';

    const parsed = robotMessageSchema.safeParse(input.body);
    if (!parsed.success) {
      const { field, message } = describeZodIssue(parsed.error, 'body');
      throw new DingTalkRequestError(api, field, message);
    }

    const unsignedUrl = this.webhookUrl(input);
    const url = input.secret ? signRobotWebhookUrl(unsignedUrl, input.secret, this.now()) : unsignedUrl;
    const body = input.msgUuid === undefined ? input.body : { ...input.body, msgUuid: input.msgUuid };

    await callOapi({ api, url, method: 'POST', body, fetch: this.fetch, timeoutMs: this.timeoutMs }, robotSendResponseSchema);
    this.logger?.info(
      { robot: robotLabel(input), msgtype: input.body.msgtype, msgUuid: input.msgUuid },
      'DingTalk robot message sent',
    );
  }

  private webhookUrl(target: RobotTarget): string {
    if (target.webhookUrl !== undefined) return target.webhookUrl;

    const url = new URL(`${this.oapiBaseUrl}/robot/send`);
    url.searchParams.set('access_token', target.accessToken);
    return url.toString();
  }
}

/** Sends one robot message with a RobotWebhook built from `options`. */
export async function sendRobotMessage(input: SendRobotMessageInput, options: RobotWebhookOptions = {}): Promise<void> {
  await new RobotWebhook(options).send(input);
}

/** Names a robot in logs without its access token. */
function robotLabel(target: RobotTarget): string {
  if (target.accessToken !== undefined) return maskSecret(target.accessToken);

  const url = new URL(target.webhookUrl);
  const token = url.searchParams.get('access_token') ?? url.searchParams.get('session');
  return `${url.host}${url.pathname}${token ? ` ${maskSecret(token)}` : ''}`;
}
