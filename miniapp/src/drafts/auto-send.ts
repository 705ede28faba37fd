// Sends 待发送 drafts without the contact doing anything: when the app starts, when the browser
// reports the network is back, and every two minutes while some remain. The timer is needed
// because a weak network often fails requests without ever going offline, so no `online` event comes.
import { sendDraft } from './send.ts';
import { deleteDraft, listDrafts } from './store.ts';

const retryIntervalMs = 2 * 60_000;

/** How long the drafts page keeps listing a sent report; the project page shows it for good. */
const sentDraftRetentionMs = 30 * 24 * 3600 * 1000;

let currentUserId: string | null = null;
let running: Promise<void> | null = null;
let runAgain = false;

/**
 * Sends the person's 待发送 drafts one by one, oldest submission first, so that an earlier stage
 * reaches the server before a later one whose plan checks depend on it. Stops at the first
 * network failure, since the rest would fail the same way.
 */
async function sendPendingOnce(userId: string): Promise<void> {
  const pending = (await listDrafts(userId))
    .filter((draft) => draft.status === 'pending')
    .sort((a, b) => (a.submission?.queuedAt ?? '').localeCompare(b.submission?.queuedAt ?? ''));
  for (const draft of pending) {
    try {
      const outcome = await sendDraft(draft.id);
      if (outcome.kind === 'pending') return;
    } catch (error) {
      // Not a failed request (those are recorded in the draft) but a bug; the other drafts still go.
      console.error(`sending draft ${draft.id} failed`, error);
    }
  }
}

/** Sends the pending drafts now; a call while a run is going starts one more run after it. */
export function sendPendingDrafts(): Promise<void> {
  const userId = currentUserId;
  if (userId === null) return Promise.resolve();
  if (running !== null) {
    runAgain = true;
    return running;
  }

  running = (async () => {
    do {
      runAgain = false;
      await sendPendingOnce(userId);
    } while (runAgain && currentUserId === userId);
  })().finally(() => {
    running = null;
  });
  return running;
}

/** Deletes the person's drafts that were sent longer ago than the retention. */
async function pruneSentDrafts(userId: string): Promise<void> {
  const cutoff = Date.now() - sentDraftRetentionMs;
  for (const draft of await listDrafts(userId)) {
    if (draft.sent !== null && Date.parse(draft.sent.at) < cutoff) await deleteDraft(draft.id);
  }
}

function sendWhenOnline(): void {
  if (navigator.onLine) void sendPendingDrafts();
}

/** Starts sending the signed-in person's pending drafts; returns the function that stops it at sign-out. */
export function startAutoSend(userId: string): () => void {
  currentUserId = userId;
  window.addEventListener('online', sendWhenOnline);
  const timer = setInterval(sendWhenOnline, retryIntervalMs);
  sendWhenOnline();
  pruneSentDrafts(userId).catch((error: unknown) => console.error('pruning sent drafts failed', error));

  return () => {
    if (currentUserId === userId) currentUserId = null;
    window.removeEventListener('online', sendWhenOnline);
    clearInterval(timer);
  };
}
