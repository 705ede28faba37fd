import type { Location } from 'react-router-dom';

/** The login page, remembering the page the person asked for so that login can return there. */
export function loginPath(from: Pick<Location, 'pathname' | 'search'>, reason: 'noSession' | 'expired' | 'signedOut'): string {
  const query = new URLSearchParams();
  const requested = `${from.pathname}${from.search}`;
  // After an explicit logout the next person may be someone else, so the requested page is dropped.
  if (reason !== 'signedOut' && requested !== '/' && from.pathname !== '/login') query.set('next', requested);
  if (reason !== 'noSession') query.set('reason', reason);
  const search = query.toString();
  return search === '' ? '/login' : `/login?${search}`;
}

/**
 * Reads the page to return to after login. Only a path inside the app is accepted, so a crafted
 * link cannot send the person to another site.
 */
export function requestedPath(search: string): string | null {
  const next = new URLSearchParams(search).get('next');
  if (next === null || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  if (next === '/login' || next.startsWith('/login?')) return null;
  return next;
}
