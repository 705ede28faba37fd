import type { ReactNode } from 'react';
import { Button, Steps, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import type { ProjectDetailResponse, ReportView, StageState } from '../../api/index.ts';
import { formatBeijingTime } from '../../common/format.ts';
import { stageNames, stageOrder, stageStateLabels, stateColors, type Stage } from '../../common/stages.ts';
import { fromProjectPage } from '../../common/form-origin.ts';
import type { Draft } from '../../drafts/store.ts';

const stepStatus: Record<StageState['state'], 'wait' | 'process' | 'finish' | 'error'> = {
  none: 'wait',
  submitted: 'process',
  returned: 'error',
  accepted: 'finish',
};

function ReportLine({ report }: { report: ReportView }): ReactNode {
  const kind = report.stage === 'acceptance' && 'kind' in report.fields ? `${String(report.fields.kind)} · ` : '';
  return (
    <div className="jdt-stage-report" data-testid={`report-${report.id}`}>
      <div className="jdt-stage-report__line">
        <span className="jdt-stage-report__version">
          {kind}第 {report.version} 版
        </span>
        <Tag color={stateColors[report.state]} fill="outline">
          {stageStateLabels[report.state]}
        </Tag>
      </div>
      <div className="jdt-stage-report__meta">
        {report.author.name} 提交于 {formatBeijingTime(report.submittedAt)}
        {report.evidence.length > 0 && ` · 材料 ${report.evidence.length} 个`}
      </div>
      {report.state === 'returned' && report.review !== null && (
        <div className="jdt-stage-report__reason">退回原因：{report.review.reason}</div>
      )}
      {report.missingEvidence.length > 0 && <div className="jdt-stage-report__missing">缺少材料：{report.missingEvidence.join('、')}</div>}
    </div>
  );
}

interface StageStepProps {
  projectId: string;
  stage: Stage;
  state: StageState;
  reports: ReportView[];
  /** The unsent draft of this stage (a new report or a correction), if any. */
  draft: Draft | undefined;
}

/** Shows the contact's next action for a stage: report it, continue a draft, or correct a report. */
function StageAction({ projectId, stage, state, reports, draft }: StageStepProps): ReactNode {
  const navigateTo = useNavigate();
  const navigate = (path: string): void => {
    void navigateTo(path, { state: fromProjectPage });
  };
  const formPath = `/projects/${projectId}/report/${stage}`;
  const latest = reports.find((report) => report.id === state.reportId) ?? reports[0];

  if (draft?.status === 'pending') {
    return (
      <Button size="small" fill="outline" onClick={() => navigate('/drafts')}>
        待发送，查看草稿
      </Button>
    );
  }
  if (draft !== undefined) {
    const correct = draft.correctsReportId === null ? '' : `?correct=${encodeURIComponent(draft.correctsReportId)}`;
    return (
      <Button size="small" color="primary" onClick={() => navigate(`${formPath}${correct}`)}>
        继续填写
      </Button>
    );
  }
  if (latest === undefined) {
    return (
      <Button size="small" color="primary" onClick={() => navigate(formPath)}>
        报送
      </Button>
    );
  }
  if (latest.state === 'returned') {
    return (
      <Button size="small" color="danger" onClick={() => navigate(`${formPath}?correct=${encodeURIComponent(latest.id)}`)}>
        修改后重新提交
      </Button>
    );
  }
  if (latest.state === 'submitted') {
    return (
      <Button size="small" fill="outline" onClick={() => navigate(`${formPath}?correct=${encodeURIComponent(latest.id)}`)}>
        修改报告
      </Button>
    );
  }
  // 终验 follows an accepted 初验 as a report of its own.
  if (stage === 'acceptance' && 'kind' in latest.fields && latest.fields.kind === '初验') {
    return (
      <Button size="small" fill="outline" color="primary" onClick={() => navigate(formPath)}>
        报送终验
      </Button>
    );
  }
  return null;
}

/** Shows the six stages of a project in order, each with its reports and the next action. */
export function StageTimeline({ detail, drafts }: { detail: ProjectDetailResponse; drafts: Draft[] }): ReactNode {
  const { project, stages, reports } = detail;
  return (
    <div className="jdt-stages">
      <Steps direction="vertical">
      {stageOrder.map((stage) => {
        const state = stages[stage];
        const stageReports = reports.filter((report) => report.stage === stage);
        const open = drafts.find((each) => each.stage === stage && each.status !== 'sent');
        return (
          <Steps.Step
            key={stage}
            status={stepStatus[state.state]}
            title={
              <span className="jdt-stage__title">
                {stageNames[stage]}
                <Tag color={stateColors[state.state]} fill={state.state === 'none' ? 'outline' : 'solid'}>
                  {stageStateLabels[state.state]}
                </Tag>
                {open !== undefined && (
                  <Tag color={open.status === 'pending' ? 'warning' : 'default'} fill="outline">
                    {open.status === 'pending' ? '待发送' : '草稿'}
                  </Tag>
                )}
              </span>
            }
            description={
              <div className="jdt-stage__body" data-testid={`stage-${stage}`}>
                {stageReports.map((report) => (
                  <ReportLine key={report.id} report={report} />
                ))}
                <div className="jdt-stage__action">
                  <StageAction projectId={project.id} stage={stage} state={state} reports={stageReports} draft={open} />
                </div>
              </div>
            }
          />
        );
      })}
      </Steps>
    </div>
  );
}
