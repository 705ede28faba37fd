import type { ReactNode } from 'react';
import { List, Tag } from 'antd-mobile';
import type { DashboardOverview } from '../../api/index.ts';
import { formatNoticeDate } from '../../common/format.ts';
import { stageNames } from '../../common/stages.ts';

type OwedItem = DashboardOverview['overdue']['items'][number];

function OwedRow({ item }: { item: OwedItem }): ReactNode {
  const late = item.dueDate === null ? '已退回，待修改' : `应于${formatNoticeDate(item.dueDate)}前报送，已逾期 ${item.workingDaysLate} 个工作日`;
  return (
    <List.Item
      description={
        <span className="jdt-dash-owed__meta">
          {item.docNo} 第 {item.seq} 项 · {item.units.join('、')}
        </span>
      }
      extra={<Tag color={item.dueDate === null ? 'warning' : 'danger'}>{stageNames[item.stage]}</Tag>}
    >
      <span className="jdt-dash-owed__name">{item.name}</span>
      <span className="jdt-dash-owed__late">{late}</span>
    </List.Item>
  );
}

/** Lists the overdue stages, most overdue first, or the reports returned for correction. */
export function OwedList({ title, owed, empty, testId }: { title: string; owed: DashboardOverview['overdue']; empty: string; testId: string }): ReactNode {
  const more = owed.count > owed.items.length ? `，列出前 ${owed.items.length} 项` : '';
  return (
    <List mode="card" header={`${title}（${owed.count}）${more}`} data-testid={testId}>
      {owed.items.length === 0 ? <List.Item>{empty}</List.Item> : owed.items.map((item) => <OwedRow key={`${item.projectId}:${item.stage}`} item={item} />)}
    </List>
  );
}

function describeUnconfirmed(batch: DashboardOverview['confirmations'][number]): string {
  if (batch.unconfirmedUnits === 0) return '各单位均已确认';
  const named = batch.unconfirmed.map((unit) => (unit.contacts.length === 0 ? `${unit.unit}（无联系人）` : `${unit.unit}（${unit.contacts.join('、')}）`));
  const rest = batch.unconfirmedUnits > named.length ? `等 ${batch.unconfirmedUnits} 个单位` : '';
  return `未确认：${named.join('；')}${rest}`;
}

/** Shows each published batch's confirmations, with the units that have not confirmed and their contacts. */
export function ConfirmationList({ confirmations }: { confirmations: DashboardOverview['confirmations'] }): ReactNode {
  return (
    <List mode="card" header="接收确认" data-testid="dashboard-confirmations">
      {confirmations.length === 0 && <List.Item>没有符合条件的已发布批次</List.Item>}
      {confirmations.map((batch) => (
        <List.Item
          key={batch.batchId}
          description={describeUnconfirmed(batch)}
        >
          <span className="jdt-dash-confirm__title">{batch.docNo}</span>
          <span className="jdt-dash-confirm__counts">
            单位 {batch.unitsConfirmed}/{batch.units} · 联系人 {batch.contactsConfirmed}/{batch.contacts}
          </span>
        </List.Item>
      ))}
    </List>
  );
}
