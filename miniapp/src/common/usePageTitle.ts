import { useEffect } from 'react';

/** Sets the document title, which DingTalk shows in its own navigation bar above the page. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title;
  }, [title]);
}
