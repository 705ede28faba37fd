/**
 * Navigation state of a review page opened from the queue. After a decision the page goes back to
 * that queue, keeping its stage filter, instead of opening the queue a second time.
 */
export const fromQueue = { fromReviewQueue: true } as const;

export const isFromQueue = (state: unknown): boolean =>
  typeof state === 'object' && state !== null && 'fromReviewQueue' in state && state.fromReviewQueue === true;

export const queuePath = '/admin/reviews';

export const reviewPath = (reportId: string): string => `${queuePath}/${encodeURIComponent(reportId)}`;
