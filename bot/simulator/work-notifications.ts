/**
 * Work notifications received by the simulator, with DingTalk's silent delivery limits: 5,000 recipients
 * per minute, 500 messages per person per day, and the same content to the same person once a day. Past a
 * limit DingTalk still returns errcode 0, so the person's copy is recorded as dropped with the code that
 * getsendresult reports in `forbidden_list`.
 */
import { WORK_NOTIFICATION_LIMITS, type WorkNotificationMessage } from '../dingtalk/messages.ts';
import type { Directory } from './directory.ts';
import type { DropCode, WorkNotificationRecord, WorkNotificationTaskRecord } from './types.ts';

const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

// Real task ids are large integers. Starting high keeps them from looking like array indexes in tests.
const FIRST_TASK_ID = 700_000_000_001;

export interface WorkNotificationSendRequest {
  userIds: string[];
  deptIds: number[];
  toAllUser: boolean;
  msg: WorkNotificationMessage;
}

export interface WorkNotificationSendResult {
  readUserIds: string[];
  unreadUserIds: string[];
  forbidden: { userid: string; code: DropCode }[];
  invalidUserIds: string[];
  invalidDeptIds: number[];
}

/** Calendar day number in Beijing time (UTC+8, no daylight saving), where DingTalk's daily limits reset. */
export function beijingDay(timestamp: number): number {
  return Math.floor((timestamp + BEIJING_OFFSET_MS) / DAY_MS);
}

/** JSON with object keys sorted, so two messages with the same content compare equal as strings. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export class WorkNotificationStore {
  private records: WorkNotificationRecord[] = [];
  private tasks = new Map<number, WorkNotificationTaskRecord>();
  private recipientsPerCall: { at: number; count: number }[] = [];
  private nextTaskId = FIRST_TASK_ID;

  constructor(
    private readonly directory: Directory,
    private readonly now: () => number,
  ) {}

  /** Records one asyncsend_v2 call and returns its task. */
  send(request: WorkNotificationSendRequest): WorkNotificationTaskRecord {
    const now = this.now();
    const task: WorkNotificationTaskRecord = {
      taskId: this.nextTaskId++,
      createdAt: now,
      msg: request.msg,
      deliveredUserIds: [],
      forbidden: [],
      invalidUserIds: request.userIds.filter((userid) => !this.directory.users.has(userid)),
      invalidDeptIds: request.deptIds.filter((deptId) => !this.directory.hasDepartment(deptId)),
    };

    const recipients = new Set<string>(request.userIds.filter((userid) => this.directory.users.has(userid)));
    for (const userid of this.directory.membersOf(request.deptIds)) recipients.add(userid);
    if (request.toAllUser) for (const userid of this.directory.users.keys()) recipients.add(userid);

    let recipientsThisMinute = this.countRecipientsSince(now - MINUTE_MS);
    const contentKey = canonicalJson(request.msg);

    for (const userid of recipients) {
      const dropCode = this.dropCodeFor(userid, contentKey, recipientsThisMinute, now);
      recipientsThisMinute += 1;

      this.records.push({
        taskId: task.taskId,
        userid,
        msg: request.msg,
        sentAt: now,
        delivery: dropCode === undefined ? 'delivered' : 'dropped',
        ...(dropCode === undefined ? {} : { dropCode }),
        read: false,
      });
      if (dropCode === undefined) task.deliveredUserIds.push(userid);
      else task.forbidden.push({ userid, code: dropCode });
    }

    this.recipientsPerCall.push({ at: now, count: recipients.size });
    this.tasks.set(task.taskId, task);
    return task;
  }

  task(taskId: number): WorkNotificationTaskRecord | undefined {
    return this.tasks.get(taskId);
  }

  /** Returns every work notification addressed to the person, delivered or dropped, oldest first. */
  messagesFor(userid: string): WorkNotificationRecord[] {
    return this.records.filter((record) => record.userid === userid);
  }

  all(): readonly WorkNotificationRecord[] {
    return this.records;
  }

  /** Marks a delivered notification as opened by its recipient, as tapping it in DingTalk would. */
  markRead(userid: string, taskId: number): WorkNotificationRecord {
    const record = this.records.find(
      (candidate) => candidate.userid === userid && candidate.taskId === taskId && candidate.delivery === 'delivered',
    );
    if (!record) throw new Error(`no delivered work notification for userid ${userid} in task ${taskId}`);

    if (!record.read) {
      record.read = true;
      record.readAt = this.now();
    }
    return record;
  }

  /**
   * Returns who read, did not read or did not get the task, or undefined when the task is unknown or older
   * than 24 hours, the period DingTalk keeps send results for.
   */
  sendResult(taskId: number): WorkNotificationSendResult | undefined {
    const task = this.tasks.get(taskId);
    if (!task || this.now() - task.createdAt > DAY_MS) return undefined;

    const delivered = this.records.filter((record) => record.taskId === taskId && record.delivery === 'delivered');
    return {
      readUserIds: delivered.filter((record) => record.read).map((record) => record.userid),
      unreadUserIds: delivered.filter((record) => !record.read).map((record) => record.userid),
      forbidden: task.forbidden,
      invalidUserIds: task.invalidUserIds,
      invalidDeptIds: task.invalidDeptIds,
    };
  }

  reset(): void {
    this.records = [];
    this.tasks.clear();
    this.recipientsPerCall = [];
  }

  private dropCodeFor(userid: string, contentKey: string, recipientsThisMinute: number, now: number): DropCode | undefined {
    if (recipientsThisMinute >= WORK_NOTIFICATION_LIMITS.maxRecipientsPerMinute) return 143103;

    const today = beijingDay(now);
    const deliveredToday = this.records.filter(
      (record) => record.userid === userid && record.delivery === 'delivered' && beijingDay(record.sentAt) === today,
    );
    if (deliveredToday.length >= WORK_NOTIFICATION_LIMITS.maxMessagesPerPersonPerDay) return 143105;
    if (deliveredToday.some((record) => canonicalJson(record.msg) === contentKey)) return 143106;
    return undefined;
  }

  private countRecipientsSince(since: number): number {
    this.recipientsPerCall = this.recipientsPerCall.filter((call) => call.at > since);
    return this.recipientsPerCall.reduce((count, call) => count + call.count, 0);
  }
}
