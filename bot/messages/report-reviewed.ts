import { stageLabels, type Stage } from '../../server/reports/stages.ts';
import { workNotificationMaxBytes } from './batch-published.ts';

export interface ReviewedReport {
  projectSeq: number;
  projectName: string;
  stage: Stage;
  version: number;
  decision: 'accept' | 'return';
  reason: string;
  reviewerName: string;
}

const cutMark = '……（完整内容请在进度通中查看）';

function reviewCard(report: ReviewedReport, reason: string, projectUrl: string) {
  const stage = stageLabels[report.stage];
  const returned = report.decision === 'return';
  const lines = [
    returned ? '### 实施情况报送已退回' : '### 实施情况报送已通过审核',
    `**${report.projectSeq}. ${report.projectName}**`,
    '',
    `- 报送阶段：${stage}（第 ${report.version} 版）`,
    `- 审核人：${report.reviewerName}`,
  ];
  if (returned) lines.push(`- 退回理由：${reason}`, '', '请按退回理由修改后重新报送。');
  else if (reason !== '') lines.push(`- 审核意见：${reason}`);
  return {
    msgtype: 'action_card' as const,
    action_card: {
      title: returned ? `报送已退回：${stage}` : `报送已通过：${stage}`,
      markdown: lines.join('\n'),
      single_title: returned ? '查看并修改' : '查看项目',
      single_url: projectUrl,
    },
  };
}

/**
 * Builds the work notification that tells the submitter of a report that the bureau accepted or
 * returned it, with a button to the project's page. A reason too long for DingTalk's size limit
 * is cut, and the card points to the full text in 进度通.
 */
export function reportReviewedCard(report: ReviewedReport, projectUrl: string) {
  const fits = (card: ReturnType<typeof reviewCard>) => Buffer.byteLength(JSON.stringify(card)) <= workNotificationMaxBytes;
  const full = reviewCard(report, report.reason, projectUrl);
  if (fits(full)) return full;

  const characters = [...report.reason];
  for (let kept = characters.length - 1; kept >= 0; kept -= 1) {
    const card = reviewCard(report, characters.slice(0, kept).join('') + cutMark, projectUrl);
    if (fits(card)) return card;
  }
  throw new Error(`工作通知超过 ${workNotificationMaxBytes} 字节：项目 ${report.projectSeq}`);
}
