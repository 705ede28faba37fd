// Sends a submitted draft: first its files that are not uploaded yet, then the report with the
// idempotency key stored in the draft. A retry after a lost response sends the same key, so the
// server returns the report it created instead of creating a second one.
import { ApiError, correctReport, createReport, isNetworkError, uploadEvidence, type ReportBody, type ReportView } from '../api/index.ts';
import { getDraft, saveDraft, sendProgressOf, setSendProgress, type Draft } from './store.ts';

export type SendOutcome =
  | { kind: 'sent'; report: ReportView }
  /** The network failed; the draft stays 待发送 and is sent again later. */
  | { kind: 'pending'; message: string }
  /** The server rejected the report or a file; the draft is back in 草稿 for the contact to fix. */
  | { kind: 'rejected'; message: string; field?: string }
  /** The draft is being sent already, or was sent before. */
  | { kind: 'skipped' };

/**
 * True when the same request may succeed later: the network or the server failed, or the session
 * ended (the person signs in again and the draft is sent then). Any other 4xx is final.
 */
function isRetryable(error: ApiError): boolean {
  return isNetworkError(error) || error.status === 401 || error.status === 408 || error.status === 429 || error.status >= 500;
}

/** Stores the server's report in the draft; the file contents are no longer needed then. */
function markSent(draft: Draft, report: ReportView): Draft {
  return {
    ...draft,
    status: 'sent',
    files: draft.files.map((file) => ({ ...file, blob: null })),
    lastError: null,
    sent: { reportId: report.id, version: report.version, state: report.state, at: report.submittedAt },
    updatedAt: new Date().toISOString(),
  };
}

/** A failed upload, naming the file so the form can show the error next to it. */
class UploadFailure {
  constructor(
    readonly localId: string,
    readonly error: ApiError,
  ) {}
}

/** Uploads the draft's files that have no server id yet, saving each id as soon as it arrives. */
async function uploadFiles(start: Draft): Promise<Draft> {
  let draft = start;
  for (const file of start.files) {
    if (file.fileId !== null) continue;
    if (file.blob === null) throw new Error(`draft ${draft.id} lost the contents of ${file.name}`);

    setSendProgress(draft.id, { fileLocalId: file.localId, sentBytes: 0, totalBytes: file.size });
    let uploaded;
    try {
      uploaded = await uploadEvidence(draft.projectId, file.blob, file.name, file.item, {
        quietNetworkErrors: true,
        onProgress: (sentBytes, totalBytes) =>
          setSendProgress(draft.id, { fileLocalId: file.localId, sentBytes, totalBytes: totalBytes || file.size }),
      });
    } catch (error) {
      throw error instanceof ApiError ? new UploadFailure(file.localId, error) : error;
    }
    draft = {
      ...draft,
      files: draft.files.map((each) => (each.localId === file.localId ? { ...each, fileId: uploaded.id } : each)),
      updatedAt: new Date().toISOString(),
    };
    await saveDraft(draft);
  }
  return draft;
}

async function postReport(draft: Draft): Promise<ReportView> {
  const { submission } = draft;
  if (submission === null) throw new Error(`draft ${draft.id} has no submission`);
  const body: ReportBody = {
    idempotencyKey: submission.idempotencyKey,
    stage: draft.stage,
    fields: submission.fields,
    common: submission.common,
    evidence: draft.files.map((file) => file.fileId).filter((id): id is string => id !== null),
  };
  setSendProgress(draft.id, { fileLocalId: null, sentBytes: 0, totalBytes: 0 });
  const options = { quietNetworkErrors: true };
  return draft.correctsReportId === null
    ? createReport(draft.projectId, body, options)
    : correctReport(draft.correctsReportId, body, options);
}

/** Records a failed attempt in the draft: 待发送 when a retry may succeed, back to 草稿 otherwise. */
async function recordFailure(draft: Draft, error: ApiError, uploadingLocalId: string | null): Promise<SendOutcome> {
  const now = new Date().toISOString();
  if (isRetryable(error)) {
    await saveDraft({ ...draft, status: 'pending', lastError: { message: error.message }, updatedAt: now });
    return { kind: 'pending', message: error.message };
  }

  // Nothing was written, so the edited draft gets a new idempotency key when submitted again.
  const field = uploadingLocalId !== null ? `file:${uploadingLocalId}` : error.field;
  await saveDraft({
    ...draft,
    status: 'draft',
    submission: null,
    lastError: field === undefined ? { message: error.message } : { message: error.message, field },
    updatedAt: now,
  });
  return field === undefined ? { kind: 'rejected', message: error.message } : { kind: 'rejected', message: error.message, field };
}

/**
 * Sends one submitted draft. The request module shows every failure except network ones; those
 * leave the draft 待发送, which the caller shows.
 */
export async function sendDraft(draftId: string): Promise<SendOutcome> {
  // Claimed before the first await, so a second caller (the online event, a retry tap) skips it.
  if (sendProgressOf(draftId) !== undefined) return { kind: 'skipped' };
  setSendProgress(draftId, { fileLocalId: null, sentBytes: 0, totalBytes: 0 });

  let draft: Draft | undefined;
  try {
    draft = await getDraft(draftId);
    if (draft === undefined || draft.status === 'sent' || draft.submission === null) return { kind: 'skipped' };
    const uploaded = await uploadFiles(draft);
    const report = await postReport(uploaded);
    await saveDraft(markSent(uploaded, report));
    return { kind: 'sent', report };
  } catch (error) {
    let failure: { localId: string | null; error: ApiError };
    if (error instanceof UploadFailure) failure = error;
    else if (error instanceof ApiError) failure = { localId: null, error };
    else throw error;
    // Reload, so the failure is recorded on top of the file ids saved by the uploads that succeeded.
    const latest = (await getDraft(draftId)) ?? draft;
    if (latest === undefined) throw error;
    return recordFailure(latest, failure.error, failure.localId);
  } finally {
    setSendProgress(draftId, null);
  }
}
