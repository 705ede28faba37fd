/**
 * Message bodies that DingTalk accepts, as zod schemas with the documented length limits. Types are inferred
 * from the schemas. The client validates with them before sending, and the simulator validates what it
 * receives with them.
 */
import { z } from 'zod';

/** Documented limits of work notifications (asyncsend_v2). */
export const WORK_NOTIFICATION_LIMITS = {
  /** Maximum size of the JSON-serialized `msg`, in UTF-8 bytes. */
  maxMessageBytes: 2048,
  /** Maximum number of userids in one call's `userid_list`. */
  maxUserIdsPerCall: 100,
  /** Maximum number of department ids in one call's `dept_id_list`. */
  maxDeptIdsPerCall: 20,
  /** Maximum number of recipients of an OA message that has a status bar. */
  maxStatusBarRecipients: 5,
  /** Maximum recipients per call and per minute. DingTalk drops the rest without an error. */
  maxRecipientsPerMinute: 5000,
  /** Maximum messages per person per day. DingTalk drops the rest without an error. */
  maxMessagesPerPersonPerDay: 500,
} as const;

const required = z.string().min(1);

const textMessage = z.object({
  msgtype: z.literal('text'),
  text: z.object({ content: required }),
});

const markdownMessage = z.object({
  msgtype: z.literal('markdown'),
  markdown: z.object({ title: required, text: required.max(5000) }),
});

const linkMessage = z.object({
  msgtype: z.literal('link'),
  link: z.object({ messageUrl: required, picUrl: required, title: required, text: required }),
});

const oaMessage = z.object({
  msgtype: z.literal('oa'),
  oa: z.object({
    message_url: required,
    pc_message_url: z.string().optional(),
    head: z.object({ bgcolor: required, text: z.string() }),
    status_bar: z.object({ status_value: required, status_bg: required }).optional(),
    body: z.object({
      title: z.string().optional(),
      form: z.array(z.object({ key: z.string(), value: z.string() })).optional(),
      rich: z.object({ num: z.string(), unit: z.string().optional() }).optional(),
      content: z.string().optional(),
      image: z.string().optional(),
      file_count: z.string().optional(),
      author: z.string().optional(),
    }),
  }),
});

const singleButtonCard = z.object({
  title: required,
  markdown: required,
  single_title: required.max(20),
  single_url: required.max(500),
});

const multiButtonCard = z.object({
  title: required,
  markdown: required,
  btn_orientation: z.enum(['0', '1']),
  btn_json_list: z.array(z.object({ title: required.max(20), action_url: required.max(700) })).min(1),
});

const actionCardMessage = z.object({
  msgtype: z.literal('action_card'),
  action_card: z.union([singleButtonCard, multiButtonCard]),
});

/** The `msg` of a work notification. */
export const workNotificationMessageSchema = z.discriminatedUnion('msgtype', [
  textMessage,
  markdownMessage,
  linkMessage,
  oaMessage,
  actionCardMessage,
]);
export type WorkNotificationMessage = z.infer<typeof workNotificationMessageSchema>;
export type WorkNotificationMsgType = WorkNotificationMessage['msgtype'];
export const WORK_NOTIFICATION_MSGTYPES: readonly WorkNotificationMsgType[] = [
  'text',
  'markdown',
  'link',
  'oa',
  'action_card',
];

/** Size of a work notification's `msg` as DingTalk counts it against the 2048-byte limit. */
export function workNotificationByteLength(msg: unknown): number {
  return Buffer.byteLength(typeof msg === 'string' ? msg : JSON.stringify(msg), 'utf8');
}

// NOTE: DingTalk's robot documentation caps @mentions at 50 but does not say whether per list or per
// message. The schema applies the cap to each list.
const robotAt = z.object({
  atMobiles: z.array(required).max(50).optional(),
  atUserIds: z.array(required).max(50).optional(),
  isAtAll: z.boolean().optional(),
});

const robotText = z.object({
  msgtype: z.literal('text'),
  text: z.object({ content: required }),
  at: robotAt.optional(),
});

const robotMarkdown = z.object({
  msgtype: z.literal('markdown'),
  markdown: z.object({ title: required, text: required }),
  at: robotAt.optional(),
});

const robotSingleButtonCard = z.object({
  title: required,
  text: required,
  singleTitle: required,
  singleURL: required,
  btnOrientation: z.enum(['0', '1']).optional(),
});

const robotMultiButtonCard = z.object({
  title: required,
  text: required,
  btnOrientation: z.enum(['0', '1']).optional(),
  btns: z.array(z.object({ title: required, actionURL: required })).min(1),
});

const robotActionCard = z.object({
  msgtype: z.literal('actionCard'),
  actionCard: z.union([robotSingleButtonCard, robotMultiButtonCard]),
});

const robotLink = z.object({
  msgtype: z.literal('link'),
  link: z.object({ title: required, text: required, messageUrl: required, picUrl: z.string().optional() }),
});

const robotFeedCard = z.object({
  msgtype: z.literal('feedCard'),
  feedCard: z.object({
    links: z.array(z.object({ title: required, messageURL: required, picURL: z.string().optional() })).min(1),
  }),
});

/** The JSON body of a custom group robot message, without the optional `msgUuid`. */
export const robotMessageSchema = z.discriminatedUnion('msgtype', [
  robotText,
  robotMarkdown,
  robotActionCard,
  robotLink,
  robotFeedCard,
]);
export type RobotMessage = z.infer<typeof robotMessageSchema>;
export type RobotMsgType = RobotMessage['msgtype'];
export const ROBOT_MSGTYPES: readonly RobotMsgType[] = ['text', 'markdown', 'actionCard', 'link', 'feedCard'];

/** Returns the visible text of a robot message: the text that DingTalk searches for the robot's keywords. */
export function robotMessageText(message: RobotMessage): string {
  switch (message.msgtype) {
    case 'text':
      return message.text.content;
    case 'markdown':
      return `${message.markdown.title}\n${message.markdown.text}`;
    case 'actionCard':
      return `${message.actionCard.title}\n${message.actionCard.text}`;
    case 'link':
      return `${message.link.title}\n${message.link.text}`;
    case 'feedCard':
      return message.feedCard.links.map((link) => link.title).join('\n');
  }
}

/** Formats the first zod issue as `path: message`, with `prefix` before the path. */
export function describeZodIssue(error: z.ZodError, prefix: string): { field: string; message: string } {
  const issue = error.issues[0];
  if (!issue) return { field: prefix, message: 'invalid value' };

  const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  return { field, message: issue.message };
}
