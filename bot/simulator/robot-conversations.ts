/**
 * Conversations with the app robot: a one-to-one chat per person and one group chat. Each has a
 * sessionWebhook that is a robot of the simulator, so the replies posted to it are recorded like group
 * robot messages.
 */
import { createHash, randomBytes } from 'node:crypto';

import type { Directory } from './directory.ts';
import type { RobotStore } from './robots.ts';

/** "1" is a one-to-one chat with the robot, "2" a group chat in which someone @mentions it. */
export type ConversationType = '1' | '2';

export interface RobotMessageInput {
  /** The sender, a person of the simulated company. */
  userid: string;
  text: string;
  /** Default: "1". */
  conversationType?: ConversationType;
}

export interface RobotConversation {
  key: string;
  conversationType: ConversationType;
  conversationId: string;
  title: string;
  /** Access token of the simulator robot behind the conversation's sessionWebhook. */
  sessionToken: string;
}

/** A message a person sent to the app robot, as the simulator page lists it. */
export interface SentRobotMessage {
  msgId: string;
  /** Id of the Stream frame that carries the message, the key of its delivery and ack record. */
  messageId: string;
  conversationKey: string;
  userid: string;
  senderNick: string;
  text: string;
  sentAt: number;
}

/** Name of the simulated group chat in which the app robot is a member. */
export const ROBOT_GROUP_TITLE = '进度通机器人体验群';

// NOTE: DingTalk does not document how long a sessionWebhook stays valid, so 90 minutes is a guess. The
// simulator does not reject replies after it.
export const SESSION_WEBHOOK_LIFETIME_MS = 90 * 60 * 1000;

function opaqueId(seed: string): string {
  return createHash('sha256').update(seed).digest('base64url').slice(0, 22);
}

export class RobotConversations {
  private readonly conversations = new Map<string, RobotConversation>();
  private sent: SentRobotMessage[] = [];

  constructor(
    private readonly directory: Directory,
    private readonly robotStore: RobotStore,
    private readonly app: { corpId: string; appKey: string },
    private readonly now: () => number,
  ) {}

  /** Conversations in the order they started. */
  all(): RobotConversation[] {
    return [...this.conversations.values()];
  }

  /** Returns whether the robot token belongs to a conversation's sessionWebhook. */
  isSessionToken(accessToken: string): boolean {
    return this.all().some((conversation) => conversation.sessionToken === accessToken);
  }

  /** Returns the messages people sent in the conversation, oldest first. */
  messagesIn(conversationKey: string): SentRobotMessage[] {
    return this.sent.filter((message) => message.conversationKey === conversationKey);
  }

  /**
   * Builds the body that DingTalk sends for the person's message, with the same fields as the HTTP
   * callback. `baseUrl` is the simulator's URL, where the sessionWebhook points.
   */
  compose(input: RobotMessageInput, baseUrl: string) {
    const user = this.directory.users.get(input.userid);
    if (!user) throw new Error(`no simulated user has the userid ${input.userid}`);

    const conversationType = input.conversationType ?? '1';
    const conversation = this.conversation(conversationType, user.userid, user.name);
    const now = this.now();
    const inGroup = conversationType === '2';
    const chatbotUserId = `$:LWCP_v1:$${opaqueId(`robot:${this.app.appKey}`)}`;

    const body = {
      msgtype: 'text',
      text: { content: input.text },
      msgId: `msg${randomBytes(12).toString('hex')}`,
      createAt: now,
      conversationType,
      conversationId: conversation.conversationId,
      ...(inGroup ? { conversationTitle: conversation.title } : {}),
      senderId: `$:LWCP_v1:$${opaqueId(`user:${user.userid}`)}`,
      senderStaffId: user.userid,
      senderNick: user.name,
      senderCorpId: this.app.corpId,
      chatbotCorpId: this.app.corpId,
      chatbotUserId,
      robotCode: this.app.appKey,
      isAdmin: false,
      isInAtList: inGroup,
      atUsers: inGroup ? [{ dingtalkId: chatbotUserId }] : [],
      // Real sessionWebhooks use another path on the oapi host. 进度通 posts to whatever URL it gets.
      sessionWebhook: `${baseUrl}/robot/send?access_token=${conversation.sessionToken}`,
      sessionWebhookExpiredTime: now + SESSION_WEBHOOK_LIFETIME_MS,
    };
    return { body, conversation };
  }

  /** Records a composed message once the gateway has taken it. */
  record(message: SentRobotMessage): void {
    this.sent.push(message);
  }

  /** Forgets the sent messages. Conversations and their robots stay, so sessionWebhooks stay valid. */
  reset(): void {
    this.sent = [];
  }

  private conversation(conversationType: ConversationType, userid: string, name: string): RobotConversation {
    const key = conversationType === '1' ? `single:${userid}` : 'group';
    const existing = this.conversations.get(key);
    if (existing) return existing;

    const conversation: RobotConversation = {
      key,
      conversationType,
      conversationId: `cid${opaqueId(`${this.app.corpId}:${key}`)}`,
      title: conversationType === '1' ? `${name} 与应用机器人的单聊` : ROBOT_GROUP_TITLE,
      sessionToken: randomBytes(16).toString('hex'),
    };
    this.robotStore.addRobot({ accessToken: conversation.sessionToken, name: conversation.title });
    this.conversations.set(key, conversation);
    return conversation;
  }
}
