import type { ReactNode } from 'react';
import './StatusBlock.css';

interface StatusBlockProps {
  title: string;
  description?: ReactNode;
  /** `error` is announced to screen readers at once; `empty` and `info` are not. */
  tone?: 'empty' | 'info' | 'error';
  /** Actions under the text, e.g. a retry button. */
  children?: ReactNode;
}

/**
 * Shows a centred title and explanation for an empty list, a failure or a dead end. Used instead of
 * antd-mobile's ErrorBlock, whose built-in illustrations add about 35 kB of minified script (antd-mobile
 * 5.43) to the first download.
 */
export function StatusBlock({ title, description, tone = 'empty', children }: StatusBlockProps): ReactNode {
  return (
    <div className={`jdt-status jdt-status--${tone}`} role={tone === 'error' ? 'alert' : undefined}>
      <div className="jdt-status__title">{title}</div>
      {description !== undefined && <div className="jdt-status__description">{description}</div>}
      {children !== undefined && <div className="jdt-status__actions">{children}</div>}
    </div>
  );
}
