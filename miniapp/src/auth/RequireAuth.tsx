import type { ReactNode } from 'react';
import { Button } from 'antd-mobile';
import { Navigate, useLocation, useParams, type Params } from 'react-router-dom';
import { PageSpinner } from '../common/Loaded.tsx';
import { StatusBlock } from '../common/StatusBlock.tsx';
import { homePathFor, isBureau, useAuth } from './AuthContext.tsx';
import { loginPath } from './return-path.ts';

interface RequireAuthProps {
  /** Audience of the page: the bureau's staff (admin, viewer) or unit contacts. */
  area: 'bureau' | 'contact';
  /** Path for a person of the other area instead of their home page, e.g. the bureau's view of the same batch. */
  otherAreaPath?: (params: Readonly<Params>) => string;
  children: ReactNode;
}

/** Shows the page to a signed-in person of its area; sends everybody else to login or to their own pages. */
export function RequireAuth({ area, otherAreaPath, children }: RequireAuthProps): ReactNode {
  const { auth, recheck } = useAuth();
  const location = useLocation();
  const params = useParams();

  switch (auth.status) {
    case 'checking':
      return <PageSpinner />;
    case 'failed':
      return (
        <StatusBlock tone="error" title="无法连接进度通" description={auth.error.message}>
          <Button color="primary" fill="outline" onClick={recheck}>
            重试
          </Button>
        </StatusBlock>
      );
    case 'signedOut':
      return <Navigate to={loginPath(location, auth.reason)} replace />;
    case 'signedIn':
      break;
  }

  const inArea = area === 'bureau' ? isBureau(auth.me) : !isBureau(auth.me);
  if (!inArea) return <Navigate to={otherAreaPath?.(params) ?? homePathFor(auth.me)} replace />;
  return children;
}
