import type { Types } from 'mongoose';
import type { DingTalkClient } from '../dingtalk/index.ts';
import { OutboxMessage } from '../../server/models/outbox-message.ts';
import { logger } from '../../server/log.ts';
import type { ScheduledTask } from '../schedule/runner.ts';

const log = logger('bot');

/** DingTalk keeps a task's send result for 24 hours; older tasks are not asked again. */
const resultLifetimeMs = 24 * 3600_000;

/**
 * Reads DingTalk's send result of each work notification sent in the last 24 hours (of one batch,
 * or all) and stores who opened it and who did not get it. Read is not confirmed: confirmations
 * are recorded only when a person taps the card's button or sends 确认 to the robot.
 */
export async function refreshDelivery(client: DingTalkClient, batchId?: Types.ObjectId, now = new Date()): Promise<number> {
  const messages = await OutboxMessage.find({
    kind: 'work-notification',
    state: 'sent',
    taskId: { $ne: '' },
    sentAt: { $gt: new Date(now.getTime() - resultLifetimeMs) },
    ...(batchId === undefined ? {} : { batchId }),
  });
  for (const message of messages) {
    const read = new Set<string>();
    const undelivered = new Set<string>();
    try {
      for (const taskId of message.taskId.split(',').map(Number)) {
        const result = await client.getSendResult(taskId);
        result.readUserIds.forEach((userId) => read.add(userId));
        [...result.failedUserIds, ...result.forbiddenUserIds, ...result.invalidUserIds].forEach((userId) => undelivered.add(userId));
      }
    } catch (error) {
      log.warn({ dedupeKey: message.dedupeKey, err: error }, 'send result not available');
      continue;
    }
    message.readUserIds = [...read];
    message.undeliveredUserIds = [...undelivered];
    message.deliveryCheckedAt = now;
    await message.save();
  }
  return messages.length;
}

/** Refreshes the read and undelivered lists of recent work notifications every half hour. */
export function deliveryStatusTask(client: DingTalkClient): ScheduledTask {
  return {
    name: 'delivery-status',
    defaults: { cron: '*/30 * * * *', workingDaysOnly: false, params: {} },
    async run({ slot }) {
      return { messages: await refreshDelivery(client, undefined, slot) };
    },
  };
}
