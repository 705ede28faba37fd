import { useState, type ReactNode } from 'react';
import { Button, Dialog, List, Popup, Toast } from 'antd-mobile';
import { applyContactSync, previewContactSync, type ContactSyncPlan } from '../../api/index.ts';

function unitList(ids: string[], names: Record<string, string>): string {
  return ids.map((id) => names[id] ?? '未知单位').join('、') || '无';
}

function Changes({ plan }: { plan: ContactSyncPlan }): ReactNode {
  const newLinks = plan.links.filter((link) => link.newlyLinked);
  const nothing = plan.added.length + plan.updated.length + plan.deactivated.length + newLinks.length === 0;
  return (
    <div className="jdt-sync__changes" data-testid="sync-preview">
      <p className="jdt-sync__summary">
        新增 {plan.added.length} 人 · 更新 {plan.updated.length} 人 · 停用 {plan.deactivated.length} 人 · 新对应部门 {newLinks.length} 个
      </p>
      {nothing && <p className="jdt-sync__none">联系人名单已与钉钉通讯录一致，无需同步。</p>}
      {plan.added.length > 0 && (
        <List header="新增">
          {plan.added.map((item) => (
            <List.Item key={item.userId} description={`所属：${unitList(item.unitIds, plan.unitNames)}；分管：${unitList(item.leaderOfUnitIds, plan.unitNames)}`}>
              {item.name}
            </List.Item>
          ))}
        </List>
      )}
      {plan.updated.length > 0 && (
        <List header="更新">
          {plan.updated.map((item) => (
            <List.Item key={item.userId} description={describeUpdate(item, plan.unitNames)}>
              {item.name}
            </List.Item>
          ))}
        </List>
      )}
      {plan.deactivated.length > 0 && (
        <List header="停用（已不在钉钉部门中）">
          {plan.deactivated.map((item) => (
            <List.Item key={item.userId} description={`离开：${unitList(item.leftUnitIds, plan.unitNames)}`}>
              {item.name}
            </List.Item>
          ))}
        </List>
      )}
      {plan.unmatchedDepartments.length > 0 && (
        <List header="未对应单位的钉钉部门（其成员不导入）">
          <List.Item>{plan.unmatchedDepartments.map((department) => department.name).join('、')}</List.Item>
        </List>
      )}
      {plan.inactiveInRoster.length > 0 && (
        <List header="钉钉中仍在部门、但已停用的联系人（不自动恢复）">
          <List.Item>{plan.inactiveInRoster.map((person) => person.name).join('、')}</List.Item>
        </List>
      )}
    </div>
  );
}

const fieldLabels: Record<string, string> = { name: '姓名', mobile: '手机号', unitIds: '所属单位', leaderOfUnitIds: '分管单位' };

function describeUpdate(item: ContactSyncPlan['updated'][number], names: Record<string, string>): string {
  return Object.entries(item.after)
    .map(([field, value]) => `${fieldLabels[field] ?? field}改为 ${Array.isArray(value) ? unitList(value, names) : value || '空'}`)
    .join('；');
}

/**
 * Syncs the roster from DingTalk's departments in two steps: a preview of every change, then
 * applying exactly that preview.
 */
export function SyncPanel({ onClose, onSynced }: { onClose: () => void; onSynced: () => void }): ReactNode {
  const [plan, setPlan] = useState<ContactSyncPlan | null>(null);
  const [busy, setBusy] = useState(false);

  const preview = async (): Promise<void> => {
    setBusy(true);
    try {
      setPlan(await previewContactSync());
    } catch {
      // The request module has shown why.
    } finally {
      setBusy(false);
    }
  };

  const apply = async (): Promise<void> => {
    if (plan === null) return;
    const confirmed = await Dialog.confirm({
      title: '按预览同步联系人？',
      content: `将新增 ${plan.added.length} 人、更新 ${plan.updated.length} 人、停用 ${plan.deactivated.length} 人。管理员不会被停用。`,
      confirmText: '同步',
      cancelText: '取消',
    });
    if (!confirmed) return;
    setBusy(true);
    try {
      await applyContactSync(plan.previewId);
      Toast.show({ icon: 'success', content: '已同步' });
      onSynced();
    } catch {
      // A 409 means DingTalk changed since the preview: the message tells the admin to preview again.
      setPlan(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Popup visible onMaskClick={onClose} position="bottom" bodyClassName="jdt-sync" destroyOnClose>
      <div className="jdt-contact-form__head">
        <h2>从钉钉通讯录同步</h2>
        <Button size="small" fill="none" onClick={onClose}>
          关闭
        </Button>
      </div>
      <p className="jdt-sync__intro">
        按单位名称把钉钉部门对应到建设单位，部门成员成为该单位的联系人，部门主管成为分管领导；已不在部门中的联系人停用。先预览，确认后再同步。
      </p>
      {plan !== null && <Changes plan={plan} />}
      <div className="jdt-contact-form__actions">
        <Button fill="outline" color="primary" loading={busy && plan === null} disabled={busy} onClick={() => void preview()} data-testid="sync-preview-button">
          {plan === null ? '预览变更' : '重新预览'}
        </Button>
        {plan !== null && (
          <Button color="primary" loading={busy} onClick={() => void apply()} data-testid="sync-apply-button">
            确认同步
          </Button>
        )}
      </div>
    </Popup>
  );
}
