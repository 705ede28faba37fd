import { useState, type ReactNode } from 'react';
import { Badge, Button, Tabs } from 'antd-mobile';
import { useParams, useSearchParams } from 'react-router-dom';
import { getBatch, getConfirmations, publishBatch, type BatchDetail, type Confirmations } from '../../api/index.ts';
import { useMe } from '../../auth/AuthContext.tsx';
import { Loaded } from '../../common/Loaded.tsx';
import { PageLayout } from '../../common/PageLayout.tsx';
import { useLoad, type Load } from '../../common/useLoad.ts';
import { BatchSummary } from './BatchSummary.tsx';
import { ConfirmationsTab } from './ConfirmationsTab.tsx';
import { FindingsTab } from './FindingsTab.tsx';
import { ProjectsTab } from './ProjectsTab.tsx';
import { confirmPublish, showPublishResult } from './publish.tsx';
import './AdminBatchPage.css';

const tabKeys = ['projects', 'findings', 'confirmations'] as const;
type TabKey = (typeof tabKeys)[number];

const isTabKey = (value: string | null): value is TabKey => tabKeys.some((key) => key === value);

/** Reads and sets the open tab. It is kept in the URL (?tab=…), so reloading or sharing the page keeps it. */
function useTab(): [TabKey, (tab: TabKey) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const value = searchParams.get('tab');
  const tab: TabKey = isTabKey(value) ? value : 'projects';
  const setTab = (next: TabKey): void => setSearchParams(next === 'projects' ? {} : { tab: next }, { replace: true });
  return [tab, setTab];
}

interface PublishBarProps {
  batchId: string;
  detail: Load<BatchDetail>;
  onPublished: () => void;
  confirmations: Load<Confirmations>;
}

function PublishBar({ batchId, detail, confirmations, onPublished }: PublishBarProps): ReactNode {
  const [publishing, setPublishing] = useState(false);
  if (detail.state.status !== 'loaded') return null;
  const { batch } = detail.state.data;

  const publish = async (): Promise<void> => {
    const recipients = confirmations.state.status === 'loaded' ? confirmations.state.data : undefined;
    if (!(await confirmPublish(batch.docNo, recipients))) return;

    setPublishing(true);
    try {
      const result = await publishBatch(batchId);
      detail.setData((data) => ({ ...data, batch: result.batch }));
      onPublished();
      await showPublishResult(result);
    } catch {
      // The request module has shown why. A 409 means another admin published it first, so reload to show that.
      detail.reload();
    } finally {
      setPublishing(false);
    }
  };

  return (
    <Button block color="primary" size="large" loading={publishing} loadingText="正在发布" onClick={() => void publish()}>
      发布
    </Button>
  );
}

/** Shows a batch to the bureau: its table, the importer's findings, the confirmations, and the publish button. */
export default function AdminBatchPage(): ReactNode {
  const { id = '' } = useParams();
  const me = useMe();
  const [tab, setTab] = useTab();
  const detail = useLoad((options) => getBatch(id, options), `batch:${id}`);
  const confirmations = useLoad((options) => getConfirmations(id, options), `confirmations:${id}`);

  const draft = detail.state.status === 'loaded' && detail.state.data.batch.status === 'draft';
  const onPublished = (): void => {
    setTab('confirmations');
    confirmations.reload();
  };
  const footer =
    draft && me.role === 'admin' ? (
      <PublishBar batchId={id} detail={detail} confirmations={confirmations} onPublished={onPublished} />
    ) : undefined;

  return (
    <PageLayout title="批次详情" backTo="/admin" footer={footer}>
      <Loaded load={detail}>
        {(data) => (
          <>
            <BatchSummary detail={data} />
            <Tabs activeKey={tab} onChange={(key) => setTab(isTabKey(key) ? key : 'projects')} className="jdt-batch-tabs">
              <Tabs.Tab key="projects" title={`项目 ${data.projects.length}`}>
                <ProjectsTab projects={data.projects} />
              </Tabs.Tab>
              <Tabs.Tab
                key="findings"
                title={
                  <Badge content={data.findings.length > 0 ? data.findings.length : null} style={{ '--right': '-10px', '--top': '2px' }}>
                    核对结果
                  </Badge>
                }
              >
                <FindingsTab findings={data.findings} year={data.batch.year} />
              </Tabs.Tab>
              <Tabs.Tab key="confirmations" title="确认情况">
                <Loaded load={confirmations}>
                  {(status) => <ConfirmationsTab batchId={id} confirmations={status} published={data.batch.status === 'published'} />}
                </Loaded>
              </Tabs.Tab>
            </Tabs>
          </>
        )}
      </Loaded>
    </PageLayout>
  );
}
