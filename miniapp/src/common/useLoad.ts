import { useCallback, useEffect, useState } from 'react';
import { isAbort, type RequestOptions } from '../api/index.ts';

export type LoadState<T> =
  | { status: 'loading' }
  | { status: 'failed'; error: Error }
  | { status: 'loaded'; data: T };

export interface Load<T> {
  state: LoadState<T>;
  /** Loads again, e.g. from a retry button or after a change. */
  reload: () => void;
  /** Replaces the loaded data with what a change returned, without a request. */
  setData: (update: (data: T) => T) => void;
}

/**
 * Loads data for a page and loads it again when `key` changes. The request is cancelled when the
 * page closes, and its error has already been shown by the request module.
 */
export function useLoad<T>(load: (options: RequestOptions) => Promise<T>, key: string): Load<T> {
  const [state, setState] = useState<LoadState<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    load({ signal: controller.signal }).then(
      (data) => setState({ status: 'loaded', data }),
      (error: unknown) => {
        if (isAbort(error) || controller.signal.aborted) return;
        setState({ status: 'failed', error: error instanceof Error ? error : new Error(String(error)) });
      },
    );
    return () => controller.abort();
    // `load` is a new function on every render, so `key` marks when the request itself changes.
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const setData = useCallback((update: (data: T) => T) => {
    setState((current) => (current.status === 'loaded' ? { status: 'loaded', data: update(current.data) } : current));
  }, []);
  return { state, reload, setData };
}
