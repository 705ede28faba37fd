import { Component, type ReactNode } from 'react';
import { Button } from 'antd-mobile';
import { StatusBlock } from './StatusBlock.tsx';

interface PageLoadBoundaryProps {
  children: ReactNode;
}

/**
 * Catches a page whose code failed to download (each page is a chunk of its own, fetched when it
 * opens, and a weak network drops some) and offers to load the app again, instead of a blank screen.
 * Other render errors show the same block, since the person can do nothing else about them either.
 */
export class PageLoadBoundary extends Component<PageLoadBoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.error('a page failed to load or render', error);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <StatusBlock tone="error" title="页面加载失败" description="网络不稳定，页面没有下载完整。已填写的报告保存在本机，不会丢失。">
        <Button color="primary" fill="outline" onClick={() => window.location.reload()}>
          重新加载
        </Button>
      </StatusBlock>
    );
  }
}
