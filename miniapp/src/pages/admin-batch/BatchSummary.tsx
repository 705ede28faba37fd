import type { ReactNode } from 'react';
import { Card, Tag } from 'antd-mobile';
import { batchWorkbookUrl, type BatchDetail } from '../../api/index.ts';
import { formatBeijingTime, formatNoticeDate, formatWanyuan } from '../../common/format.ts';

/** Shows the batch's header: the notice's facts and the table's totals, summed exactly in 分. */
export function BatchSummary({ detail }: { detail: BatchDetail }): ReactNode {
  const { batch, projects } = detail;
  const investmentTotal = projects.reduce((sum, project) => sum + project.investment.total, 0);
  const yearTotal = projects.reduce((sum, project) => sum + project.yearInvestment.total, 0);
  const published = batch.status === 'published';

  return (
    <Card className="jdt-summary">
      <div className="jdt-summary__head">
        <span className="jdt-summary__doc-no">{batch.docNo}</span>
        <Tag color={published ? 'success' : 'default'} fill="outline">
          {published ? '已发布' : '草稿'}
        </Tag>
      </div>
      <h2 className="jdt-summary__title">{batch.title}</h2>
      <div className="jdt-summary__meta">
        <span>{batch.issuers.join('、')}</span>
        <span>{formatNoticeDate(batch.issuedAt)}</span>
        {batch.publishedAt !== null && <span>发布于 {formatBeijingTime(batch.publishedAt)}</span>}
      </div>
      <dl className="jdt-summary__figures">
        <div>
          <dt>项目</dt>
          <dd>
            {batch.projectCount}
            <small> 个</small>
          </dd>
        </div>
        <div>
          <dt>总投资</dt>
          <dd>
            {formatWanyuan(investmentTotal)}
            <small> 万元</small>
          </dd>
        </div>
        <div>
          <dt>{batch.year}年投资</dt>
          <dd>
            {formatWanyuan(yearTotal)}
            <small> 万元</small>
          </dd>
        </div>
      </dl>
      {/* NOTE: DingTalk's phone client may open the workbook in its viewer instead of saving it; the PC client downloads it. */}
      <a className="jdt-summary__export" href={batchWorkbookUrl(batch.id)} download data-testid="batch-export">
        导出 Excel（计划表、进度和确认情况）
      </a>
    </Card>
  );
}
