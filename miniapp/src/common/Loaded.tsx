import type { ReactNode } from 'react';
import { Button } from 'antd-mobile';
import { ApiError } from '../api/index.ts';
import { StatusBlock } from './StatusBlock.tsx';
import type { Load } from './useLoad.ts';
import './Loaded.css';

interface LoadedProps<T> {
  load: Load<T>;
  children: (data: T) => ReactNode;
}

/**
 * True when loading again may succeed: the network, a timeout or the server failed. A rejection
 * (403, 404 and other 4xx responses) stays the same however often the person taps.
 */
function isRetryable(error: Error): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;
}

/** Renders loaded data, a spinner while loading, or the failure (with a retry button where retrying can help). */
export function Loaded<T>({ load, children }: LoadedProps<T>): ReactNode {
  const { state, reload } = load;
  if (state.status === 'loading') return <PageSpinner />;
  if (state.status === 'failed') {
    return (
      <StatusBlock tone="error" title="加载失败" description={state.error.message}>
        {isRetryable(state.error) && (
          <Button color="primary" fill="outline" onClick={reload}>
            重试
          </Button>
        )}
      </StatusBlock>
    );
  }
  return children(state.data);
}

/**
 * Shows a spinner drawn with CSS. antd-mobile's SpinLoading animates with a spring library, which
 * the first screen would otherwise download (see showRequestError for the measured size).
 */
export function PageSpinner(): ReactNode {
  return (
    <div className="jdt-page-spinner" role="status" aria-label="加载中">
      <span className="jdt-page-spinner__ring" />
    </div>
  );
}
