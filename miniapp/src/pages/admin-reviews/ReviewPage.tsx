import type { ReactNode } from 'react';
import { Card, Tag, Toast } from 'antd-mobile';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { getProject, getReportVersions, type ProjectDetailResponse, type ReportView, type RequestOptions, type ReviewDecision } from '../../api/index.ts';
import { Loaded } from '../../common/Loaded.tsx';
import { PageLayout } from '../../common/PageLayout.tsx';
import { formatBeijingTime, formatPeriod, formatWanyuan } from '../../common/format.ts';
import { stageNames, stageStateLabels, stateColors } from '../../common/stages.ts';
import { useLoad } from '../../common/useLoad.ts';
import { AdminOnly } from '../../common/AdminOnly.tsx';
import { EarlierVersions } from './EarlierVersions.tsx';
import { EvidenceList } from './EvidenceList.tsx';
import { ReportFields } from './ReportFields.tsx';
import { ReviewActions } from './ReviewActions.tsx';
import { isFromQueue, queuePath } from './navigation.ts';
import './ReviewPage.css';

interface ReviewData {
  /** The report as it is now: its current version and state. */
  report: ReportView;
  /** Versions before the current one, newest first. */
  earlier: ReportView[];
  detail: ProjectDetailResponse;
}

/**
 * Loads a report with its kept versions, and its project for the plan data and the checklist.
 * There is no request for one report, so the current one is read from the project's reports.
 */
async function loadReview(reportId: string, options: RequestOptions): Promise<ReviewData> {
  const versions = await getReportVersions(reportId, options);
  const last = versions[versions.length - 1];
  if (last === undefined) throw new Error('该报告没有任何版本记录');

  const detail = await getProject(last.projectId, options);
  const report = detail.reports.find((candidate) => candidate.id === reportId) ?? last;
  const earlier = versions.filter((version) => version.version < report.version).reverse();
  return { report, earlier, detail };
}

function ReportHeader({ report, detail }: { report: ReportView; detail: ProjectDetailResponse }): ReactNode {
  const { project, batch } = detail;
  return (
    <Card className="jdt-review-card jdt-review-head">
      <div className="jdt-review-head__tags">
        <Tag color="primary">{stageNames[report.stage]}</Tag>
        <span className="jdt-review-head__version">第 {report.version} 版</span>
        {project.classified && <Tag color="danger">涉密</Tag>}
        {report.state !== 'submitted' && (
          <Tag color={stateColors[report.state]} fill="outline">
            {stageStateLabels[report.state]}
          </Tag>
        )}
      </div>
      <h2 className="jdt-review-head__project">
        <span className="jdt-review-head__seq">序号 {project.seq}</span>
        {project.name}
      </h2>
      <div className="jdt-review-head__meta">{project.units.join('、')}</div>
      <div className="jdt-review-head__meta">
        {report.author.name} 提交于 {formatBeijingTime(report.submittedAt)}
      </div>
      <dl className="jdt-review-plan" aria-label="项目计划">
        <div>
          <dt>总投资</dt>
          <dd>
            {formatWanyuan(project.investment.total)}
            <small> 万元</small>
          </dd>
          <dd className="jdt-review-plan__sources">
            专项 {formatWanyuan(project.investment.special)} · 其他 {formatWanyuan(project.investment.other)}
          </dd>
        </div>
        <div>
          <dt>{project.yearInvestment.year}年投资</dt>
          <dd>
            {formatWanyuan(project.yearInvestment.total)}
            <small> 万元</small>
          </dd>
          <dd className="jdt-review-plan__sources">
            建设年限 {formatPeriod(project.period)}
          </dd>
        </div>
      </dl>
      <div className="jdt-review-head__batch">所属计划：{batch.docNo}</div>
    </Card>
  );
}

/** Tells who already decided on the report, for a report opened after its review. */
function ReviewedBanner({ report }: { report: ReportView }): ReactNode {
  if (report.review === null) return null;
  const returned = report.review.decision === 'return';
  return (
    <div className={returned ? 'jdt-review-banner jdt-review-banner--returned' : 'jdt-review-banner'} role="status">
      {report.review.by.name} 于 {formatBeijingTime(report.review.at)} {returned ? '退回了该报告' : '审核通过了该报告'}
      {report.review.reason !== '' && (
        <div>
          {returned ? '退回理由' : '审核意见'}：{report.review.reason}
        </div>
      )}
    </div>
  );
}

function ReviewContent({ data }: { data: ReviewData }): ReactNode {
  const { report, earlier, detail } = data;
  const { classified } = detail.project;
  return (
    <>
      <ReportHeader report={report} detail={detail} />
      <ReviewedBanner report={report} />
      {classified && <p className="jdt-review-secret">涉密项目只报送日期、金额和状态，不提供文件和文字内容</p>}
      <ReportFields report={report} classified={classified} investmentTotal={detail.project.investment.total} />
      <EvidenceList evidence={report.evidence} checklist={detail.checklist[report.stage]} missing={report.missingEvidence} classified={classified} />
      <EarlierVersions versions={earlier} current={report} classified={classified} />
    </>
  );
}

function ReviewLoader({ reportId }: { reportId: string }): ReactNode {
  const navigate = useNavigate();
  const location = useLocation();
  const load = useLoad((options) => loadReview(reportId, options), `review:${reportId}`);

  const onReviewed = (decision: ReviewDecision['decision']): void => {
    Toast.show({ icon: 'success', content: decision === 'accept' ? '已通过' : '已退回' });
    // Goes back to the queue the admin came from, with its filter. A page opened from a link replaces itself with the queue.
    if (isFromQueue(location.state)) navigate(-1);
    else navigate(queuePath, { replace: true });
  };

  const { state } = load;
  const footer =
    state.status === 'loaded' && state.data.report.state === 'submitted' ? (
      <ReviewActions report={state.data.report} onReviewed={onReviewed} onStale={load.reload} />
    ) : undefined;
  return (
    <PageLayout title="审核报告" backTo={queuePath} footer={footer}>
      <Loaded load={load}>{(data) => <ReviewContent data={data} />}</Loaded>
    </PageLayout>
  );
}

/** Shows a submitted report to the bureau with everything needed to accept or return it. */
export default function ReviewPage(): ReactNode {
  const { id = '' } = useParams();
  return (
    <AdminOnly notice={{ title: '仅管理员可以审核报告', description: '只读账号可以在计划批次中查看项目和确认情况' }} layout={{ title: '审核报告', backTo: queuePath }}>
      <ReviewLoader reportId={id} />
    </AdminOnly>
  );
}
