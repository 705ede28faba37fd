import type { ReactNode } from 'react';
import { List, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { listBatches, type BatchListItem } from '../../api/index.ts';
import { Loaded } from '../../common/Loaded.tsx';
import { PageLayout } from '../../common/PageLayout.tsx';
import { formatNoticeDate } from '../../common/format.ts';
import { StatusBlock } from '../../common/StatusBlock.tsx';
import { useLoad } from '../../common/useLoad.ts';
import './AdminHomePage.css';

function BatchRow({ batch, onOpen }: { batch: BatchListItem; onOpen: () => void }): ReactNode {
  const published = batch.status === 'published';
  return (
    <List.Item
      className="jdt-admin-batch"
      onClick={onOpen}
      title={batch.docNo}
      description={
        <span className="jdt-admin-batch__meta">
          <span>{formatNoticeDate(batch.issuedAt)}</span>
          <span>{batch.projectCount} 个项目</span>
        </span>
      }
      extra={
        <Tag color={published ? 'success' : 'default'} fill="outline">
          {published ? '已发布' : '草稿'}
        </Tag>
      }
    >
      <span className="jdt-admin-batch__title">{batch.title}</span>
    </List.Item>
  );
}

/** Lists every imported batch, drafts and published ones, as the bureau's home page. */
export default function AdminHomePage(): ReactNode {
  const navigate = useNavigate();
  const batches = useLoad(listBatches, 'batches');

  return (
    <PageLayout title="计划批次">
      <Loaded load={batches}>
        {(items) =>
          items.length === 0 ? (
            <StatusBlock title="暂无计划批次" description="导入项目计划通知后，批次会显示在这里" />
          ) : (
            <List mode="card" header={`共 ${items.length} 个批次`}>
              {items.map((batch) => (
                <BatchRow key={batch.id} batch={batch} onOpen={() => navigate(`/admin/batches/${batch.id}`)} />
              ))}
            </List>
          )
        }
      </Loaded>
    </PageLayout>
  );
}
