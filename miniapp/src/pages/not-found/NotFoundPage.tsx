import type { ReactNode } from 'react';
import { Button } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { StatusBlock } from '../../common/StatusBlock.tsx';
import { usePageTitle } from '../../common/usePageTitle.ts';

export default function NotFoundPage(): ReactNode {
  usePageTitle('页面不存在');
  const navigate = useNavigate();
  return (
    <StatusBlock title="页面不存在" description="链接可能有误或已失效">
      <Button color="primary" onClick={() => navigate('/', { replace: true })}>
        返回首页
      </Button>
    </StatusBlock>
  );
}
