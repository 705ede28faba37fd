import { useMemo, useState, type ReactNode } from 'react';
import { List, NoticeBar, SearchBar, Tag } from 'antd-mobile';
import { getDemoContacts, signInAsDemoContact, type DemoContact, type Me } from '../../api/index.ts';
import { Loaded } from '../../common/Loaded.tsx';
import { roleLabels } from '../../common/people.ts';
import { useLoad } from '../../common/useLoad.ts';

const bureauGroup = '市大数据局';

interface ContactGroup {
  name: string;
  contacts: DemoContact[];
}

/**
 * Groups the roster for the picker: the bureau's staff first, then each unit with its contacts, in
 * the server's order. A person serving several units appears under each of them.
 */
function groupContacts(contacts: DemoContact[]): ContactGroup[] {
  const groups = new Map<string, DemoContact[]>([[bureauGroup, []]]);
  for (const contact of contacts) {
    const names = contact.role === 'contact' ? contact.units : [bureauGroup];
    for (const name of names.length === 0 ? ['未分配单位'] : names) {
      const group = groups.get(name) ?? [];
      group.push(contact);
      groups.set(name, group);
    }
  }
  return [...groups].map(([name, members]) => ({ name, contacts: members })).filter((group) => group.contacts.length > 0);
}

function matches(contact: DemoContact, query: string): boolean {
  return [contact.name, contact.title, ...contact.units].some((text) => text.includes(query));
}

/** Demo mode only: signs in as a person picked from the roster, standing in for DingTalk's login-free auth. */
export function DemoContactPicker({ onSignedIn }: { onSignedIn: (me: Me) => void }): ReactNode {
  const roster = useLoad(getDemoContacts, 'demo-contacts');
  const [query, setQuery] = useState('');
  const [signingIn, setSigningIn] = useState<string | null>(null);

  const pick = async (contact: DemoContact): Promise<void> => {
    setSigningIn(contact.userId);
    try {
      onSignedIn(await signInAsDemoContact(contact.userId));
    } catch {
      // The request module has shown the server's message.
      setSigningIn(null);
    }
  };

  return (
    <section className="jdt-login__panel jdt-demo-picker" aria-label="选择演示身份">
      <NoticeBar color="alert" content="演示模式：不经钉钉，直接选择一位联系人登录" />
      <SearchBar placeholder="搜索姓名或单位" value={query} onChange={setQuery} />
      <Loaded load={roster}>
        {(contacts) => {
          const trimmed = query.trim();
          const groups = groupContacts(trimmed === '' ? contacts : contacts.filter((contact) => matches(contact, trimmed)));
          if (groups.length === 0) return <p className="jdt-demo-picker__empty">没有找到“{trimmed}”</p>;
          return groups.map((group) => (
            <List key={group.name} header={group.name} mode="card">
              {group.contacts.map((contact) => (
                <List.Item
                  key={contact.userId}
                  description={contact.title}
                  extra={contact.role === 'contact' ? undefined : <Tag color="primary" fill="outline">{roleLabels[contact.role]}</Tag>}
                  onClick={signingIn === null ? () => void pick(contact) : undefined}
                  disabled={signingIn !== null && signingIn !== contact.userId}
                  arrowIcon={signingIn === contact.userId ? false : undefined}
                >
                  <span>{contact.name}</span>
                  {signingIn === contact.userId && <span className="jdt-demo-picker__busy">正在登录…</span>}
                </List.Item>
              ))}
            </List>
          ));
        }}
      </Loaded>
    </section>
  );
}
