import { chineseDate } from '../schedule/calendar.ts';

export interface PendingConfirmation {
  docNo: string;
  /** Working days since the batch was published. */
  workingDaysSincePublished: number;
  projectCount: number;
  /** Number of this reminder for that batch, from 1. */
  reminderNumber: number;
}

/**
 * One digest per contact per run. The date and counts in the text make each day's reminder
 * differ, because DingTalk drops a work notification whose content the person already got today.
 */
export function confirmationReminderCard(date: string, items: PendingConfirmation[], appUrl: string) {
  const lines = [
    `### 确认提醒（${chineseDate(date)}）`,
    `您有 ${items.length} 个项目计划批次尚未确认收到：`,
    ...items.map(
      (item, index) =>
        `${index + 1}. ${item.docNo}：已发布 ${item.workingDaysSincePublished} 个工作日，本单位 ${item.projectCount} 个项目（第 ${item.reminderNumber} 次提醒）`,
    ),
    '',
    '请点击下方按钮查看并确认收到。',
  ];
  return {
    msgtype: 'action_card' as const,
    action_card: { title: `确认提醒：${items.length} 个批次待确认`, markdown: lines.join('\n'), single_title: '查看并确认', single_url: appUrl },
  };
}

export interface LateContact {
  unit: string;
  name: string;
  mobile: string;
  docNo: string;
  reminders: number;
}

/** Work notification to a unit's leader about contacts who stayed silent after reminders. */
export function leaderEscalationMessage(date: string, late: LateContact[]) {
  const lines = [
    `### 督办提醒（${chineseDate(date)}）`,
    '以下联系人经多次提醒仍未确认收到项目计划，请督促办理：',
    ...late.map((entry) => `- ${entry.unit} ${entry.name}：${entry.docNo}，已提醒 ${entry.reminders} 次`),
  ];
  return { msgtype: 'markdown' as const, markdown: { title: `督办提醒：${late.length} 项未确认`, text: lines.join('\n') } };
}

/** Group robot post that @mentions, by mobile, contacts still late after their leader was notified. */
export function groupEscalationPost(date: string, docNo: string, late: LateContact[]) {
  const mentioned = late.filter((entry) => entry.mobile !== '');
  const lines = [
    `#### 确认督办：${docNo}`,
    `截至${chineseDate(date)}，以下联系人经提醒和单位领导督办后仍未确认收到：`,
    ...late.map((entry) => `- ${entry.unit} ${entry.name}${entry.mobile === '' ? '' : ` @${entry.mobile}`}`),
  ];
  return {
    msgtype: 'markdown' as const,
    markdown: { title: `确认督办：${docNo}`, text: lines.join('\n') },
    at: { atMobiles: mentioned.map((entry) => entry.mobile), isAtAll: false },
  };
}
