/**
 * Everything the simulator has issued and received, with the methods tests use to act as DingTalk's users
 * (issue an auth code, open a message) and to inspect what the product sent.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';

import type { DingTalkLogger } from '../dingtalk/http.ts';
import { Directory } from './directory.ts';
import { OAPI_ERRORS, type OapiError } from './errcodes.ts';
import { ROBOT_MESSAGE_TOPIC } from '../stream/protocol.ts';
import { RobotConversations, type RobotMessageInput, type SentRobotMessage } from './robot-conversations.ts';
import { RobotStore } from './robots.ts';
import { StreamGateway } from './stream-gateway.ts';
import type {
  InjectedError,
  RequestLogEntry,
  RobotMessageRecord,
  SimulatorOptions,
  SimulatorUser,
  WorkNotificationRecord,
} from './types.ts';
import { WorkNotificationStore } from './work-notifications.ts';

/** Lifetime of an access token: 7200 s. */
export const ACCESS_TOKEN_LIFETIME_MS = 7200 * 1000;
/** Lifetime of a login-free auth code: 5 minutes. */
export const AUTH_CODE_LIFETIME_MS = 5 * 60 * 1000;

interface IssuedToken {
  expiresAt: number;
}

interface IssuedAuthCode {
  userid: string;
  expiresAt: number;
}

export class SimulatorState {
  readonly corpId: string;
  readonly appKey: string;
  readonly agentId: string;
  readonly userDetailFormat: 'typed' | 'quoted';
  readonly directory: Directory;
  readonly notificationStore: WorkNotificationStore;
  readonly robotStore: RobotStore;
  readonly stream: StreamGateway;
  readonly robotConversations: RobotConversations;
  readonly now: () => number;
  readonly logger: DingTalkLogger | undefined;

  /** Every request the simulator received, without query strings (they carry tokens). */
  requests: RequestLogEntry[] = [];
  /** The simulator's base URL once it listens, such as `http://127.0.0.1:41234`. */
  url: string | undefined;

  private readonly appSecret: string;
  private tokens = new Map<string, IssuedToken>();
  private currentToken: string | undefined;
  private authCodes = new Map<string, IssuedAuthCode>();
  private injectedErrors: (InjectedError & { times: number })[] = [];

  constructor(options: SimulatorOptions) {
    this.corpId = options.corpId;
    this.appKey = options.appKey;
    this.appSecret = options.appSecret;
    this.agentId = String(options.agentId);
    this.userDetailFormat = options.userDetailFormat ?? 'typed';
    this.now = options.now ?? Date.now;
    this.logger = options.logger;
    this.directory = new Directory(options.users, options.departments);
    this.notificationStore = new WorkNotificationStore(this.directory, this.now);
    this.robotStore = new RobotStore(options.robots, this.now);
    this.stream = new StreamGateway({
      redeliveryMs: options.streamRedeliveryMs ?? 60_000,
      maxDeliveries: options.streamMaxDeliveries ?? 3,
      pingIntervalMs: options.streamPingIntervalMs ?? 30_000,
      now: this.now,
      logger: this.logger,
    });
    this.robotConversations = new RobotConversations(this.directory, this.robotStore, { corpId: this.corpId, appKey: this.appKey }, this.now);
  }

  /** Takes the URL the simulator listens on and serves the Stream gateway's WebSocket endpoint there. */
  attachServer(server: Server, url: string): void {
    this.url = url;
    this.stream.attach(server, url);
  }

  /**
   * Sends a text to the app robot as the person would in DingTalk: the message goes to the robot's Stream
   * connection as a CALLBACK frame, and is sent again while its ack is missing.
   */
  sendRobotMessage(input: RobotMessageInput): SentRobotMessage {
    if (this.url === undefined) throw new Error('the simulator must listen before it can send robot messages');

    const { body, conversation } = this.robotConversations.compose(input, this.url);
    const record = this.stream.pushCallback(ROBOT_MESSAGE_TOPIC, JSON.stringify(body));
    const sent: SentRobotMessage = {
      msgId: body.msgId,
      messageId: record.messageId,
      conversationKey: conversation.key,
      userid: body.senderStaffId,
      senderNick: body.senderNick,
      text: input.text,
      sentAt: body.createAt,
    };
    this.robotConversations.record(sent);
    return sent;
  }

  /** Returns whether the app key and secret match the simulated app. */
  credentialsMatch(appKey: unknown, appSecret: unknown): boolean {
    return appKey === this.appKey && appSecret === this.appSecret;
  }

