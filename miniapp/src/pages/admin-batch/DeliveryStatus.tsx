import type { ReactNode } from 'react';
import { Button, Collapse, List, Tag } from 'antd-mobile';
import { getReminders, type Delivery, type DeliveryState } from '../../api/index.ts';
import { Loaded } from '../../common/Loaded.tsx';
import { formatBeijingTime } from '../../common/format.ts';
import { useLoad, type Load } from '../../common/useLoad.ts';

/** The delivery states in the order a notice passes through them. */
export const deliveryStates: readonly DeliveryState[] = ['未送达', '未读', '已读未确认', '已确认'];

const stateColors: Record<DeliveryState, 'danger' | 'warning' | 'primary' | 'success'> = {
  未送达: 'danger',
  未读: 'warning',
  已读未确认: 'primary',
  已确认: 'success',
};

export function DeliveryTag({ state }: { state: DeliveryState }): ReactNode {
  return (
    <Tag color={stateColors[state]} fill="outline" data-testid="delivery-state">
      {state}
    </Tag>
  );
}

/**
 * Shows how many contacts are in each delivery state. The server asks DingTalk before it responds,
 * so the loading state says so instead of showing a bare spinner.
 */
export function DeliverySummary({ delivery }: { delivery: Load<Delivery> }): ReactNode {
  const { state, reload } = delivery;
  if (state.status === 'loading') {
    return (
      <div className="jdt-delivery-summary jdt-delivery-summary--loading" role="status" data-testid="delivery-summary">
        <span className="jdt-delivery-summary__spinner" aria-hidden="true" />
        正在从钉钉获取送达情况…
      </div>
    );
  }
  if (state.status === 'failed') {
    return (
      <div className="jdt-delivery-summary jdt-delivery-summary--failed" data-testid="delivery-summary">
        送达情况加载失败
        <Button size="mini" color="primary" fill="outline" onClick={reload}>
          重试
        </Button>
      </div>
    );
  }
  return (
    <dl className="jdt-delivery-summary" data-testid="delivery-summary">
      {deliveryStates.map((deliveryState) => (
        <div key={deliveryState} className="jdt-delivery-summary__item">
          <dt>
            <DeliveryTag state={deliveryState} />
          </dt>
          <dd>{state.data.counts[deliveryState]} 人</dd>
        </div>
      ))}
    </dl>
  );
}

function ReminderList({ batchId }: { batchId: string }): ReactNode {
  const reminders = useLoad((options) => getReminders(batchId, options), `reminders:${batchId}`);
  return (
    <Loaded load={reminders}>
      {(records) =>
        records.length === 0 ? (
          <p className="jdt-reminders__empty">尚未发送提醒</p>
        ) : (
          <List className="jdt-reminders">
            {records.map((record, index) => (
              <List.Item
                key={`${record.at}-${record.step}-${record.recipient}-${index}`}
                data-testid="reminder-item"
                description={formatBeijingTime(record.at)}
                extra={
                  <Tag color={record.step === 'reminder' ? 'primary' : 'warning'} fill="outline">
                    {record.stepLabel}
                  </Tag>
                }
              >
                {/* `recipient` is a DingTalk userid or "group", which means nothing to a reader, and the step label names the recipient. */}
                {record.contact}
              </List.Item>
            ))}
          </List>
        )
      }
    </Loaded>
  );
}

/** Shows the reminders and escalations sent for a batch, folded. The list loads when first opened. */
export function ReminderHistory({ batchId }: { batchId: string }): ReactNode {
  return (
    <Collapse className="jdt-reminders-panel">
      <Collapse.Panel key="reminders" title="提醒与督办记录">
        <ReminderList batchId={batchId} />
      </Collapse.Panel>
    </Collapse>
  );
}
