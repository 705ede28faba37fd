/** Replies of the app robot, posted to the conversation's sessionWebhook. */
export function textReply(content: string, atUserIds: string[] = []) {
  return { msgtype: 'text' as const, text: { content }, at: { atUserIds, isAtAll: false } };
}

export const helpText = [
  '进度通机器人可用的指令：',
  '确认 —— 确认收到最新下达的项目计划',
  '进度 [单位或项目名称] —— 查看确认进度，例如：进度 市纪委',
  '待办 —— 查看您还需要办理的事项',
  '帮助 —— 显示本说明',
].join('\n');
