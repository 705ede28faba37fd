import { useCallback, useEffect, useRef, useState } from 'react';
import { saveDraft, type Draft } from '../../drafts/store.ts';

/** Wait after the last keystroke before writing the draft, so typing does not write on every key. */
const autosaveDelayMs = 400;

export type SaveState = { status: 'idle' } | { status: 'saved'; at: Date } | { status: 'failed' };

export interface Autosave {
  saveState: SaveState;
  /** Schedules a write of the draft; the latest call within the delay wins. */
  schedule: (draft: Draft) => void;
  /** Writes the draft now, after every earlier write, dropping a scheduled one. */
  saveNow: (draft: Draft) => Promise<void>;
}

/**
 * Saves a draft to IndexedDB shortly after each change, and at once when the page is hidden or
 * closed, because a phone may kill DingTalk's WebView in the background without warning.
 */
export function useAutosave(): Autosave {
  const [saveState, setSaveState] = useState<SaveState>({ status: 'idle' });
  const chain = useRef<Promise<void>>(Promise.resolve());
  const scheduled = useRef<{ draft: Draft; timer: ReturnType<typeof setTimeout> } | null>(null);

  const saveNow = useCallback((draft: Draft): Promise<void> => {
    if (scheduled.current !== null) clearTimeout(scheduled.current.timer);
    scheduled.current = null;
    // Writes go one after another, so an older state never lands after a newer one.
    chain.current = chain.current
      .then(() => saveDraft(draft))
      .then(
        () => setSaveState({ status: 'saved', at: new Date() }),
        (error: unknown) => {
          console.error(`saving draft ${draft.id} failed`, error);
          setSaveState({ status: 'failed' });
        },
      );
    return chain.current;
  }, []);

  const schedule = useCallback(
    (draft: Draft): void => {
      if (scheduled.current !== null) clearTimeout(scheduled.current.timer);
      scheduled.current = { draft, timer: setTimeout(() => void saveNow(draft), autosaveDelayMs) };
    },
    [saveNow],
  );

  useEffect(() => {
    const flush = (): void => {
      if (scheduled.current !== null) void saveNow(scheduled.current.draft);
    };
    const flushWhenHidden = (): void => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', flushWhenHidden);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', flushWhenHidden);
      // Leaving the form inside the app also keeps the last keystrokes.
      flush();
    };
  }, [saveNow]);

  return { saveState, schedule, saveNow };
}
