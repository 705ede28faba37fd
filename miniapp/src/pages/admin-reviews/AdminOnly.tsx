import type { ReactNode } from 'react';
import { useMe } from '../../auth/AuthContext.tsx';
import { PageLayout } from '../../common/PageLayout.tsx';
import { StatusBlock } from '../../common/StatusBlock.tsx';

interface AdminOnlyProps {
  /** Title and back path of the page shown to everybody else. */
  title: string;
  backTo: string;
  children: ReactNode;
}

/**
 * Shows its children to the bureau's admins only. A read-only bureau account would get 403 from
 * every review request, so it is shown this explanation instead of a failed load.
 */
export function AdminOnly({ title, backTo, children }: AdminOnlyProps): ReactNode {
  const me = useMe();
  if (me.role === 'admin') return children;
  return (
    <PageLayout title={title} backTo={backTo}>
      <StatusBlock tone="info" title="仅管理员可以审核报告" description="只读账号可以在计划批次中查看项目和确认情况" />
    </PageLayout>
  );
}
