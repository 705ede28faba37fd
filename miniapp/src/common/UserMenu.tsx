import { useState, type ReactNode } from 'react';
import { useAuth } from '../auth/AuthContext.tsx';
import { showRequestError } from '../api/error-toast.ts';
import { describeUnits } from './people.ts';

/** Shows the signed-in person's name in the header. Tapping it opens a sheet with their unit and the logout action. */
export function UserMenu(): ReactNode {
  const { auth, signOut } = useAuth();
  const [opening, setOpening] = useState(false);
  if (auth.status !== 'signedIn') return null;
  const { me } = auth;

  const open = async (): Promise<void> => {
    setOpening(true);
    try {
      const { openUserMenu } = await import('./user-menu-sheet.tsx');
      // On success every page behind <RequireAuth> moves to the login page by itself. On failure
      // the request module has shown why.
      openUserMenu(me, () => void signOut().catch(() => {}));
    } catch {
      showRequestError({ message: '网络不可用，请检查网络后重试' });
    } finally {
      setOpening(false);
    }
  };

  return (
    <button
      type="button"
      className="jdt-user-menu"
      disabled={opening}
      onClick={() => void open()}
      aria-label={`${me.name}（${describeUnits(me)}），用户菜单`}
    >
      {me.name}
    </button>
  );
}
