import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, getMe, setUnauthenticatedListener, signOut as requestSignOut, type Me } from '../api/index.ts';

export type AuthState =
  | { status: 'checking' }
  | { status: 'signedIn'; me: Me }
  | { status: 'signedOut'; reason: 'noSession' | 'expired' | 'signedOut' }
  | { status: 'failed'; error: Error };

interface AuthContextValue {
  auth: AuthState;
  /** Stores the person that a login call returned. */
  signedIn: (me: Me) => void;
  signOut: () => Promise<void>;
  /** Asks the server again who is signed in, e.g. after a failed first check. */
  recheck: () => void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/** Checks the session once at start-up and keeps the signed-in person for every page. */
export function AuthProvider({ children }: { children: ReactNode }): ReactNode {
  const [auth, setAuth] = useState<AuthState>({ status: 'checking' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    // A 401 on any later request means the session ended (idle timeout, logout elsewhere).
    setUnauthenticatedListener(() => {
      setAuth((current) => ({ status: 'signedOut', reason: current.status === 'signedIn' ? 'expired' : 'noSession' }));
    });
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    setAuth({ status: 'checking' });
    getMe({ signal: controller.signal }).then(
      (me) => setAuth({ status: 'signedIn', me }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.status === 401) return; // the listener above handled it
        setAuth({ status: 'failed', error: error instanceof Error ? error : new Error(String(error)) });
      },
    );
    return () => controller.abort();
  }, [generation]);

  const signedIn = useCallback((me: Me) => setAuth({ status: 'signedIn', me }), []);
  const recheck = useCallback(() => setGeneration((value) => value + 1), []);
  const signOut = useCallback(async () => {
    await requestSignOut();
    setAuth({ status: 'signedOut', reason: 'signedOut' });
  }, []);

  const value = useMemo(() => ({ auth, signedIn, signOut, recheck }), [auth, signedIn, signOut, recheck]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (value === null) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** Returns the signed-in person; only for pages behind <RequireAuth>. */
export function useMe(): Me {
  const { auth } = useAuth();
  if (auth.status !== 'signedIn') throw new Error('useMe must be used on a page behind <RequireAuth>');
  return auth.me;
}

/** Returns true for the bureau's staff, who may view every batch. A unit contact views only their own units. */
export const isBureau = (me: Pick<Me, 'role'>): boolean => me.role !== 'contact';

/** Returns the page a person lands on after login when no page was requested. */
export const homePathFor = (me: Pick<Me, 'role'>): string => (isBureau(me) ? '/admin' : '/');
