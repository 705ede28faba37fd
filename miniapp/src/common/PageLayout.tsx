import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { usePageTitle } from './usePageTitle.ts';
import { UserMenu } from './UserMenu.tsx';
import './PageLayout.css';

interface PageLayoutProps {
  title: string;
  /** The page the back arrow leads to when the page was opened directly, e.g. from a DingTalk message. */
  backTo?: string;
  /** A fixed bar at the bottom of the screen, e.g. the page's main button. */
  footer?: ReactNode;
  children: ReactNode;
}

/** Frames every signed-in page with a header: the back button, the title and the user menu. */
export function PageLayout({ title, backTo, footer, children }: PageLayoutProps): ReactNode {
  usePageTitle(title);
  const navigate = useNavigate();

  // Going back in history is right only when an earlier entry is one of ours. A page opened from a
  // DingTalk message has none, and history.back() there would leave the app.
  // NOTE: `idx` is React Router's own field in history.state (counts pushes, kept by replaces) in
  // react-router 7; if it is missing the button falls back to `backTo`.
  const goBack = (): void => {
    const state: unknown = window.history.state;
    const index = typeof state === 'object' && state !== null && 'idx' in state && typeof state.idx === 'number' ? state.idx : 0;
    if (index > 0) navigate(-1);
    else if (backTo !== undefined) navigate(backTo, { replace: true });
  };

  return (
    <div className={footer === undefined ? 'jdt-page' : 'jdt-page jdt-page--with-footer'}>
      {/* Not antd-mobile's NavBar: it hides the back label from screen readers and wraps the
          left slot in role="button" even when empty. */}
      <header className="jdt-page__header">
        <div className="jdt-page__header-side">
          {backTo !== undefined && (
            <button type="button" className="jdt-page__back" onClick={goBack}>
              返回
            </button>
          )}
        </div>
        <h1 className="jdt-page__title">{title}</h1>
        <div className="jdt-page__header-side jdt-page__header-side--right">
          <UserMenu />
        </div>
      </header>
      <main className="jdt-page__body">{children}</main>
      {footer !== undefined && <footer className="jdt-page__footer">{footer}</footer>}
    </div>
  );
}
