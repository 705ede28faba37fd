import mongoose from 'mongoose';
import { IncomingMessage } from '../../server/models/incoming-message.ts';
import { OutboxMessage } from '../../server/models/outbox-message.ts';
import { textReply } from '../messages/robot-replies.ts';
import { answerCommand } from './answer.ts';
import { parseCommand, type RobotCallback } from './robot-message.ts';

export type HandleResult = 'answered' | 'replayed';

/**
 * Handles one message to the app robot, whether it came by HTTP callback or Stream mode: claims
 * its msgId (a message seen before changes nothing), carries out the command and queues the
 * reply to the conversation's sessionWebhook.
 */
export async function handleRobotMessage(message: RobotCallback): Promise<HandleResult> {
  const command = parseCommand(message.text?.content ?? '');
  try {
    await IncomingMessage.create({
      msgId: message.msgId,
      senderStaffId: message.senderStaffId,
      conversationType: message.conversationType,
      text: message.text?.content ?? '',
      command: command.name,
      receivedAt: new Date(),
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === 11000) return 'replayed';
    throw error;
  }

  const replyText = await answerCommand(message.senderStaffId, command);
  await mongoose.connection.transaction(async (session) => {
    await OutboxMessage.create(
      [
        {
          dedupeKey: `robot-reply:${message.msgId}`,
          kind: 'reply',
          webhookUrl: message.sessionWebhook,
          webhookExpiresAt: message.sessionWebhookExpiredTime === undefined ? null : new Date(message.sessionWebhookExpiredTime),
          body: textReply(replyText, message.senderStaffId === '' ? [] : [message.senderStaffId]),
        },
      ],
      { session },
    );
  });
  return 'answered';
}
