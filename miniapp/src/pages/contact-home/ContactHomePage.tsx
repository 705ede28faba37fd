import type { ReactNode } from 'react';
import { List, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { listBatches, type BatchListItem } from '../../api/index.ts';
import { Loaded } from '../../common/Loaded.tsx';
import { PageLayout } from '../../common/PageLayout.tsx';
import { formatNoticeDate } from '../../common/format.ts';
import { StatusBlock } from '../../common/StatusBlock.tsx';
import { useLoad } from '../../common/useLoad.ts';
import './ContactHomePage.css';

function BatchCard({ batch, onOpen }: { batch: BatchListItem; onOpen: () => void }): ReactNode {
  const confirmed = batch.myConfirmedAt !== null;
  return (
    <List.Item
      className="jdt-batch-card"
      onClick={onOpen}
      title={batch.docNo}
      description={
        <span className="jdt-batch-card__meta">
          <span>{formatNoticeDate(batch.issuedAt)}</span>
          <span>本单位项目 {batch.projectCount} 个</span>
        </span>
      }
      extra={
        <Tag color={confirmed ? 'success' : 'warning'} fill="outline">
          {confirmed ? '已确认' : '待确认'}
        </Tag>
      }
    >
      <span className="jdt-batch-card__title">{batch.title}</span>
    </List.Item>
  );
}

/** Lists the published batches that contain projects of the contact's units, as a contact's home page. */
export default function ContactHomePage(): ReactNode {
  const navigate = useNavigate();
  const batches = useLoad(listBatches, 'batches');

  return (
    <PageLayout title="我的项目计划">
      <Loaded load={batches}>
        {(items) =>
          items.length === 0 ? (
            <StatusBlock title="暂无项目计划" description="市大数据局下达涉及您单位的项目计划后，会显示在这里" />
          ) : (
            <List mode="card" header="市大数据局下达的项目计划">
              {items.map((batch) => (
                <BatchCard key={batch.id} batch={batch} onOpen={() => navigate(`/batches/${batch.id}`)} />
              ))}
            </List>
          )
        }
      </Loaded>
    </PageLayout>
  );
}
