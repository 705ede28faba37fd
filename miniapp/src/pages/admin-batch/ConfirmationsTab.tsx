import { useState, type ReactNode } from 'react';
import { List, Selector, Tag } from 'antd-mobile';
import { getDelivery, type Confirmations, type Delivery, type DeliveryState, type UnitConfirmation } from '../../api/index.ts';
import { formatBeijingTime } from '../../common/format.ts';
import { StatusBlock } from '../../common/StatusBlock.tsx';
import { useLoad } from '../../common/useLoad.ts';
import { DeliverySummary, DeliveryTag, ReminderHistory } from './DeliveryStatus.tsx';

type Filter = 'all' | 'unconfirmed';

const filterOptions: Array<{ label: string; value: Filter }> = [
  { label: '全部', value: 'all' },
  { label: '未确认', value: 'unconfirmed' },
];

/** A contact's delivery state and DingTalk's error for an undelivered notice, by userid. */
type DeliveryByUser = Map<string, { state: DeliveryState; lastError: string }>;

function deliveryByUser(delivery: Delivery): DeliveryByUser {
  return new Map(delivery.units.flatMap((unit) => unit.contacts.map((contact) => [contact.userId, contact] as const)));
}

type Contact = UnitConfirmation['contacts'][number];

/** Shows a contact's delivery state once it has loaded, and the confirmation alone before. */
function ContactLine({ contact, delivery }: { contact: Contact; delivery: DeliveryByUser | undefined }): ReactNode {
  const status = delivery?.get(contact.userId);
  const confirmedAt = contact.confirmedAt === null ? null : <span>{formatBeijingTime(contact.confirmedAt)} 确认</span>;
  if (status === undefined) {
    return (
      <li data-testid={`contact-${contact.userId}`}>
        <span>{contact.name}</span>
        {confirmedAt ?? <span className="jdt-unit-confirmation__pending">未确认</span>}
      </li>
    );
  }
  return (
    <li data-testid={`contact-${contact.userId}`}>
      <span>{contact.name}</span>
      <span className="jdt-unit-confirmation__state">
        {confirmedAt}
        <DeliveryTag state={status.state} />
      </span>
      {status.state === '未送达' && status.lastError !== '' && <span className="jdt-unit-confirmation__error">{status.lastError}</span>}
    </li>
  );
}

function UnitRow({ unit, delivery }: { unit: UnitConfirmation; delivery: DeliveryByUser | undefined }): ReactNode {
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
              <ContactLine key={contact.userId} contact={contact} delivery={delivery} />
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

interface ConfirmationsTabProps {
  batchId: string;
  confirmations: Confirmations;
  published: boolean;
}

/**
 * Shows who confirmed receipt of a published batch, per unit and per contact, with each contact's
 * delivery state from DingTalk and the reminders sent.
 */
export function ConfirmationsTab({ batchId, confirmations, published }: ConfirmationsTabProps): ReactNode {
  if (!published) return <BeforePublish confirmations={confirmations} />;
  return <PublishedConfirmations batchId={batchId} confirmations={confirmations} />;
}

function PublishedConfirmations({ batchId, confirmations }: { batchId: string; confirmations: Confirmations }): ReactNode {
  const [filter, setFilter] = useState<Filter>('all');
  const delivery = useLoad((options) => getDelivery(batchId, options), `delivery:${batchId}`);
  const deliveryOf = delivery.state.status === 'loaded' ? deliveryByUser(delivery.state.data) : undefined;

  const { totals } = confirmations;
  const units = filter === 'all' ? confirmations.units : confirmations.units.filter((unit) => !unit.confirmed);

  return (
    <>
      <DeliverySummary delivery={delivery} />
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
            <UnitRow key={unit.unitId} unit={unit} delivery={deliveryOf} />
          ))}
        </List>
      )}
      <ReminderHistory batchId={batchId} />
    </>
  );
}
