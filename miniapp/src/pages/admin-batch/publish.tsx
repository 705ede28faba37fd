import { Dialog } from 'antd-mobile';
import type { Confirmations, PublishResponse } from '../../api/index.ts';

/**
 * Asks the admin to confirm publishing, saying what will be sent. The counts come from the roster as
 * it is now; the server decides the real recipients when it publishes.
 */
export function confirmPublish(docNo: string, confirmations: Confirmations | undefined): Promise<boolean> {
  const withoutContacts = confirmations?.units.filter((unit) => unit.contacts.length === 0) ?? [];
  const recipients =
    confirmations === undefined
      ? '向各建设单位的每位联系人各发送一条工作通知'
      : `向 ${confirmations.totals.units} 个建设单位的 ${confirmations.totals.contacts} 位联系人各发送一条工作通知`;

  return Dialog.confirm({
    title: `发布 ${docNo}？`,
    content: (
      <div className="jdt-publish-dialog">
        <p>发布后，进度通将：</p>
        <ul>
          <li>在市大数据局工作群发布一条通知；</li>
          <li>{recipients}，请其在进度通中确认收到。</li>
        </ul>
        {withoutContacts.length > 0 && (
          <p className="jdt-publish-dialog__warning">
            {withoutContacts.map((unit) => unit.unit).join('、')} 没有联系人，不会收到通知。
          </p>
        )}
        <p>发布后不能撤回。</p>
      </div>
    ),
    confirmText: '确认发布',
    cancelText: '取消',
  });
}

/** Tells the admin what publishing queued; DingTalk delivers the messages shortly after. */
export function showPublishResult(result: PublishResponse): Promise<void> {
  return Dialog.alert({
    title: '已发布',
    content: (
      <div className="jdt-publish-dialog">
        <p>
          已生成 {result.workNotifications} 条工作通知、{result.groupPosts} 条群消息，正在发送。
        </p>
        {result.unitsWithoutContacts.length > 0 && (
          <p className="jdt-publish-dialog__warning">
            以下 {result.unitsWithoutContacts.length} 个单位没有联系人，未发送工作通知：{result.unitsWithoutContacts.join('、')}
          </p>
        )}
      </div>
    ),
    confirmText: '查看确认情况',
  });
}
