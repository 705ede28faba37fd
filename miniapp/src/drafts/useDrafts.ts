import { useEffect, useState } from 'react';
import { listDrafts, sendProgressOf, subscribeDrafts, subscribeSendProgress, type Draft, type SendProgress } from './store.ts';

/** Returns the person's drafts, kept current as drafts are saved and sent; undefined while reading IndexedDB. */
export function useDraftList(userId: string): Draft[] | undefined {
  const [drafts, setDrafts] = useState<Draft[]>();

  useEffect(() => {
    let active = true;
    const read = (): void => {
      listDrafts(userId).then(
        (list) => {
          if (active) setDrafts(list);
        },
        (error: unknown) => {
          // IndexedDB fails in private browsing on some old WebViews; the page then shows no drafts.
          console.error('reading drafts failed', error);
          if (active) setDrafts([]);
        },
      );
    };
    read();
    const unsubscribe = subscribeDrafts(read);
    return () => {
      active = false;
      unsubscribe();
    };
  }, [userId]);

  return drafts;
}

/** Returns the upload progress of a draft while it is being sent. */
export function useSendProgress(draftId: string): SendProgress | undefined {
  const [progress, setProgress] = useState(() => sendProgressOf(draftId));
  useEffect(() => {
    setProgress(sendProgressOf(draftId));
    return subscribeSendProgress(() => setProgress(sendProgressOf(draftId)));
  }, [draftId]);
  return progress;
}
