import type { ReactNode } from 'react';
import { List, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { listBatches, listReports, type BatchListItem } from '../../api/index.ts';
import { useMe } from '../../auth/AuthContext.tsx';
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

/** Links to the review queue, with the number of reports awaiting review, and to the checklist settings. */
function ReviewEntries(): ReactNode {
  const navigate = useNavigate();
  const waiting = useLoad((options) => listReports('submitted', options), 'reports:submitted');
  const count = waiting.state.status === 'loaded' ? `（${waiting.state.data.length}）` : '';

  return (
    <List mode="card" header="报送审核">
      <List.Item className="jdt-admin-entry" onClick={() => navigate('/admin/reviews')} data-testid="entry-reviews">
        待审核报告{count}
      </List.Item>
      <List.Item className="jdt-admin-entry" onClick={() => navigate('/admin/checklist')} description="各阶段报送时应上传的证明材料">
        材料清单设置
      </List.Item>
    </List>
  );
}

interface EntryProps {
  header: string;
  title: string;
  description: string;
  path: string;
  testId: string;
}

/** Links to one of the bureau's pages, as a card with a header and a line on what the page does. */
function Entry({ header, title, description, path, testId }: EntryProps): ReactNode {
  const navigate = useNavigate();
  return (
    <List mode="card" header={header}>
      <List.Item className="jdt-admin-entry" onClick={() => navigate(path)} description={description} data-testid={testId}>
        {title}
      </List.Item>
    </List>
  );
}

/** The admins' pages besides the dashboard, the reviews and the batches. */
const adminEntries: EntryProps[] = [
  { header: '钉钉消息', title: '消息发送情况', description: '工作通知、群消息的发送结果，失败的可重新发送', path: '/admin/messages', testId: 'entry-messages' },
  {
    header: '计划导入',
    title: '导入计划通知',
    description: '上传通知全文或项目表（.txt、.tsv、.xlsx），预览核对后保存',
    path: '/admin/import',
    testId: 'entry-import',
  },
  { header: '操作记录', title: '操作记录', description: '谁在什么时候改了什么，改前改后的内容', path: '/admin/audit', testId: 'entry-audit' },
  { header: '联系人', title: '联系人管理', description: '新增、编辑、停用联系人，或从钉钉通讯录同步', path: '/admin/contacts', testId: 'entry-contacts' },
];

/** Tells a leader with the viewer role what this read-only account shows. */
function ViewerNote(): ReactNode {
  return (
    <div className="jdt-viewer-note" data-testid="viewer-note">
      您使用的是只读账号：可以查看各计划批次、项目和确认情况，不能发布、审核或修改。涉密项目只显示“涉密，略”，不显示报送内容。
    </div>
  );
}

/**
 * Shows the bureau's home page: the dashboard entry, the admins' entries, a read-only note for
 * viewers, and every imported batch, drafts and published ones.
 */
export default function AdminHomePage(): ReactNode {
  const navigate = useNavigate();
  const me = useMe();
  const batches = useLoad(listBatches, 'batches');

  return (
    <PageLayout title="计划批次">
      <Entry header="驾驶舱" title="项目进度驾驶舱" description="各批次项目进度、资金执行率、逾期和退回情况" path="/admin/dashboard" testId="entry-dashboard" />
      {me.role === 'admin' && <ReviewEntries />}
      {me.role === 'admin' && adminEntries.map((entry) => <Entry key={entry.path} {...entry} />)}
      {me.role === 'viewer' && <ViewerNote />}
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
