// Report drafts kept in IndexedDB, so what a contact typed and the files they picked survive
// closing the app and losing the network. This module stays small because the contact's home
// page imports it to count drafts; the sending code lives in send.ts.
import { createStore, del, get, set, values } from 'idb-keyval';
import type { CommonFields, ReportBody, ReportState } from '../api/index.ts';
import type { Stage } from '../common/stages.ts';

/** A file picked for a report: kept as a Blob until the report is sent, and its server id once uploaded. */
export interface DraftFile {
  localId: string;
  /** The original file name, sent to the server unchanged. */
  name: string;
  size: number;
  /** The MIME type the browser reported, e.g. image/png; the server decides the type from the bytes. */
  type: string;
  /** The checklist item the file proves, or null for other material. */
  item: string | null;
  blob: Blob | null;
  /** The server's file id, set after the upload and for evidence taken over from a returned report. */
  fileId: string | null;
}

/**
 * Submitted content: the converted fields and the idempotency key, frozen before the first
 * attempt so that every retry sends the same report with the same key.
 */
export interface DraftSubmission {
  idempotencyKey: string;
  fields: ReportBody['fields'];
  common: CommonFields;
  queuedAt: string;
}

/**
 * `draft`: being edited. `pending` (待发送): submitted, waiting for the network. `sent`: the server
 * has the report; its review state comes from the server.
 */
export type DraftStatus = 'draft' | 'pending' | 'sent';

export interface Draft {
  id: string;
  userId: string;
  projectId: string;
  projectName: string;
  projectSeq: number;
  classified: boolean;
  stage: Stage;
  /** The returned or submitted report this draft corrects, or null for a new report. */
  correctsReportId: string | null;
  /** The form's inputs as typed (amounts in 元, dates YYYY-MM-DD), keyed by field name. */
  values: { fields: Record<string, string>; common: Record<string, string> };
  files: DraftFile[];
  status: DraftStatus;
  submission: DraftSubmission | null;
  /** Why the last attempt failed; `field` names the form field or `file:<localId>`. */
  lastError: { message: string; field?: string } | null;
  /** The server's report once sent. */
  sent: { reportId: string; version: number; state: ReportState; at: string } | null;
  createdAt: string;
  updatedAt: string;
}

const store = createStore('jdt-drafts', 'drafts');

type Listener = () => void;
const draftListeners = new Set<Listener>();
const progressListeners = new Set<Listener>();

/**
 * Calls `listener` after a draft is saved or deleted, and when sending a draft starts or ends;
 * returns the unsubscribe function.
 */
export function subscribeDrafts(listener: Listener): () => void {
  draftListeners.add(listener);
  return () => draftListeners.delete(listener);
}

/** Calls `listener` on every step of an upload's progress; returns the unsubscribe function. */
export function subscribeSendProgress(listener: Listener): () => void {
  progressListeners.add(listener);
  return () => progressListeners.delete(listener);
}

function notify(listeners: Set<Listener>): void {
  for (const listener of listeners) listener();
}

/**
 * Returns a random UUID. crypto.randomUUID is missing from WebViews older than Chrome 92 and
 * iOS 15.4, which some phones in DingTalk still use, so it falls back to getRandomValues.
 */
export function randomId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Lists a person's drafts, most recently changed first. Drafts of others who used this phone stay hidden. */
export async function listDrafts(userId: string): Promise<Draft[]> {
  const all = await values<Draft>(store);
  return all.filter((draft) => draft.userId === userId).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

export const getDraft = (id: string): Promise<Draft | undefined> => get<Draft>(id, store);

export async function saveDraft(draft: Draft): Promise<void> {
  await set(draft.id, draft, store);
  notify(draftListeners);
}

export async function deleteDraft(id: string): Promise<void> {
  await del(id, store);
  notify(draftListeners);
}

/** Finds the unsent draft of a new report for a stage, or of the correction of a given report. */
export async function findOpenDraft(userId: string, projectId: string, stage: Stage, correctsReportId: string | null): Promise<Draft | undefined> {
  const drafts = await listDrafts(userId);
  return drafts.find(
    (draft) =>
      draft.status !== 'sent' && draft.projectId === projectId && draft.stage === stage && draft.correctsReportId === correctsReportId,
  );
}

/** Upload progress of a draft being sent; kept in memory because it means nothing after a restart. */
export interface SendProgress {
  /** The file being uploaded, or null while the report itself is posted. */
  fileLocalId: string | null;
  sentBytes: number;
  totalBytes: number;
}

const sending = new Map<string, SendProgress>();

/** Returns the progress of a draft being sent now, or undefined when it is not being sent. */
export const sendProgressOf = (draftId: string): SendProgress | undefined => sending.get(draftId);

export function setSendProgress(draftId: string, progress: SendProgress | null): void {
  const startsOrEnds = progress === null || !sending.has(draftId);
  if (progress === null) sending.delete(draftId);
  else sending.set(draftId, progress);
  notify(progressListeners);
  if (startsOrEnds) notify(draftListeners);
}
