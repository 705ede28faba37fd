import { useState, type ReactNode } from 'react';
import { Button, List, SearchBar, Selector, Tag } from 'antd-mobile';
import { listContacts, listUnits, type Contact, type ContactFilter, type Role, type UnitOption } from '../../api/index.ts';
import { Loaded } from '../../common/Loaded.tsx';
import { AdminOnly } from '../../common/AdminOnly.tsx';
import { PageLayout } from '../../common/PageLayout.tsx';
import { roleLabels } from '../../common/people.ts';
import { StatusBlock } from '../../common/StatusBlock.tsx';
import { useLoad } from '../../common/useLoad.ts';
import { ContactForm } from './ContactForm.tsx';
import { SyncPanel } from './SyncPanel.tsx';
import './ContactsPage.css';

type RoleFilter = Role | 'all';
type ActiveFilter = 'true' | 'false' | 'all';

const roleFilters: Array<{ label: string; value: RoleFilter }> = [
  { label: '全部角色', value: 'all' },
  { label: '联系人', value: 'contact' },
  { label: '管理员', value: 'admin' },
  { label: roleLabels.viewer, value: 'viewer' },
];

const activeFilters: Array<{ label: string; value: ActiveFilter }> = [
  { label: '在用', value: 'true' },
  { label: '已停用', value: 'false' },
  { label: '全部', value: 'all' },
];

function ContactRow({ contact, onOpen }: { contact: Contact; onOpen: () => void }): ReactNode {
  const units = contact.units.map((unit) => unit.name).join('、');
  const leads = contact.leaderOf.map((unit) => unit.name).join('、');
  return (
    <List.Item
      className="jdt-contact"
      data-testid="contact-row"
      data-userid={contact.userId}
      onClick={onOpen}
      extra={
        <span className="jdt-contact__tags">
          {contact.role !== 'contact' && (
            <Tag color="primary" fill="outline">
              {roleLabels[contact.role]}
            </Tag>
          )}
          {!contact.active && <Tag color="default">已停用</Tag>}
        </span>
      }
      description={
        <>
          {units !== '' && <div>所属：{units}</div>}
          {leads !== '' && <div>分管：{leads}</div>}
          {contact.mobile !== '' && <div>{contact.mobile}</div>}
        </>
      }
    >
      <span className="jdt-contact__name">{contact.name}</span>
      {contact.title !== '' && <span className="jdt-contact__title">{contact.title}</span>}
    </List.Item>
  );
}

function ContactList({ units }: { units: UnitOption[] }): ReactNode {
  const [role, setRole] = useState<RoleFilter>('all');
  const [active, setActive] = useState<ActiveFilter>('true');
  const [unitId, setUnitId] = useState('');
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);
  const [syncing, setSyncing] = useState(false);

  const filter: ContactFilter = {
    ...(role === 'all' ? {} : { role }),
    ...(active === 'all' ? {} : { active }),
    ...(unitId === '' ? {} : { unitId }),
    ...(search.trim() === '' ? {} : { q: search.trim() }),
  };
  const contacts = useLoad((options) => listContacts(filter, options), `contacts:${JSON.stringify(filter)}`);

  return (
    <>
      <div className="jdt-contacts-toolbar">
        <div className="jdt-contacts-toolbar__actions">
          <Button color="primary" size="small" onClick={() => setEditing('new')} data-testid="contact-add">
            新增联系人
          </Button>
          <Button color="primary" fill="outline" size="small" onClick={() => setSyncing(true)} data-testid="contact-sync">
            从钉钉同步
          </Button>
        </div>
        <SearchBar placeholder="按姓名或钉钉用户 ID 搜索" maxLength={50} onSearch={setSearch} onClear={() => setSearch('')} />
        <Selector<RoleFilter> columns={4} options={roleFilters} value={[role]} onChange={(values) => setRole(values[0] ?? 'all')} />
        <Selector<ActiveFilter> columns={3} options={activeFilters} value={[active]} onChange={(values) => setActive(values[0] ?? 'true')} />
        <label className="jdt-contacts-toolbar__unit">
          <span>单位</span>
          <select value={unitId} onChange={(event) => setUnitId(event.target.value)} aria-label="按单位筛选">
            <option value="">全部单位</option>
            {units.map((unit) => (
              <option key={unit.id} value={unit.id}>
                {unit.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Loaded load={contacts}>
        {(items) =>
          items.length === 0 ? (
            <StatusBlock title="没有符合条件的联系人" description="换个筛选条件，或新增联系人" />
          ) : (
            <List header={`共 ${items.length} 人`}>
              {items.map((contact) => (
                <ContactRow key={contact.id} contact={contact} onOpen={() => setEditing(contact)} />
              ))}
            </List>
          )
        }
      </Loaded>
      {editing !== null && (
        <ContactForm
          contact={editing === 'new' ? null : editing}
          units={units}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            contacts.reload();
          }}
        />
      )}
      {syncing && (
        <SyncPanel
          onClose={() => setSyncing(false)}
          onSynced={() => {
            setSyncing(false);
            contacts.reload();
          }}
        />
      )}
    </>
  );
}

/** Shows the bureau's contact roster to admins: search and filter, add and edit people, deactivate them, and sync from DingTalk. */
export default function ContactsPage(): ReactNode {
  const units = useLoad(listUnits, 'units');
  return (
    <PageLayout title="联系人管理" backTo="/admin">
      <AdminOnly notice={{ title: '仅管理员可以维护联系人', description: '只读账号可以在计划批次中查看各单位的确认情况' }}>
        <Loaded load={units}>{(items) => <ContactList units={items} />}</Loaded>
      </AdminOnly>
    </PageLayout>
  );
}
