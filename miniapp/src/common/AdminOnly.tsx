import type { ReactNode } from 'react';
import { useMe } from '../auth/AuthContext.tsx';
import { PageLayout } from './PageLayout.tsx';
import { StatusBlock } from './StatusBlock.tsx';

interface AdminOnlyProps {
  /** What a read-only bureau account is told in place of the page. */
  notice: { title: string; description: string };
  /** Title and back path that frame the notice, for pages whose children bring their own layout. */
  layout?: { title: string; backTo: string };
  children: ReactNode;
}

/**
 * Shows its children to the bureau's admins only. A read-only bureau account would get 403 from
 * the page's requests, so it is shown an explanation instead of a failed load.
 */
export function AdminOnly({ notice, layout, children }: AdminOnlyProps): ReactNode {
  const me = useMe();
  if (me.role === 'admin') return children;
  const block = <StatusBlock tone="info" title={notice.title} description={notice.description} />;
  return layout === undefined ? (
    block
  ) : (
    <PageLayout title={layout.title} backTo={layout.backTo}>
      {block}
    </PageLayout>
  );
}
