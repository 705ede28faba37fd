import { randomBytes } from 'node:crypto';
import {
  DingTalkClient,
  RobotWebhook,
  WorkNotificationPartialError,
  robotMessageSchema,
  workNotificationMessageSchema,
} from '../dingtalk/index.ts';
import { OutboxMessage } from '../../server/models/outbox-message.ts';
import { logger } from '../../server/log.ts';
import { acquireLease } from '../lease.ts';
import { classifyFailure } from './failure.ts';

const log = logger('bot');

/** The channel a queued message takes to DingTalk; tests and the demo put the simulator behind it. */
export interface OutboxTransport {
  /** Sends one work notification and returns DingTalk's task ids. */
  sendWorkNotification(userIds: string[], body: unknown): Promise<number[]>;
  /** Posts to the bureau's work group through its custom robot; `msgUuid` makes a retry idempotent. */
  postToGroup(body: unknown, msgUuid: string): Promise<void>;
  /** Posts a reply to a message to the app robot through its conversation's sessionWebhook. */
  reply(webhookUrl: string, body: unknown): Promise<void>;
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
    async reply(webhookUrl, body) {
      await robot.send({ webhookUrl, body: robotMessageSchema.parse(body) });
    },
  };
}

/** DingTalk's documented limits that the dispatcher keeps to. */
export interface SendLimits {
  /** Custom group robot: messages per minute; one more blocks the robot for ten minutes. */
  groupPostsPerMinute: number;
  /** Work notifications: recipients per minute across calls. */
  recipientsPerMinute: number;
}

export const dingTalkLimits: SendLimits = { groupPostsPerMinute: 20, recipientsPerMinute: 5000 };

export interface DispatcherOptions {
  transport: OutboxTransport;
  limits?: SendLimits;
  now?: () => Date;
  /** Attempts after which a message that keeps failing is marked failed. */
  maxAttempts?: number;
  /** Identifies this process among several server instances that share the outbox. */
  holder?: string;
  /** Requests to DingTalk in flight at once. Default: 8. */
  concurrency?: number;
}

const leaseName = 'outbox-dispatcher';
const leaseMs = 30_000;
const windowMs = 60_000;
const backoffBaseMs = 30_000;
const backoffMaxMs = 30 * 60_000;
/** Messages read per query; the rate windows decide how many of them go out now. */
const batchSize = 200;
/**
 * Requests in flight at once. One at a time, a call that takes 100 ms would let 600 notifications
 * out a minute, far below the 5,000 recipients a minute that DingTalk allows.
 */
const defaultConcurrency = 8;

/** Attempts in the last minute, per kind, as DingTalk counts them for its per-minute limits. */
class RateWindow {
  readonly groupPosts: number[] = [];
  private readonly notifications: Array<{ at: number; recipients: number }> = [];

  record(kind: string, at: Date, recipients: number): void {
    if (kind === 'group') this.groupPosts.push(at.getTime());
    else if (kind === 'work-notification') this.notifications.push({ at: at.getTime(), recipients });
  }

  prune(now: Date): void {
    const start = now.getTime() - windowMs;
    while (this.groupPosts.length > 0 && this.groupPosts[0]! <= start) this.groupPosts.shift();
    while (this.notifications.length > 0 && this.notifications[0]!.at <= start) this.notifications.shift();
  }

  recipientCount(): number {
    return this.notifications.reduce((sum, entry) => sum + entry.recipients, 0);
  }

  /** When the oldest attempt leaves the window. */
  freesAt(): number | undefined {
    const oldest = Math.min(this.groupPosts[0] ?? Infinity, this.notifications[0]?.at ?? Infinity);
    return Number.isFinite(oldest) ? oldest + windowMs + 1 : undefined;
  }
}

/**
 * Sends due outbox messages oldest first, within DingTalk's per-minute limits, retrying failures
 * with backoff, with up to `concurrency` requests in flight. A lease in MongoDB lets one server
 * instance dispatch at a time, so the limits hold across instances. A message is marked `sending`
 * before its request, so a process killed in the middle of a broadcast resumes with the unsent
 * rest. Only the messages in flight at that moment can go out twice: DingTalk drops a second copy
 * of the same work notification to the same person that day, and group posts carry a msgUuid that
 * DingTalk deduplicates.
 */
export class OutboxDispatcher {
  private readonly transport: OutboxTransport;
  private readonly limits: SendLimits;
  private readonly now: () => Date;
  private readonly maxAttempts: number;
  private readonly holder: string;
  private readonly concurrency: number;
  private running: Promise<void> | undefined;
  private again = false;
  private started = false;
  private wakeTimer: NodeJS.Timeout | undefined;

  constructor(options: DispatcherOptions) {
    this.transport = options.transport;
    this.limits = options.limits ?? dingTalkLimits;
    this.now = options.now ?? (() => new Date());
    this.maxAttempts = options.maxAttempts ?? 8;
    this.holder = options.holder ?? `dispatcher-${randomBytes(6).toString('hex')}`;
    this.concurrency = Math.max(1, options.concurrency ?? defaultConcurrency);
  }

  /** Dispatches now and, from then on, wakes up by itself when a wait for a limit or a retry ends. */
  start(): void {
    this.started = true;
    void this.trigger();
  }

  stop(): void {
    this.started = false;
    clearTimeout(this.wakeTimer);
  }

