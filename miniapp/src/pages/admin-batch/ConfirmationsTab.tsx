import { useState, type ReactNode } from 'react';
import { List, Selector, Tag } from 'antd-mobile';
import type { Confirmations, UnitConfirmation } from '../../api/index.ts';
import { formatBeijingTime } from '../../common/format.ts';
import { StatusBlock } from '../../common/StatusBlock.tsx';

type Filter = 'all' | 'unconfirmed';

const filterOptions: Array<{ label: string; value: Filter }> = [
  { label: '全部', value: 'all' },
  { label: '未确认', value: 'unconfirmed' },
];

function UnitRow({ unit }: { unit: UnitConfirmation }): ReactNode {
  return (
    <List.Item
      className="jdt-unit-confirmation"
      data-testid={`unit-${unit.unit}`}
      extra={
        <Tag color={unit.confirmed ? 'success' : 'warning'} fill="outline">
          {unit.confirmed ? '已确认' : '未确认'}
        </Tag>
      }
      description={
        unit.contacts.length === 0 ? (
          <span className="jdt-unit-confirmation__missing">没有联系人，无法通知</span>
        ) : (
          <ul className="jdt-unit-confirmation__contacts">
            {unit.contacts.map((contact) => (
              <li key={contact.userId}>
                <span>{contact.name}</span>
                {contact.confirmedAt === null ? (
                  <span className="jdt-unit-confirmation__pending">未确认</span>
                ) : (
                  <span>{formatBeijingTime(contact.confirmedAt)} 确认</span>
                )}
              </li>
            ))}
          </ul>
        )
      }
    >
      {unit.unit}
      <span className="jdt-unit-confirmation__count">{unit.projectCount} 个项目</span>
    </List.Item>
  );
}

/** Shows, before publishing, how many contacts will be notified and which units have no contact on the roster. */
function BeforePublish({ confirmations }: { confirmations: Confirmations }): ReactNode {
  const { totals } = confirmations;
  const withoutContacts = confirmations.units.filter((unit) => unit.contacts.length === 0);
  return (
    <StatusBlock
      tone="info"
      title="批次尚未发布"
      description={
        <>
          <p>
            发布后将向 {totals.units} 个建设单位的 {totals.contacts} 位联系人发送工作通知，他们确认收到的情况会显示在这里。
          </p>
          {withoutContacts.length > 0 && (
            <p className="jdt-unit-confirmation__missing">
              以下 {withoutContacts.length} 个单位没有联系人，将收不到通知：{withoutContacts.map((unit) => unit.unit).join('、')}
            </p>
          )}
        </>
      }
    />
  );
}

/** Shows who confirmed receipt of a published batch, per unit and per contact. */
export function ConfirmationsTab({ confirmations, published }: { confirmations: Confirmations; published: boolean }): ReactNode {
  const [filter, setFilter] = useState<Filter>('all');
  if (!published) return <BeforePublish confirmations={confirmations} />;

  const { totals } = confirmations;
  const units = filter === 'all' ? confirmations.units : confirmations.units.filter((unit) => !unit.confirmed);

  return (
    <>
      <div className="jdt-confirmation-totals" data-testid="confirmation-totals">
        已确认 {totals.unitsConfirmed}/{totals.units} 个单位，{totals.contactsConfirmed}/{totals.contacts} 位联系人
      </div>
      <Selector
        className="jdt-confirmation-filter"
        options={filterOptions}
        value={[filter]}
        onChange={(values) => setFilter(values[0] ?? 'all')}
      />
      {units.length === 0 ? (
        <p className="jdt-empty-line">{filter === 'unconfirmed' ? '各单位均已确认收到' : '本批次没有建设单位'}</p>
      ) : (
        <List>
          {units.map((unit) => (
            <UnitRow key={unit.unitId} unit={unit} />
          ))}
        </List>
      )}
    </>
  );
}
