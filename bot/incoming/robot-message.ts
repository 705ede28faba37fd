import { z } from 'zod';

/** The body DingTalk posts to the app robot's HTTP callback, reduced to the fields 进度通 reads. */
export const robotCallbackSchema = z.object({
  msgId: z.string().min(1).max(128),
  msgtype: z.string(),
  text: z.object({ content: z.string().max(5000) }).optional(),
  conversationType: z.string().default(''),
  conversationId: z.string().default(''),
  senderStaffId: z.string().max(64).default(''),
  senderNick: z.string().max(100).default(''),
  sessionWebhook: z.string().url(),
  sessionWebhookExpiredTime: z.number().int().optional(),
});

export type RobotCallback = z.infer<typeof robotCallbackSchema>;

export type Command = { name: '确认' } | { name: '进度'; query: string } | { name: '待办' } | { name: '帮助' } | { name: '未知'; text: string };

/** Reads a command from the text, ignoring @mentions of the robot and surrounding spaces. */
export function parseCommand(text: string): Command {
  const cleaned = text.replace(/@\S+/g, ' ').replace(/\s+/g, ' ').trim();
  const [word = '', ...rest] = cleaned.split(' ');
  if (word === '确认' || word === '确认收到') return { name: '确认' };
  if (word === '进度') return { name: '进度', query: rest.join(' ').trim() };
  if (word === '待办') return { name: '待办' };
  if (word === '帮助' || word === '?' || word === '？' || word === '') return { name: '帮助' };
  return { name: '未知', text: cleaned.slice(0, 50) };
}
