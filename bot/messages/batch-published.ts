import { fenToWanyuan } from '../../server/presenters/money.ts';

/** DingTalk caps a work notification's `msg` at 2048 bytes of JSON. */
export const workNotificationMaxBytes = 2048;

export interface BatchSummary {
  docNo: string;
  title: string;
  year: number;
  projectCount: number;
  newCount: number;
  continuingCount: number;
  unitCount: number;
  contactCount: number;
  investmentTotal: number;
  yearInvestmentTotal: number;
  findingCount: number;
}

export interface NoticeProject {
  seq: number;
  name: string;
  yearInvestmentTotal: number;
}

/** Group robot markdown post announcing a published batch. */
export function batchPublishedGroupPost(summary: BatchSummary, appUrl: string) {
  const lines = [
    `#### 项目计划已下达：${summary.docNo}`,
    summary.title,
    '',
    `- 项目：${summary.projectCount} 个（新建 ${summary.newCount} 个，历年 ${summary.continuingCount} 个）`,
    `- 总投资：${fenToWanyuan(summary.investmentTotal)} 万元；${summary.year}年投资：${fenToWanyuan(summary.yearInvestmentTotal)} 万元`,
    `- 建设单位：${summary.unitCount} 家，已向 ${summary.contactCount} 位联系人发送工作通知，请各单位及时确认收到`,
  ];
  if (summary.findingCount > 0) lines.push(`- 导入核对发现 ${summary.findingCount} 处合计不一致，已在进度通中列出`);
  lines.push('', `[在进度通中查看](${appUrl})`);
  return {
    msgtype: 'markdown' as const,
    markdown: { title: `项目计划已下达：${summary.docNo}`, text: lines.join('\n') },
  };
}

function noticeCard(docNo: string, title: string, unitNames: string[], listed: string[], hidden: number, confirmUrl: string) {
  const lines = [
    `### 项目计划下达通知`,
    `**${docNo}**`,
    '',
    title,
    '',
    `${unitNames.join('、')}本批次的项目：`,
    ...listed,
  ];
  if (hidden > 0) lines.push(`……另有 ${hidden} 个项目，请在进度通中查看`);
  lines.push('', '请点击“确认收到”，并按通知要求报送招标采购、合同备案、监理、验收、运营、绩效自评等实施情况。');
  return {
    msgtype: 'action_card' as const,
    action_card: {
      title: `请确认收到：${docNo}`,
      markdown: lines.join('\n'),
      single_title: '确认收到',
      single_url: confirmUrl,
    },
  };
}

/**
 * Work notification to one contact listing their units' projects with a "确认收到" button.
 * Lists as many projects as fit DingTalk's size limit and counts the rest.
 */
export function batchNoticeCard(
  batch: { docNo: string; title: string; year: number },
  unitNames: string[],
  projects: NoticeProject[],
  confirmUrl: string,
) {
  const lines = projects.map(
    (project) => `${project.seq}. ${project.name}（${batch.year}年 ${fenToWanyuan(project.yearInvestmentTotal)} 万元）`,
  );
  for (let shown = lines.length; shown >= 0; shown -= 1) {
    const card = noticeCard(batch.docNo, batch.title, unitNames, lines.slice(0, shown), lines.length - shown, confirmUrl);
    if (Buffer.byteLength(JSON.stringify(card)) <= workNotificationMaxBytes) return card;
  }
  throw new Error(`工作通知超过 ${workNotificationMaxBytes} 字节：${batch.docNo}`);
}

export type GroupPost = ReturnType<typeof batchPublishedGroupPost>;
export type WorkNotificationMessage = ReturnType<typeof batchNoticeCard>;