  /** Starts a run unless one is in progress; the promise settles when nothing more is due now. */
  trigger(): Promise<void> {
    if (this.running !== undefined) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          const wakeAt = await this.dispatchDue();
          this.scheduleWake(wakeAt);
        } while (this.again);
      } catch (error) {
        log.error({ err: error }, 'outbox run failed');
        this.scheduleWake(new Date(this.now().getTime() + backoffBaseMs));
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

  private scheduleWake(wakeAt: Date | undefined): void {
    clearTimeout(this.wakeTimer);
    if (!this.started || wakeAt === undefined) return;
    const delay = Math.max(50, wakeAt.getTime() - this.now().getTime());
    this.wakeTimer = setTimeout(() => void this.trigger(), delay);
    this.wakeTimer.unref();
  }

  /** Sends every message due now; returns when the next one will be due, if any is waiting. */
  private async dispatchDue(): Promise<Date | undefined> {
    for (;;) {
      let leaseRenewedAt = this.now();
      if (!(await acquireLease(leaseName, this.holder, leaseRenewedAt, leaseMs))) {
        // Another instance dispatches; look again when its lease would have expired.
        return new Date(leaseRenewedAt.getTime() + leaseMs);
      }

      // While this process holds the lease no other instance sends, so the windows read here stay
      // true when kept up to date in memory.
      const window = await this.loadWindow(leaseRenewedAt);
      const due = await OutboxMessage.find({ state: { $in: ['pending', 'sending'] }, nextAttemptAt: { $lte: leaseRenewedAt } })
        .sort({ nextAttemptAt: 1, createdAt: 1, _id: 1 })
        .limit(batchSize);
      if (due.length === 0) return this.nextWake(leaseRenewedAt, false);

      let attempted = 0;
      let waiting = false;
      const inFlight = new Set<Promise<void>>();
      for (const message of due) {
        const now = this.now();
        window.prune(now);
        // Replies go to the sender's own conversation, outside the group robot's and the work
        // notifications' per-minute limits.
        const fits =
          message.kind === 'reply' ||
          (message.kind === 'group'
            ? window.groupPosts.length < this.limits.groupPostsPerMinute
            : window.recipientCount() + message.userIds.length <= this.limits.recipientsPerMinute);
        if (!fits) {
          waiting = true;
          continue;
        }
        if (now.getTime() - leaseRenewedAt.getTime() > leaseMs / 3) {
          if (!(await acquireLease(leaseName, this.holder, now, leaseMs))) {
            await Promise.all(inFlight);
            return new Date(now.getTime() + leaseMs);
          }
          leaseRenewedAt = now;
        }
        // Recorded before the request starts, so that requests in flight count against the limits.
        window.record(message.kind, now, message.userIds.length);
        const attempt = this.attempt(message, now).finally(() => inFlight.delete(attempt));
        inFlight.add(attempt);
        attempted += 1;
        if (inFlight.size >= this.concurrency) await Promise.race(inFlight);
      }
      // The next query must not see messages still in flight, which are in state sending.
      await Promise.all(inFlight);
      if (attempted === 0) return this.nextWake(this.now(), waiting, window);
    }
  }

  private async loadWindow(now: Date): Promise<RateWindow> {
    const recent = await OutboxMessage.find(
      { attemptedAt: { $gt: new Date(now.getTime() - windowMs) } },
      { kind: 1, attemptedAt: 1, userIds: 1 },
    )
      .sort({ attemptedAt: 1 })
      .lean();
    const window = new RateWindow();
    for (const message of recent) window.record(message.kind, message.attemptedAt!, message.userIds.length);
    return window;
  }

  /** Returns the earliest time a waiting message may go: a retry coming due, or a rate window freeing up. */
  private async nextWake(now: Date, limitReached: boolean, window?: RateWindow): Promise<Date | undefined> {
    const times: number[] = [];
    const nextRetry = await OutboxMessage.findOne({ state: { $in: ['pending', 'sending'] }, nextAttemptAt: { $gt: now } })
      .sort({ nextAttemptAt: 1 })
      .lean();
    if (nextRetry !== null) times.push(nextRetry.nextAttemptAt.getTime());
    const freesAt = limitReached ? window?.freesAt() : undefined;
    if (freesAt !== undefined) times.push(freesAt);
    return times.length === 0 ? undefined : new Date(Math.min(...times));
  }

  private async attempt(message: InstanceType<typeof OutboxMessage>, now: Date): Promise<void> {
    message.state = 'sending';
    message.attemptedAt = now;
    message.attempts += 1;
    await message.save();

    try {
      if (message.kind === 'reply') {
        if (message.webhookExpiresAt != null && message.webhookExpiresAt <= now) {
          message.state = 'failed';
          message.lastError = '会话的回复地址已过期，未能回复';
          await message.save();
          return;
        }
        await this.transport.reply(message.webhookUrl, message.body);
      } else if (message.kind === 'group') {
        await this.transport.postToGroup(message.body, message.dedupeKey);
      } else {
        const taskIds = await this.transport.sendWorkNotification(message.userIds, message.body);
        message.taskId = taskIds.join(',');
      }
      message.state = 'sent';
      message.sentAt = this.now();
      message.lastError = '';
      await message.save();
    } catch (error) {
      if (error instanceof WorkNotificationPartialError) {
        // Keep the calls DingTalk accepted and retry only the people it did not reach.
        message.taskId = error.sent.map((task) => task.taskId).join(',');
        message.userIds = error.unsentUserIds;
      }
      const action = classifyFailure(error);
      message.lastError = action.reason;
      if (action.kind === 'give-up' || message.attempts >= this.maxAttempts) {
        message.state = 'failed';
      } else {
        message.state = 'pending';
        const backoff = Math.min(backoffBaseMs * 2 ** (message.attempts - 1), backoffMaxMs);
        message.nextAttemptAt = new Date(now.getTime() + (action.afterMs ?? backoff));
      }
      await message.save();
      log.warn({ dedupeKey: message.dedupeKey, attempts: message.attempts, state: message.state, reason: action.reason }, 'outbox message not sent');
    }
  }
}
