/**
 * Navigation state of a report form opened from the project page. After a submission the form
 * goes back to that page instead of opening it again, so the back button does not lead to it twice.
 */
export const fromProjectPage = { fromProjectPage: true } as const;

export const isFromProjectPage = (state: unknown): boolean =>
  typeof state === 'object' && state !== null && 'fromProjectPage' in state && state.fromProjectPage === true;
