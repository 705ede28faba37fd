import { useEffect, useState, type ReactNode } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { getProject, type ProjectDetailResponse } from '../../api/index.ts';
import { useMe } from '../../auth/AuthContext.tsx';
import { Loaded, PageSpinner } from '../../common/Loaded.tsx';
import { PageLayout } from '../../common/PageLayout.tsx';
import { StatusBlock } from '../../common/StatusBlock.tsx';
import { isStage, stageNames, type Stage } from '../../common/stages.ts';
import { useLoad } from '../../common/useLoad.ts';
import { findOpenDraft, randomId, type Draft } from '../../drafts/store.ts';
import { ReportForm } from './ReportForm.tsx';
import { initialValues, valuesFromReport } from './values.ts';
import './ReportFormPage.css';

// Starts when this chunk loads, so that the drafts page can still open after a submission without
// a network. A page whose code was never downloaded cannot open offline.
const draftsPageReady: Promise<boolean> = import('../drafts/DraftsPage.tsx').then(
  () => true,
  () => false,
);

type Opened = { status: 'opening' } | { status: 'ready'; draft: Draft; returnedReason: string | null } | { status: 'refused'; message: string };

/**
 * Opens the draft of this form: the unsent one from an earlier visit, or a new one filled from
 * the report being corrected or from the project's latest report.
 */
function useOpenDraft(detail: ProjectDetailResponse, stage: Stage, correctsReportId: string | null, userId: string): Opened {
  const [opened, setOpened] = useState<Opened>({ status: 'opening' });

  useEffect(() => {
    let active = true;
    const { project } = detail;
    const report = correctsReportId === null ? undefined : detail.reports.find((each) => each.id === correctsReportId);
    if (correctsReportId !== null) {
      if (report === undefined || report.stage !== stage) {
        setOpened({ status: 'refused', message: '找不到要修改的报告，它可能已被删除或不属于该项目' });
        return;
      }
      if (report.state === 'accepted') {
        setOpened({ status: 'refused', message: '该报告已通过审核，不能再修改' });
        return;
      }
    }
    const returnedReason = report?.state === 'returned' ? (report.review?.reason ?? null) : null;

    const fresh = (): Draft => {
      const now = new Date().toISOString();
      return {
        id: randomId(),
        userId,
        projectId: project.id,
        projectName: project.name,
        projectSeq: project.seq,
        classified: project.classified,
        stage,
        correctsReportId,
        values: report === undefined ? initialValues(detail) : valuesFromReport(report),
        files: (report?.evidence ?? []).map((file) => ({
          localId: randomId(),
          name: file.name,
          size: file.size,
          type: file.contentType,
          item: file.item,
          blob: null,
          fileId: file.id,
        })),
        status: 'draft',
        submission: null,
        lastError: null,
        sent: null,
        createdAt: now,
        updatedAt: now,
      };
    };

    findOpenDraft(userId, project.id, stage, correctsReportId).then(
      (existing) => {
        if (active) setOpened({ status: 'ready', draft: existing ?? fresh(), returnedReason });
      },
      (error: unknown) => {
        // Without IndexedDB the form still works, and the autosave line shows that nothing is saved.
        console.error('reading drafts failed', error);
        if (active) setOpened({ status: 'ready', draft: fresh(), returnedReason });
      },
    );
    return () => {
      active = false;
    };
  }, [detail, stage, correctsReportId, userId]);

  return opened;
}

function OpenForm({ detail, stage, correctsReportId }: { detail: ProjectDetailResponse; stage: Stage; correctsReportId: string | null }): ReactNode {
  const me = useMe();
  const opened = useOpenDraft(detail, stage, correctsReportId, me.userId);
  if (opened.status !== 'ready') {
    return (
      <PageLayout title={`报送${stageNames[stage]}`} backTo={`/projects/${detail.project.id}`}>
        {opened.status === 'opening' ? <PageSpinner /> : <StatusBlock tone="info" title="不能修改" description={opened.message} />}
      </PageLayout>
    );
  }
  return <ReportForm key={opened.draft.id} draftsPageReady={draftsPageReady} detail={detail} stage={stage} initial={opened.draft} returnedReason={opened.returnedReason} />;
}

/**
 * Renders the form to report a stage of a project (`/projects/:id/report/:stage`) or to correct a
 * report (`?correct=<reportId>`). Only this route loads it, with the date picker, zod and the upload code.
 */
export default function ReportFormPage(): ReactNode {
  const { id = '', stage } = useParams();
  const [searchParams] = useSearchParams();
  const correctsReportId = searchParams.get('correct');
  const load = useLoad((options) => getProject(id, options), `project:${id}`);

  if (!isStage(stage)) {
    return (
      <PageLayout title="报送" backTo={`/projects/${id}`}>
        <StatusBlock title="没有这个报送阶段" description="请从项目页面选择要报送的阶段" />
      </PageLayout>
    );
  }
  if (load.state.status === 'loaded') {
    return <OpenForm detail={load.state.data} stage={stage} correctsReportId={correctsReportId} />;
  }
  return (
    <PageLayout title={`报送${stageNames[stage]}`} backTo={`/projects/${id}`}>
      <Loaded load={load}>{() => null}</Loaded>
    </PageLayout>
  );
}
