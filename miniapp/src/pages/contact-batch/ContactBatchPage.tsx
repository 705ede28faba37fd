import { useState, type ReactNode } from 'react';
import { Button, Card, Toast } from 'antd-mobile';
import { useParams } from 'react-router-dom';
import { confirmBatch, getMyBatch, type MyBatch } from '../../api/index.ts';
import { Loaded } from '../../common/Loaded.tsx';
import { PageLayout } from '../../common/PageLayout.tsx';
import { formatBeijingTime, formatNoticeDate } from '../../common/format.ts';
import { useLoad, type Load } from '../../common/useLoad.ts';
import { ProjectCard } from '../../common/ProjectCard.tsx';
import './ContactBatchPage.css';

function ConfirmBar({ batchId, load }: { batchId: string; load: Load<MyBatch> }): ReactNode {
  const [confirming, setConfirming] = useState(false);
  if (load.state.status !== 'loaded') return null;
  const { confirmedAt } = load.state.data;

  if (confirmedAt !== null) {
    return (
      <div className="jdt-confirmed" role="status">
        <span className="jdt-confirmed__icon" aria-hidden="true">
          ✓
        </span>
        已于 {formatBeijingTime(confirmedAt)} 确认收到
      </div>
    );
  }

  const confirm = async (): Promise<void> => {
    setConfirming(true);
    try {
      const result = await confirmBatch(batchId);
      load.setData((data) => ({ ...data, confirmedAt: result.confirmedAt }));
      Toast.show({ icon: 'success', content: '已确认收到' });
    } catch {
      // The request module has shown why; the button stays for another try.
    } finally {
      setConfirming(false);
    }
  };

  return (
    <Button block color="primary" size="large" loading={confirming} loadingText="正在确认" onClick={() => void confirm()}>
      确认收到
    </Button>
  );
}

function Notice({ batch }: { batch: MyBatch['batch'] }): ReactNode {
  return (
    <Card className="jdt-notice">
      <div className="jdt-notice__doc-no">{batch.docNo}</div>
      <h2 className="jdt-notice__title">{batch.title}</h2>
      <div className="jdt-notice__meta">
        <span>{batch.issuers.join('、')}</span>
        <span>{formatNoticeDate(batch.issuedAt)}</span>
      </div>
      <p className="jdt-notice__reminder">
        请在项目实施过程中，通过进度通及时报送招标采购、合同备案、监理、验收、运营、绩效自评等情况。
      </p>
    </Card>
  );
}

/**
 * Shows a published batch to a unit contact: the notice, their units' projects and the one-tap
 * confirmation of receipt. The work notification's "确认收到" button opens this page.
 */
export default function ContactBatchPage(): ReactNode {
  const { id = '' } = useParams();
  const load = useLoad((options) => getMyBatch(id, options), `mine:${id}`);

  return (
    <PageLayout title="项目计划" backTo="/" footer={load.state.status === 'loaded' ? <ConfirmBar batchId={id} load={load} /> : undefined}>
      <Loaded load={load}>
        {({ batch, projects }) => (
          <>
            <Notice batch={batch} />
            <h2 className="jdt-section-title">本单位项目（{projects.length} 个）</h2>
            {projects.map((project) => (
              <ProjectCard key={project.id} project={project} />
            ))}
          </>
        )}
      </Loaded>
    </PageLayout>
  );
}
