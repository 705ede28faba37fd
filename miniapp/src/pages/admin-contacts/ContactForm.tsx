import { useEffect, useState, type ReactNode } from 'react';
import { Button, Dialog, Form, Input, Popup, Selector, Toast } from 'antd-mobile';
import { contactFields, newContactFields } from '../../../../server/contacts/fields.ts';
import {
  createContact,
  deactivateContact,
  reactivateContact,
  updateContact,
  type Contact,
  type Role,
  type UnitOption,
} from '../../api/index.ts';
import { roleLabels } from '../../common/people.ts';

const roleOptions: Array<{ label: string; value: Role }> = [
  { label: '联系人', value: 'contact' },
  { label: '管理员', value: 'admin' },
  { label: roleLabels.viewer, value: 'viewer' },
];

interface FormValues {
  userId: string;
  name: string;
  mobile: string;
  title: string;
  role: Role;
  unitIds: string[];
  leaderOfUnitIds: string[];
}

function initialValues(contact: Contact | null): FormValues {
  if (contact === null) return { userId: '', name: '', mobile: '', title: '', role: 'contact', unitIds: [], leaderOfUnitIds: [] };
  return {
    userId: contact.userId,
    name: contact.name,
    mobile: contact.mobile,
    title: contact.title,
    role: contact.role,
    unitIds: contact.units.map((unit) => unit.id),
    leaderOfUnitIds: contact.leaderOf.map((unit) => unit.id),
  };
}

interface ContactFormProps {
  /** The contact to edit, or null to add one. */
  contact: Contact | null;
  units: UnitOption[];
  onClose: () => void;
  /** Called with the saved contact after any change. */
  onSaved: (contact: Contact) => void;
}

/**
 * Adds or edits a contact in a popup. The form checks with the server's own schema first, so it
 * shows the same Chinese message the server would return, on the field it concerns.
 */
export function ContactForm({ contact, units, onClose, onSaved }: ContactFormProps): ReactNode {
  const [values, setValues] = useState<FormValues>(() => initialValues(contact));
  const [problem, setProblem] = useState<{ field: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const unitOptions = units.map((unit) => ({ label: unit.name, value: unit.id }));
  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]): void => setValues((current) => ({ ...current, [key]: value }));
  const errorOf = (field: string): string | undefined => (problem?.field === field ? problem.message : undefined);

  // The unit lists are long, so the field with the problem may be out of sight on a phone.
  useEffect(() => {
    if (problem !== null) document.querySelector('.jdt-contact-form .jdt-field-error')?.scrollIntoView({ block: 'center' });
  }, [problem]);

  const save = async (): Promise<void> => {
    const { userId, ...fields } = values;
    const parsed = contact === null ? newContactFields.safeParse(values) : contactFields.safeParse(fields);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      setProblem({ field: String(issue.path[0] ?? ''), message: issue.message });
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      const saved = contact === null ? await createContact({ userId, ...contactFields.parse(fields) }) : await updateContact(contact.id, contactFields.parse(fields));
      Toast.show({ icon: 'success', content: contact === null ? '已添加联系人' : '已保存' });
      onSaved(saved);
    } catch {
      // The request module has shown why.
    } finally {
      setBusy(false);
    }
  };

  const toggleActive = async (): Promise<void> => {
    if (contact === null) return;
    const deactivating = contact.active;
    const confirmed = await Dialog.confirm({
      title: deactivating ? `停用 ${contact.name}？` : `恢复 ${contact.name}？`,
      content: deactivating
        ? '停用后此人不能登录进度通，已登录的会话立即结束，也不再收到钉钉消息。其报送记录保留。'
        : '恢复后此人可以重新登录，并按所属单位收到钉钉消息。',
      confirmText: deactivating ? '停用' : '恢复',
      cancelText: '取消',
    });
    if (!confirmed) return;
    setBusy(true);
    try {
      const saved = deactivating ? await deactivateContact(contact.id) : await reactivateContact(contact.id);
      Toast.show({ icon: 'success', content: deactivating ? '已停用' : '已恢复' });
      onSaved(saved);
    } catch {
      // The request module has shown why.
    } finally {
      setBusy(false);
    }
  };

  return (
    <Popup visible onMaskClick={onClose} position="bottom" bodyClassName="jdt-contact-form" destroyOnClose>
      <div className="jdt-contact-form__head">
        <h2>{contact === null ? '新增联系人' : `编辑 ${contact.name}`}</h2>
        <Button size="small" fill="none" onClick={onClose}>
          关闭
        </Button>
      </div>
      <Form layout="vertical" className="jdt-contact-form__body">
        <Form.Item label="钉钉用户 ID" help="钉钉通讯录中的 userid，添加后不能修改" description={errorOf('userId')} className={errorOf('userId') ? 'jdt-field-error' : ''}>
          <Input value={values.userId} readOnly={contact !== null} onChange={(value) => set('userId', value)} placeholder="例如 zhangsan01" data-testid="contact-userid" />
        </Form.Item>
        <Form.Item label="姓名" description={errorOf('name')} className={errorOf('name') ? 'jdt-field-error' : ''}>
          <Input value={values.name} onChange={(value) => set('name', value)} maxLength={50} data-testid="contact-name" />
        </Form.Item>
        <Form.Item label="手机号" description={errorOf('mobile')} className={errorOf('mobile') ? 'jdt-field-error' : ''}>
          <Input value={values.mobile} onChange={(value) => set('mobile', value)} type="tel" maxLength={11} placeholder="11 位手机号，可留空" data-testid="contact-mobile" />
        </Form.Item>
        <Form.Item label="职务">
          <Input value={values.title} onChange={(value) => set('title', value)} maxLength={50} />
        </Form.Item>
        <Form.Item label="角色" description={errorOf('role')}>
          <Selector<Role> columns={3} options={roleOptions} value={[values.role]} onChange={(selected) => selected[0] !== undefined && set('role', selected[0])} />
        </Form.Item>
        <Form.Item label="所属单位（报送哪些单位的项目）" description={errorOf('unitIds')} className={errorOf('unitIds') ? 'jdt-field-error' : ''}>
          <Selector<string> className="jdt-unit-selector" multiple columns={2} options={unitOptions} value={values.unitIds} onChange={(selected) => set('unitIds', selected)} />
        </Form.Item>
        <Form.Item label="分管单位（接收督办）" description={errorOf('leaderOfUnitIds')}>
          <Selector<string> className="jdt-unit-selector" multiple columns={2} options={unitOptions} value={values.leaderOfUnitIds} onChange={(selected) => set('leaderOfUnitIds', selected)} />
        </Form.Item>
      </Form>
      <div className="jdt-contact-form__actions">
        {contact !== null && (
          <Button color={contact.active ? 'danger' : 'success'} fill="outline" disabled={busy} onClick={() => void toggleActive()} data-testid="contact-toggle-active">
            {contact.active ? '停用' : '恢复'}
          </Button>
        )}
        <Button color="primary" loading={busy} onClick={() => void save()} data-testid="contact-save">
          {contact === null ? `添加${roleLabels[values.role]}` : '保存'}
        </Button>
      </div>
    </Popup>
  );
}
