import {
  DingTalkClient,
  DingTalkError,
  DingTalkRequestError,
  RobotWebhook,
  WorkNotificationPartialError,
  robotMessageSchema,
  workNotificationMessageSchema,
} from '../dingtalk/index.ts';
import { OutboxMessage } from '../../server/models/outbox-message.ts';
import { logger } from '../../server/log.ts';

const log = logger('bot');

/** How a queued message reaches DingTalk; tests and the demo use the simulator behind it. */
export interface OutboxTransport {
  /** Sends one work notification and returns DingTalk's task ids. */
  sendWorkNotification(userIds: string[], body: unknown): Promise<number[]>;
  /** Posts to the bureau's work group through its custom robot; `msgUuid` makes a retry idempotent. */
  postToGroup(body: unknown, msgUuid: string): Promise<void>;
}

export function dingTalkTransport(
  client: DingTalkClient,
  robot: RobotWebhook,
  groupRobot: { accessToken: string; secret: string },
): OutboxTransport {
  return {
    async sendWorkNotification(userIds, body) {
      const tasks = await client.sendWorkNotification({ userIds, msg: workNotificationMessageSchema.parse(body) });
      return tasks.map((task) => task.taskId);
    },
    async postToGroup(body, msgUuid) {
      await robot.send({ ...groupRobot, body: robotMessageSchema.parse(body), msgUuid });
    },
  };
}

/** Attempts after which a message that keeps failing with a retryable error is marked failed. */
export const maxAttempts = 5;

function describe(error: unknown): { reason: string; retryable: boolean } {
  if (error instanceof WorkNotificationPartialError) return describe(error.cause);
  if (error instanceof DingTalkError) return { reason: `钉钉错误 ${error.errcode}：${error.errmsg}`, retryable: error.retryable };
  if (error instanceof DingTalkRequestError) return { reason: `消息格式不符合钉钉要求：${error.message}`, retryable: false };
  return { reason: `发送失败：${error instanceof Error ? error.message : String(error)}`, retryable: true };
}

/**
 * Sends pending outbox messages one at a time, oldest first. Runs requested while one is in
 * progress are folded into one follow-up run, so a message is never sent by two runs at once.
 */
export class OutboxDispatcher {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(private readonly transport: OutboxTransport) {}

  /** Starts a run in the background; the returned promise settles when the queue is drained. */
  trigger(): Promise<void> {
    if (this.running !== undefined) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.dispatchPending();
        } while (this.again);
      } catch (error) {
        log.error({ err: error }, 'outbox run failed');
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Waits for the run in progress, if any, without starting another. */
  async idle(): Promise<void> {
    await this.running;
  }

  // NOTE: one process sends at a time; claiming messages across several server instances
  // (a lease per message) is still missing.
  private async dispatchPending(): Promise<void> {
    for (;;) {
      const message = await OutboxMessage.findOne({ state: 'pending', attempts: { $lt: maxAttempts } }).sort({ createdAt: 1, _id: 1 });
      if (message === null) return;
      try {
        if (message.kind === 'group') {
          await this.transport.postToGroup(message.body, message.dedupeKey);
        } else {
          const taskIds = await this.transport.sendWorkNotification(message.userIds, message.body);
          message.taskId = taskIds.join(',');
        }
        message.state = 'sent';
        message.sentAt = new Date();
        message.attempts += 1;
        await message.save();
      } catch (error) {
        const { reason, retryable } = describe(error);
        message.attempts += 1;
        message.lastError = reason;
        if (!retryable || message.attempts >= maxAttempts) message.state = 'failed';
        await message.save();
        log.warn({ dedupeKey: message.dedupeKey, attempts: message.attempts, reason }, 'outbox message not sent');
        // A retryable failure waits for the next run instead of spinning on the same message.
        if (retryable && message.state === 'pending') return;
      }
    }
  }
}
