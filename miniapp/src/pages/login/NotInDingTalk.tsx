import type { ReactNode } from 'react';
import { StatusBlock } from '../../common/StatusBlock.tsx';

/** Explains, in a plain browser outside demo mode, that login needs the DingTalk client. */
export function NotInDingTalk(): ReactNode {
  return (
    <StatusBlock
      tone="info"
      title="请在钉钉中打开进度通"
      description="进度通通过钉钉免登识别您的身份。请在钉钉工作台中打开，或点击钉钉工作通知中的链接。"
    />
  );
}
