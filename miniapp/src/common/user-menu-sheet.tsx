// Loaded on the first tap on the user menu: the sheet's popup and gesture code would otherwise weigh
// on every page's first download.
import { ActionSheet } from 'antd-mobile';
import type { Me } from '../api/index.ts';
import { describeUnits, roleLabels } from './people.ts';

/** Shows who is signed in (name, unit, title) and the logout action. */
export function openUserMenu(me: Me, onSignOut: () => void): void {
  const sheet = ActionSheet.show({
    extra: (
      <div className="jdt-user-menu__who">
        <strong>{me.name}</strong>
        <span>
          {describeUnits(me)} · {me.title === '' ? roleLabels[me.role] : me.title}
        </span>
      </div>
    ),
    actions: [{ key: 'logout', text: '退出登录', danger: true }],
    cancelText: '取消',
    onAction: () => {
      sheet.close();
      onSignOut();
    },
  });
}
