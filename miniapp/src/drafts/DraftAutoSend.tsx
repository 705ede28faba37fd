import { useEffect } from 'react';
import { isBureau, useAuth } from '../auth/AuthContext.tsx';

/**
 * Starts sending the signed-in contact's 待发送 drafts and stops at sign-out. The sending code is
 * loaded on demand, so it stays out of the first screen's download.
 */
export function DraftAutoSend(): null {
  const { auth } = useAuth();
  const userId = auth.status === 'signedIn' && !isBureau(auth.me) ? auth.me.userId : null;

  useEffect(() => {
    if (userId === null) return;
    let stop: (() => void) | undefined;
    let cancelled = false;
    import('./auto-send.ts').then(
      ({ startAutoSend }) => {
        if (!cancelled) stop = startAutoSend(userId);
      },
      (error: unknown) => console.error('loading the draft sender failed', error),
    );
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [userId]);

  return null;
}
