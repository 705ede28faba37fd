import { useState, type ReactNode } from 'react';
import { Button, Dialog, List, Selector, Tag, Toast } from 'antd-mobile';
import { useSearchParams } from 'react-router-dom';
import { listOutbox, resendOutboxMessage, type OutboxItem, type OutboxState } from '../../api/index.ts';
import { Loaded } from '../../common/Loaded.tsx';
import { AdminOnly } from '../../common/AdminOnly.tsx';
import { PageLayout } from '../../common/PageLayout.tsx';
import { formatBeijingTime } from '../../common/format.ts';
import { StatusBlock } from '../../common/StatusBlock.tsx';
import { useLoad } from '../../common/useLoad.ts';
import './MessagesPage.css';

/** How many messages one list shows, newest first; the server accepts at most 500. */
const listLimit = 100;

type StateFilter = OutboxState | 'all';

const filterOptions: Array<{ label: string; value: StateFilter }> = [
  { label: '全部', value: 'all' },
  { label: '待发送', value: 'pending' },
  { label: '已发送', value: 'sent' },
  { label: '失败', value: 'failed' },
];

const isStateFilter = (value: string | null): value is StateFilter => filterOptions.some((option) => option.value === value);

const stateColors: Record<OutboxState, 'default' | 'success' | 'danger'> = {
  pending: 'default',
  sent: 'success',
  failed: 'danger',
};

/** Reads and sets the state filter. It is kept in the URL (?state=…), so reloading the page keeps it. */
function useStateFilter(): [StateFilter, (filter: StateFilter) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const value = searchParams.get('state');
  const filter: StateFilter = isStateFilter(value) ? value : 'all';
  const setFilter = (next: StateFilter): void => setSearchParams(next === 'all' ? {} : { state: next }, { replace: true });
  return [filter, setFilter];
}

function recipientsOf(message: OutboxItem): string {
  if (message.kind === 'group') return '发送到工作群';
  if (message.kind === 'reply') return '回复机器人会话';
  const names = message.recipientNames.slice(0, 3).join('、');
  return message.recipientNames.length > 3 ? `发送给 ${names} 等 ${message.recipientNames.length} 人` : `发送给 ${names}`;
}

/**
 * Asks before resending, then queues the message again. Returns true when the list should be
 * reloaded: after a resend, and after a failed one, whose cause the request module has shown.
 */
async function resend(message: OutboxItem): Promise<boolean> {
  const confirmed = await Dialog.confirm({
    title: '重新发送这条消息？',
    content: `“${message.title || message.kindLabel}”将重新加入发送队列，${recipientsOf(message)}。`,
    confirmText: '重新发送',
    cancelText: '取消',
  });
  if (!confirmed) return false;

  try {
    await resendOutboxMessage(message.id);
  } catch {
    // A 409 means the message is no longer failed, so the reloaded list shows its state now.
    return true;
  }
  Toast.show({ icon: 'success', content: '已重新加入发送队列' });
  return true;
}

function MessageRow({ message, onResent }: { message: OutboxItem; onResent: () => void }): ReactNode {
  const [sending, setSending] = useState(false);
  const failed = message.state === 'failed';

  const onResend = async (): Promise<void> => {
    setSending(true);
    try {
      if (await resend(message)) onResent();
    } finally {
      setSending(false);
    }
  };

  return (
    <List.Item
      className="jdt-message"
      data-testid="outbox-message"
      data-state={message.state}
      extra={
        <Tag color={stateColors[message.state]} fill="outline">
          {message.stateLabel}
        </Tag>
      }
      description={
        <>
          <div className="jdt-message__meta">
            <span>{recipientsOf(message)}</span>
            <span>已尝试 {message.attempts} 次</span>
          </div>
          <div className="jdt-message__meta">
            <span>创建于 {formatBeijingTime(message.createdAt)}</span>
            {message.state === 'sent' && message.sentAt !== null && <span>发送于 {formatBeijingTime(message.sentAt)}</span>}
          </div>
          {failed && message.reason !== '' && <div className="jdt-message__reason">失败原因：{message.reason}</div>}
          {failed && (
            <Button className="jdt-message__resend" size="small" color="primary" fill="outline" loading={sending} onClick={() => void onResend()}>
              重新发送
            </Button>
          )}
        </>
      }
    >
      <span className="jdt-message__kind">{message.kindLabel}</span>
      <span className="jdt-message__title">{message.title === '' ? '（无标题）' : message.title}</span>
    </List.Item>
  );
}

const emptyTitles: Record<StateFilter, string> = {
  all: '暂无消息',
  pending: '没有待发送的消息',
  sent: '没有已发送的消息',
  failed: '没有发送失败的消息',
};

function MessageList(): ReactNode {
  const [filter, setFilter] = useStateFilter();
  const messages = useLoad((options) => listOutbox(filter === 'all' ? undefined : filter, listLimit, options), `outbox:${filter}`);

  return (
    <>
      <Selector<StateFilter>
        className="jdt-messages-filter"
        aria-label="按发送状态筛选"
        columns={4}
        options={filterOptions}
        value={[filter]}
        onChange={(values) => setFilter(values[0] ?? 'all')}
      />
      <Loaded load={messages}>
        {(items) =>
          items.length === 0 ? (
            <StatusBlock title={emptyTitles[filter]} description="发布批次、审核报告和催办时，进度通发出的钉钉消息会列在这里" />
          ) : (
            <List header={items.length === listLimit ? `最近 ${listLimit} 条，新的在前` : `共 ${items.length} 条，新的在前`}>
              {items.map((message) => (
                <MessageRow key={message.id} message={message} onResent={messages.reload} />
              ))}
            </List>
          )
        }
      </Loaded>
    </>
  );
}

/** Lists the DingTalk messages the product sent or queued, with a resend button on failed ones (bureau admins only). */
export default function MessagesPage(): ReactNode {
  return (
    <PageLayout title="消息发送情况" backTo="/admin">
      <AdminOnly notice={{ title: '仅管理员可以查看消息发送情况', description: '只读账号可以在计划批次中查看确认情况' }}>
        <MessageList />
      </AdminOnly>
    </PageLayout>
  );
}
