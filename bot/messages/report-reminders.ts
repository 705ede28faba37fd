import { stageLabels } from '../../server/reports/stage-names.ts';
import type { OwedReport } from '../reminders/owed-reports.ts';
import { chineseDate } from '../schedule/calendar.ts';
import { workNotificationMaxBytes } from './batch-published.ts';

function describe(item: OwedReport): string {
  const what = `第 ${item.seq} 项 ${item.projectName}：${stageLabels[item.stage]}`;
  if (item.kind === 'returned') return `${what}已退回，请修改后重新报送`;
  if (item.kind === 'overdue') return `${what}已逾期 ${item.workingDaysLate} 个工作日（应于${chineseDate(item.dueDate!)}前报送）`;
  return `${what}将于${chineseDate(item.dueDate!)}到期`;
}

/**
 * Builds one contact's digest of the reports their units owe, dated and counted so that each day's
 * text differs. Lists as many items as fit DingTalk's size limit and counts the rest.
 */
export function reportReminderCard(date: string, items: OwedReport[], appUrl: string) {
  const overdue = items.filter((item) => item.kind === 'overdue').length;
  const card = (shown: number) => {
    const lines = [
      `### 报送提醒（${chineseDate(date)}）`,
      `您单位有 ${items.length} 项实施情况待报送${overdue > 0 ? `，其中 ${overdue} 项已逾期` : ''}：`,
      ...items.slice(0, shown).map((item, index) => `${index + 1}. ${describe(item)}`),
    ];
    if (shown < items.length) lines.push(`……另有 ${items.length - shown} 项，请在进度通中查看`);
    return {
      msgtype: 'action_card' as const,
      action_card: { title: `报送提醒：${items.length} 项待报送`, markdown: lines.join('\n'), single_title: '去报送', single_url: appUrl },
    };
  };
  for (let shown = items.length; shown > 0; shown -= 1) {
    const candidate = card(shown);
    if (Buffer.byteLength(JSON.stringify(candidate)) <= workNotificationMaxBytes) return candidate;
  }
  return card(0);
}

export interface UnitOverdue {
  unit: string;
  count: number;
  maxWorkingDaysLate: number;
}

/** Builds the bureau group's weekly post of overdue reports per unit. */
export function overdueDigestPost(date: string, total: number, units: UnitOverdue[], appUrl: string) {
  const lines =
    total === 0
      ? [`#### 逾期报送周报（${chineseDate(date)}）`, '目前没有逾期未报送的事项。']
      : [
          `#### 逾期报送周报（${chineseDate(date)}）`,
          `共 ${total} 项逾期未报送，涉及 ${units.length} 个单位：`,
          ...units.slice(0, 30).map((unit) => `- ${unit.unit}：${unit.count} 项，最长逾期 ${unit.maxWorkingDaysLate} 个工作日`),
          ...(units.length > 30 ? [`- ……另有 ${units.length - 30} 个单位`] : []),
          '',
          `[在进度通中查看](${appUrl})`,
        ];
  return { msgtype: 'markdown' as const, markdown: { title: `逾期报送周报：${total} 项`, text: lines.join('\n') } };
}