  /**
   * Returns the app's access token and its lifetime in seconds. Inside the token's lifetime this is the same
   * token, and its lifetime starts again, as DingTalk's gettoken documentation describes.
   */
  issueAccessToken(): { accessToken: string; expiresInSeconds: number } {
    const now = this.now();
    const current = this.currentToken === undefined ? undefined : this.tokens.get(this.currentToken);

    let accessToken = this.currentToken;
    if (accessToken === undefined || !current || current.expiresAt <= now) {
      accessToken = randomBytes(16).toString('hex');
      this.currentToken = accessToken;
    }
    this.tokens.set(accessToken, { expiresAt: now + ACCESS_TOKEN_LIFETIME_MS });
    return { accessToken, expiresInSeconds: ACCESS_TOKEN_LIFETIME_MS / 1000 };
  }

  /** Returns undefined for a valid token, else the error DingTalk returns: 40014 unknown, 42001 expired. */
  checkAccessToken(accessToken: unknown): OapiError | undefined {
    const issued = typeof accessToken === 'string' ? this.tokens.get(accessToken) : undefined;
    if (!issued) return OAPI_ERRORS.invalidToken;
    if (issued.expiresAt <= this.now()) return OAPI_ERRORS.expiredToken;
    return undefined;
  }

  /** Ends the lifetime of every issued token now, as if DingTalk had revoked them. */
  expireAccessTokens(): void {
    const now = this.now();
    for (const token of this.tokens.values()) token.expiresAt = now;
  }

  /** Issues the auth code that `dd.requestAuthCode` returns inside DingTalk for this person. */
  issueAuthCode(userid: string): string {
    if (!this.directory.users.has(userid)) throw new Error(`no simulated user has the userid ${userid}`);

    const code = randomBytes(16).toString('hex');
    this.authCodes.set(code, { userid, expiresAt: this.now() + AUTH_CODE_LIFETIME_MS });
    return code;
  }

  /** Returns the code's user and invalidates the code, or undefined when it is unknown, used or expired. */
  redeemAuthCode(code: unknown): SimulatorUser | undefined {
    if (typeof code !== 'string') return undefined;

    const issued = this.authCodes.get(code);
    this.authCodes.delete(code);
    if (!issued || issued.expiresAt <= this.now()) return undefined;
    return this.directory.users.get(issued.userid);
  }

  /** Every work notification received, one record per recipient, delivered or dropped, oldest first. */
  get workNotifications(): readonly WorkNotificationRecord[] {
    return this.notificationStore.all();
  }

  /** Every message posted through any robot, oldest first. */
  get robotMessages(): readonly RobotMessageRecord[] {
    return this.robotStore.allMessages();
  }

  /** Returns the work notifications addressed to the person, delivered or dropped, oldest first. */
  messagesFor(userid: string): WorkNotificationRecord[] {
    return this.notificationStore.messagesFor(userid);
  }

  /** Marks a delivered work notification as opened by its recipient. */
  markRead(userid: string, taskId: number): WorkNotificationRecord {
    return this.notificationStore.markRead(userid, taskId);
  }

  /** Returns the messages posted through the robot with this access token, oldest first. */
  groupMessages(robotToken: string): RobotMessageRecord[] {
    return this.robotStore.messages(robotToken);
  }

  /** Makes the next requests to `error.path` fail with the given oapi error instead of being handled. */
  injectError(error: InjectedError): void {
    this.injectedErrors.push({ ...error, times: error.times ?? 1 });
  }

  /** Consumes one injected error for the path, if any. */
  takeInjectedError(path: string): InjectedError | undefined {
    const error = this.injectedErrors.find((candidate) => candidate.path === path);
    if (!error) return undefined;

    error.times -= 1;
    if (error.times <= 0) this.injectedErrors = this.injectedErrors.filter((candidate) => candidate !== error);
    return error;
  }

  /** Number of received requests to the path. */
  requestCount(path: string): number {
    return this.requests.filter((request) => request.path === path).length;
  }

  /**
   * Forgets every token, auth code, message, rate-limit window, injected error and logged request. The
   * configured users, departments and robots stay.
   */
  reset(): void {
    this.tokens.clear();
    this.currentToken = undefined;
    this.authCodes.clear();
    this.injectedErrors = [];
    this.requests = [];
    this.notificationStore.reset();
    this.robotStore.reset();
    this.stream.reset();
    this.robotConversations.reset();
  }

  /** Returns a JSON-ready copy of the state for GET /_sim/state, without the app secret and robot secrets. */
  snapshot() {
    return {
      corpId: this.corpId,
      appKey: this.appKey,
      agentId: this.agentId,
      now: this.now(),
      users: [...this.directory.users.values()],
      departments: [...this.directory.departments.values()],
      workNotifications: this.notificationStore.all(),
      robots: this.robotStore.configs().map((robot) => ({
        name: robot.name,
        accessToken: robot.accessToken,
        signed: robot.secret !== undefined,
        keywords: robot.keywords ?? [],
        disabled: robot.disabled ?? false,
        messages: this.robotStore.messages(robot.accessToken),
      })),
      stream: {
        openConnections: this.stream.openConnections,
        connectionsOpened: this.stream.connectionsOpened,
        messages: this.stream.messages,
      },
      requests: this.requests,
    };
  }
}
