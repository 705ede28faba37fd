import type { ReactNode } from 'react';
import { List, Selector, Tag } from 'antd-mobile';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { listReports, type ReportListItem } from '../../api/index.ts';
import { Loaded } from '../../common/Loaded.tsx';
import { PageLayout } from '../../common/PageLayout.tsx';
import { formatBeijingTime } from '../../common/format.ts';
import { isStage, stageNames, stageOrder, type Stage } from '../../common/stages.ts';
import { StatusBlock } from '../../common/StatusBlock.tsx';
import { useLoad } from '../../common/useLoad.ts';
import { AdminOnly } from '../../common/AdminOnly.tsx';
import { fromQueue, reviewPath } from './navigation.ts';
import './ReviewQueuePage.css';

type StageFilter = Stage | 'all';

/** Reads and sets the stage filter. It is kept in the URL (?stage=…), so going back from a report keeps it. */
function useStageFilter(): [StageFilter, (filter: StageFilter) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const value = searchParams.get('stage') ?? undefined;
  const filter: StageFilter = isStage(value) ? value : 'all';
  const setFilter = (next: StageFilter): void => setSearchParams(next === 'all' ? {} : { stage: next }, { replace: true });
  return [filter, setFilter];
}

function QueueRow({ report, onOpen }: { report: ReportListItem; onOpen: () => void }): ReactNode {
  const missing = report.missingEvidence.length;
  return (
    <List.Item
      className="jdt-queue-item"
      data-testid="review-item"
      onClick={onOpen}
      description={
        <>
          <div className="jdt-queue-item__line">{report.project.units.join('、')}</div>
          <div className="jdt-queue-item__line">
            {report.author.name} 提交于 {formatBeijingTime(report.submittedAt)}
          </div>
          <div className="jdt-queue-item__tags">
            <Tag color="primary" fill="outline">
              {stageNames[report.stage]}
            </Tag>
            <span className="jdt-queue-item__version">第 {report.version} 版</span>
            {missing > 0 ? (
              <span className="jdt-queue-item__missing">缺 {missing} 项材料</span>
            ) : (
              <span className="jdt-queue-item__complete">材料齐全</span>
            )}
          </div>
        </>
      }
    >
      <span className="jdt-queue-item__seq">序号 {report.project.seq}</span>
      <span className="jdt-queue-item__name">{report.project.name}</span>
    </List.Item>
  );
}

function Queue({ reports }: { reports: ReportListItem[] }): ReactNode {
  const navigate = useNavigate();
  const [filter, setFilter] = useStageFilter();
  const countOf = (stage: Stage): number => reports.filter((report) => report.stage === stage).length;
  const options = [
    { label: `全部 ${reports.length}`, value: 'all' as const },
    ...stageOrder.map((stage) => ({ label: `${stageNames[stage]} ${countOf(stage)}`, value: stage })),
  ];
  const visibleReports = filter === 'all' ? reports : reports.filter((report) => report.stage === filter);

  if (reports.length === 0) {
    return <StatusBlock title="暂无待审核报告" description="建设单位提交或重新提交报告后，会按提交时间排在这里" />;
  }
  return (
    <>
      <Selector<StageFilter>
        className="jdt-queue-filter"
        aria-label="按阶段筛选"
        columns={4}
        options={options}
        value={[filter]}
        onChange={(values) => setFilter(values[0] ?? 'all')}
      />
      {filter !== 'all' && visibleReports.length === 0 ? (
        <p className="jdt-queue-empty">没有待审核的{stageNames[filter]}报告</p>
      ) : (
        <List header={`${visibleReports.length} 份待审核，先提交的在前`}>
          {visibleReports.map((report) => (
            <QueueRow key={report.id} report={report} onOpen={() => navigate(reviewPath(report.id), { state: fromQueue })} />
          ))}
        </List>
      )}
    </>
  );
}

function QueueLoader(): ReactNode {
  const reports = useLoad((options) => listReports('submitted', options), 'reports:submitted');
  return (
    <PageLayout title="待审核报告" backTo="/admin">
      <Loaded load={reports}>{(items) => <Queue reports={items} />}</Loaded>
    </PageLayout>
  );
}

/** Lists the submitted reports awaiting the bureau's review, oldest first, with a filter by stage. */
export default function ReviewQueuePage(): ReactNode {
  return (
    <AdminOnly notice={{ title: '仅管理员可以审核报告', description: '只读账号可以在计划批次中查看项目和确认情况' }} layout={{ title: '待审核报告', backTo: '/admin' }}>
      <QueueLoader />
    </AdminOnly>
  );
}
