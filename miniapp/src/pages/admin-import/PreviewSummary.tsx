import type { ReactNode } from 'react';
import { List, Tag } from 'antd-mobile';
import type { ImportPreview } from '../../api/index.ts';
import { formatNoticeDate, formatWanyuan } from '../../common/format.ts';

type Notice = ImportPreview['notice'];
type NoticeProject = Notice['projects'][number];

const sumOf = (projects: NoticeProject[], amount: (project: NoticeProject) => number): string =>
  formatWanyuan(projects.reduce((total, project) => total + amount(project), 0));

const seqList = (seqs: number[]): string => seqs.join('、');

/** Describes what saving the file would do to the stored batch of the same 文号. */
function ExistingBatchNote({ existing }: { existing: NonNullable<ImportPreview['existingBatch']> }): ReactNode {
  const published = existing.status === 'published';
  const modified = existing.changedSeqs.filter((seq) => !existing.addedSeqs.includes(seq) && !existing.removedSeqs.includes(seq));
  const lines: string[] = [];
  if (modified.length > 0) lines.push(`改变序号 ${seqList(modified)} 的计划内容`);
  if (existing.addedSeqs.length > 0) lines.push(`新增序号 ${seqList(existing.addedSeqs)}`);
  if (existing.removedSeqs.length > 0) lines.push(`删除序号 ${seqList(existing.removedSeqs)}`);

  return (
    <div className="jdt-import-existing" data-testid="existing-batch">
      <Tag color={published ? 'danger' : 'warning'} fill="outline">
        {published ? '同文号批次已发布' : '同文号批次已存在（草稿）'}
      </Tag>
      <p>
        {lines.length === 0 ? '文件内容与已保存的批次相同，确认导入只更新导入时间。' : `确认导入将更新该批次：${lines.join('；')}。`}
      </p>
    </div>
  );
}

/** Shows the parsed batch: 文号, title, date, project counts and totals in 万元 with the table's decimals. */
export function PreviewSummary({ preview }: { preview: ImportPreview }): ReactNode {
  const { batch, projects } = preview.notice;
  const count = (nature: NoticeProject['nature']): number => projects.filter((project) => project.nature === nature).length;

  return (
    <List mode="card" header={`预览：${preview.fileName}`} className="jdt-import-preview" data-testid="import-preview">
      <List.Item title="文号">{batch.docNo}</List.Item>
      <List.Item title="标题">{batch.title}</List.Item>
      <List.Item title="发文日期">{formatNoticeDate(batch.issuedAt)}</List.Item>
      {batch.issuers.length > 0 && <List.Item title="发文单位">{batch.issuers.join('、')}</List.Item>}
      <List.Item title="项目" data-testid="preview-projects">
        {projects.length} 个（新建 {count('new')}，新建（升级） {count('upgrade')}，历年 {count('continuing')}）
      </List.Item>
      <List.Item title="总投资额（万元）" data-testid="preview-investment">
        {sumOf(projects, (project) => project.investment.total)}（信息化专项 {sumOf(projects, (project) => project.investment.special)}，其他{' '}
        {sumOf(projects, (project) => project.investment.other)}）
      </List.Item>
      <List.Item title={`${batch.year}年投资额（万元）`} data-testid="preview-year-investment">
        {sumOf(projects, (project) => project.yearInvestment.total)}（信息化专项 {sumOf(projects, (project) => project.yearInvestment.special)}，其他{' '}
        {sumOf(projects, (project) => project.yearInvestment.other)}）
      </List.Item>
      {preview.existingBatch !== null && (
        <List.Item>
          <ExistingBatchNote existing={preview.existingBatch} />
        </List.Item>
      )}
    </List>
  );
}
