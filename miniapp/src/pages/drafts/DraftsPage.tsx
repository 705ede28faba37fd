import { useState, type ReactNode } from 'react';
import { Button, Dialog, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { getMyProjects, type ReportState } from '../../api/index.ts';
import { useMe } from '../../auth/AuthContext.tsx';
import { PageSpinner } from '../../common/Loaded.tsx';
import { PageLayout } from '../../common/PageLayout.tsx';
import { StatusBlock } from '../../common/StatusBlock.tsx';
import { formatBeijingTime } from '../../common/format.ts';
import { stageNames, stageStateLabels, stateColors } from '../../common/stages.ts';
import { useLoad } from '../../common/useLoad.ts';
import { sendPendingDrafts } from '../../drafts/auto-send.ts';
import { sendDraft } from '../../drafts/send.ts';
import { deleteDraft, sendProgressOf, type Draft } from '../../drafts/store.ts';
import { useDraftList } from '../../drafts/useDrafts.ts';
import './DraftsPage.css';

/** Returns the review state of each of the contact's latest reports by report id, or an empty map while the server cannot be reached. */
function useServerStates(): ReadonlyMap<string, ReportState> {
  // Quiet, because this page is for working without a network: it then shows the last known states.
  const load = useLoad((options) => getMyProjects({ ...options, quietNetworkErrors: true }), 'my-projects');
  const states = new Map<string, ReportState>();
  if (load.state.status !== 'loaded') return states;
  for (const { projects } of load.state.data.batches) {
    for (const project of projects) {
      for (const stage of Object.values(project.stages)) {
        if (stage.reportId !== null && stage.state !== 'none') states.set(stage.reportId, stage.state);
      }
    }
  }
  return states;
}

function DraftStatus({ draft, serverState }: { draft: Draft; serverState: ReportState | undefined }): ReactNode {
  if (sendProgressOf(draft.id) !== undefined) return <Tag color="primary">发送中</Tag>;
  if (draft.status === 'draft') return <Tag color="default">草稿</Tag>;
  if (draft.status === 'pending') return <Tag color="warning">待发送</Tag>;
  const state = serverState ?? draft.sent?.state ?? 'submitted';
  return <Tag color={stateColors[state]}>{stageStateLabels[state]}</Tag>;
}

interface DraftItemProps {
  draft: Draft;
  serverState: ReportState | undefined;
  onRetry: () => void;
  retrying: boolean;
}

function DraftItem({ draft, serverState, onRetry, retrying }: DraftItemProps): ReactNode {
  const navigate = useNavigate();
  const formPath = `/projects/${draft.projectId}/report/${draft.stage}${draft.correctsReportId === null ? '' : `?correct=${encodeURIComponent(draft.correctsReportId)}`}`;
  const sending = sendProgressOf(draft.id) !== undefined;

  const remove = async (): Promise<void> => {
    const warning =
      draft.status === 'pending' ? '删除后这份报告不会再自动发送。如果它在断网前已送达，可在项目页面查看。' : '删除后填写的内容和文件不能恢复。';
    if (await Dialog.confirm({ title: '删除草稿', content: warning, confirmText: '删除', cancelText: '取消' })) {
      await deleteDraft(draft.id);
    }
  };

  return (
    <li className="jdt-draft" data-testid="draft">
      <div className="jdt-draft__head">
        <span className="jdt-draft__stage">
          {stageNames[draft.stage]}
          {draft.correctsReportId !== null && '（修改）'}
          {draft.sent !== null && ` 第 ${draft.sent.version} 版`}
        </span>
        <DraftStatus draft={draft} serverState={draft.sent === null ? undefined : serverState} />
      </div>
      <div className="jdt-draft__project">
        序号 {draft.projectSeq} · {draft.projectName}
      </div>
      <div className="jdt-draft__meta">
        {draft.status === 'sent' && draft.sent !== null ? `提交于 ${formatBeijingTime(draft.sent.at)}` : `保存于 ${formatBeijingTime(draft.updatedAt)}`}
        {draft.files.length > 0 && ` · 文件 ${draft.files.length} 个`}
      </div>
      {draft.status !== 'sent' && draft.lastError !== null && <div className="jdt-draft__error">上次发送失败：{draft.lastError.message}</div>}
      <div className="jdt-draft__actions">
        {draft.status === 'pending' && (
          <Button size="small" color="primary" loading={retrying || sending} loadingText="正在发送" onClick={onRetry}>
            重试
          </Button>
        )}
        {draft.status === 'draft' && (
          <Button size="small" color="primary" onClick={() => navigate(formPath)}>
            继续填写
          </Button>
        )}
        {draft.status === 'sent' && (
          <Button size="small" fill="outline" onClick={() => navigate(`/projects/${draft.projectId}`)}>
            查看项目
          </Button>
        )}
        {!sending && (
          <Button size="small" fill="none" className="jdt-draft__delete" onClick={() => void remove()}>
            删除
          </Button>
        )}
      </div>
    </li>
  );
}

/**
 * Lists the contact's drafts on this phone with the state of each: 草稿 while being written,
 * 待发送 while waiting for the network, then the server's 已提交 / 已退回 / 已通过.
 */
export default function DraftsPage(): ReactNode {
  const me = useMe();
  const drafts = useDraftList(me.userId);
  const serverStates = useServerStates();
  const [retrying, setRetrying] = useState<string | null>(null);

  const retry = async (draftId: string | null): Promise<void> => {
    setRetrying(draftId ?? 'all');
    try {
      if (draftId === null) await sendPendingDrafts();
      else await sendDraft(draftId);
    } finally {
      setRetrying(null);
    }
  };

  if (drafts === undefined) {
    return (
      <PageLayout title="我的草稿" backTo="/">
        <PageSpinner />
      </PageLayout>
    );
  }
  const pending = drafts.filter((draft) => draft.status === 'pending');
  return (
    <PageLayout title="我的草稿" backTo="/">
      {pending.length > 0 && (
        <div className="jdt-drafts-pending" role="status">
          <span>{pending.length} 份报告待发送，联网后会自动发送</span>
          <Button size="mini" color="warning" loading={retrying === 'all'} onClick={() => void retry(null)}>
            全部重试
          </Button>
        </div>
      )}
      {drafts.length === 0 ? (
        <StatusBlock title="没有草稿" description="填写中的报告会自动保存在这里；没有网络时提交的报告也在这里，联网后自动发送" />
      ) : (
        <ul className="jdt-drafts">
          {drafts.map((draft) => (
            <DraftItem
              key={draft.id}
              draft={draft}
              serverState={draft.sent === null ? undefined : serverStates.get(draft.sent.reportId)}
              retrying={retrying === draft.id || retrying === 'all'}
              onRetry={() => void retry(draft.id)}
            />
          ))}
        </ul>
      )}
      <p className="jdt-drafts-note">草稿只保存在这部手机上。</p>
    </PageLayout>
  );
}
