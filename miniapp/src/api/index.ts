// One typed function per server endpoint. Pages call these, never fetch().
import type { Stage } from '../../../server/reports/stage-names.ts';
import { request, upload, type RequestOptions, type UploadOptions } from './client.ts';
import type {
  AuditActor,
  AuditEvents,
  AuthOptions,
  BatchDetail,
  Contact,
  ContactFilter,
  ContactInput,
  ContactSyncPlan,
  NewContactInput,
  UnitOption,
  BatchListItem,
  ConfirmResponse,
  Confirmations,
  DashboardFilter,
  DashboardMatrix,
  DashboardOverview,
  Delivery,
  DemoContact,
  EvidenceChecklist,
  EvidenceFile,
  ImportPreview,
  ImportResult,
  LinkCandidate,
  ProjectHistory,
  Me,
  MyBatch,
  OutboxItem,
  OutboxState,
  MyProjectsResponse,
  ProjectDetailResponse,
  PublishResponse,
  ReportBody,
  ReportListItem,
  ReportState,
  ReminderRecord,
  ReportView,
  ReviewDecision,
} from './types.ts';

export {
  ApiError,
  isAbort,
  isNetworkError,
  prefetch,
  setUnauthenticatedListener,
  type RequestOptions,
  type UploadOptions,
} from './client.ts';
export type * from './types.ts';

const batchPath = (id: string): string => `/api/batches/${encodeURIComponent(id)}`;

export const getAuthOptions = (options?: RequestOptions): Promise<AuthOptions> =>
  request('GET', '/api/auth/options', undefined, options);

/** Signs in with a DingTalk login-free auth code (single use, valid 5 minutes). */
export const signInWithDingTalk = (code: string): Promise<Me> => request('POST', '/api/auth/dingtalk', { code });

/** Lists the demo roster. The server responds 403 unless it runs in demo mode. */
export const getDemoContacts = (options?: RequestOptions): Promise<DemoContact[]> =>
  request('GET', '/api/auth/demo-contacts', undefined, options);

export const signInAsDemoContact = (userId: string): Promise<Me> => request('POST', '/api/auth/demo', { userId });

export const signOut = (): Promise<{ ok: true }> => request('POST', '/api/auth/logout');

/** Returns the signed-in person, or fails with 401 when there is no session. */
export const getMe = (options?: RequestOptions): Promise<Me> => request('GET', '/api/me', undefined, options);

/** Lists batches: all of them for the bureau, and for a contact the published ones containing their units' projects. */
export const listBatches = (options?: RequestOptions): Promise<BatchListItem[]> =>
  request('GET', '/api/batches', undefined, options);

/** Returns a batch with all its projects and the importer's findings (bureau only). */
export const getBatch = (id: string, options?: RequestOptions): Promise<BatchDetail> =>
  request('GET', batchPath(id), undefined, options);

/** Returns a published batch with the projects of the contact's own units and their confirmation. */
export const getMyBatch = (id: string, options?: RequestOptions): Promise<MyBatch> =>
  request('GET', `${batchPath(id)}/mine`, undefined, options);

export const getConfirmations = (id: string, options?: RequestOptions): Promise<Confirmations> =>
  request('GET', `${batchPath(id)}/confirmations`, undefined, options);

/**
 * Returns each contact's delivery state for a published batch. The server first asks DingTalk who
 * received and read the notices, so this takes a few seconds longer than other reads.
 */
export const getDelivery = (id: string, options?: RequestOptions): Promise<Delivery> =>
  request('GET', `${batchPath(id)}/delivery`, undefined, options);

/** Lists the reminders and escalations sent for a batch, newest first. */
export const getReminders = (id: string, options?: RequestOptions): Promise<ReminderRecord[]> =>
  request('GET', `${batchPath(id)}/reminders`, undefined, options);

/** Publishes a draft batch, which queues the group post and the contacts' work notifications. Fails with 409 if already published. */
/** Address of a batch's Excel workbook: the plan table with each project's progress, and the confirmations. */
export const batchWorkbookUrl = (id: string): string => `${batchPath(id)}/export.xlsx`;

export const publishBatch = (id: string): Promise<PublishResponse> => request('POST', `${batchPath(id)}/publish`);

/** Records the contact's confirmation of receipt. Confirming twice keeps the first time. */
export const confirmBatch = (id: string): Promise<ConfirmResponse> => request('POST', `${batchPath(id)}/confirm`);

const projectPath = (id: string): string => `/api/projects/${encodeURIComponent(id)}`;
const reportPath = (id: string): string => `/api/reports/${encodeURIComponent(id)}`;

/** Lists the projects of the contact's units in published batches, grouped by batch, with each stage's state. */
export const getMyProjects = (options?: RequestOptions): Promise<MyProjectsResponse> =>
  request('GET', '/api/my/projects', undefined, options);

/** Returns a project's plan data, its stages, every report (newest first) and the evidence checklist. */
export const getProject = (id: string, options?: RequestOptions): Promise<ProjectDetailResponse> =>
  request('GET', projectPath(id), undefined, options);

/**
 * Uploads one evidence file of a project, optionally naming the checklist item it proves. The
 * server decides the type from the bytes and rejects files over 20 MB (413) and unknown types (415).
 */
export function uploadEvidence(projectId: string, file: Blob, name: string, item: string | null, options?: UploadOptions): Promise<EvidenceFile> {
  const form = new FormData();
  if (item !== null) form.append('item', item);
  // The file part goes last, so the server has read `item` when the file arrives.
  form.append('file', file, name);
  return upload(`${projectPath(projectId)}/files`, form, options);
}

/** Creates a stage report. Repeating the same idempotency key returns the report created first. */
export const createReport = (projectId: string, body: ReportBody, options?: RequestOptions): Promise<ReportView> =>
  request('POST', `${projectPath(projectId)}/reports`, body, options);

/** Replaces a returned or submitted report with a new version. */
export const correctReport = (reportId: string, body: ReportBody, options?: RequestOptions): Promise<ReportView> =>
  request('PUT', reportPath(reportId), body, options);

/** Lists reports in one state, oldest submission first, each with its project (bureau admins only). */
export const listReports = (state: ReportState, options?: RequestOptions): Promise<ReportListItem[]> =>
  request('GET', `/api/reports?state=${encodeURIComponent(state)}`, undefined, options);

/** Returns every kept version of a report, first version first. */
export const getReportVersions = (reportId: string, options?: RequestOptions): Promise<ReportView[]> =>
  request('GET', `${reportPath(reportId)}/versions`, undefined, options);

/**
 * Accepts or returns the current version of a submitted report, which queues a work notification
 * to its author. Fails with 409 when the report was reviewed already.
 */
export const reviewReport = (reportId: string, review: ReviewDecision): Promise<ReportView> =>
  request('POST', `${reportPath(reportId)}/review`, review);

/** Returns the evidence items each stage's report should carry. */
export const getEvidenceChecklist = (options?: RequestOptions): Promise<EvidenceChecklist> =>
  request('GET', '/api/evidence-checklist', undefined, options);

/** Replaces one stage's evidence checklist (bureau admins only) and returns every stage's checklist. */
export const updateEvidenceChecklist = (stage: Stage, items: string[]): Promise<EvidenceChecklist> =>
  request('PUT', `/api/evidence-checklist/${encodeURIComponent(stage)}`, { items });

const filePath = (fileId: string): string => `/api/files/${encodeURIComponent(fileId)}`;

/** URL that downloads an evidence file under its original name. */
export const fileDownloadUrl = (fileId: string): string => filePath(fileId);

/** URL that shows an image evidence file inline, for thumbnails. */
export const filePreviewUrl = (fileId: string): string => `${filePath(fileId)}?preview=1`;

/** Lists queued DingTalk messages, newest first, all of them or those in one state (bureau admins only). */
export function listOutbox(state: OutboxState | undefined, limit: number, options?: RequestOptions): Promise<OutboxItem[]> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (state !== undefined) query.set('state', state);
  return request('GET', `/api/outbox?${query.toString()}`, undefined, options);
}

/** Puts a failed message back in the queue. Fails with 409 unless the message is in the failed state. */
export const resendOutboxMessage = (id: string): Promise<{ ok: true }> =>
  request('POST', `/api/outbox/${encodeURIComponent(id)}/resend`);

/** Turns a filter into a query string, leaving out the fields that are unset or empty. */
export function filterQuery(filter: object, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams(extra);
  for (const [key, value] of Object.entries(filter)) {
    if (typeof value === 'string' && value !== '') query.set(key, value);
  }
  return query.toString();
}

/** Reads the bureau's overview of published batches under a filter (admins and viewers). */
export const getDashboardOverview = (filter: DashboardFilter, options?: RequestOptions): Promise<DashboardOverview> =>
  request('GET', `/api/dashboard/overview?${filterQuery(filter)}`, undefined, options);

/** Reads one page of the project × stage matrix under a filter (admins and viewers). */
export const getDashboardMatrix = (filter: DashboardFilter, page: number, pageSize: number, options?: RequestOptions): Promise<DashboardMatrix> =>
  request('GET', `/api/dashboard/matrix?${filterQuery(filter, { page: String(page), pageSize: String(pageSize) })}`, undefined, options);

/** Batch fields of an import form; each overrides the notice's header and a file holding only the table needs all three. */
export interface ImportFields {
  docNo: string;
  title: string;
  /** YYYY-MM-DD. */
  issuedAt: string;
}

function importForm(file: File, fields: ImportFields, updatePublished: boolean): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    if (value.trim() !== '') form.append(key, value.trim());
  }
  if (updatePublished) form.append('updatePublished', 'true');
  // The file part goes last, so the server has read the fields when the file arrives.
  form.append('file', file, file.name);
  return form;
}

/** Parses a notice file (text, TSV or .xlsx) and checks its sums without saving anything (bureau admins only). */
export const previewImport = (file: File, fields: ImportFields, options?: UploadOptions): Promise<ImportPreview> =>
  upload('/api/imports/preview', importForm(file, fields, false), options);

/**
 * Saves a notice file as a batch, or updates the batch of the same 文号. Fails with 409 when that
 * batch is published and the file changes its rows, unless `updatePublished` is set.
 */
export const importNotice = (file: File, fields: ImportFields, updatePublished: boolean, options?: UploadOptions): Promise<ImportResult> =>
  upload('/api/imports', importForm(file, fields, updatePublished), options);

/** Filters of the audit trail; every field is optional and dates are YYYY-MM-DD in Beijing time, both ends included. */
export interface AuditFilter {
  projectId?: string;
  /** Part of a project's name. */
  project?: string;
  /** DingTalk userid of the person who acted. */
  actor?: string;
  from?: string;
  to?: string;
}

/** Lists one page of the audit trail, newest first (bureau admins only). */
export function listAuditEvents(filter: AuditFilter, cursor: string | null, options?: RequestOptions): Promise<AuditEvents> {
  const query = filterQuery(filter, cursor === null ? {} : { cursor });
  return request('GET', `/api/audit-events?${query}`, undefined, options);
}

/** Lists the people who appear in the audit trail, for its filter (bureau admins only). */
export const listAuditActors = (options?: RequestOptions): Promise<AuditActor[]> =>
  request('GET', '/api/audit-events/actors', undefined, options);

/** Returns a project's entries across batches, oldest first, each with its stage states. */
export const getProjectHistory = (projectId: string, options?: RequestOptions): Promise<ProjectHistory> =>
  request('GET', `${projectPath(projectId)}/history`, undefined, options);

/** Lists projects of earlier batches to link a project to, by part of the name, or the lead unit's without one (bureau admins only). */
export function listLinkCandidates(projectId: string, search: string, options?: RequestOptions): Promise<LinkCandidate[]> {
  const query = search.trim() === '' ? '' : `?q=${encodeURIComponent(search.trim())}`;
  return request('GET', `${projectPath(projectId)}/link-candidates${query}`, undefined, options);
}

/** Links a project to its entry in an earlier batch and returns the new history (bureau admins only). */
export const linkPreviousProject = (projectId: string, previousProjectId: string): Promise<ProjectHistory> =>
  request('PUT', `${projectPath(projectId)}/previous`, { previousProjectId });

/** Removes a project's link to an earlier entry; a re-import will not link it again (bureau admins only). */
export const unlinkPreviousProject = (projectId: string): Promise<ProjectHistory> => request('DELETE', `${projectPath(projectId)}/previous`);

/** Lists the units, for choosing a contact's units (bureau only). */
export const listUnits = (options?: RequestOptions): Promise<UnitOption[]> => request('GET', '/api/units', undefined, options);

/** Lists contacts matching the filter, active ones first (bureau admins only). */
export function listContacts(filter: ContactFilter, options?: RequestOptions): Promise<Contact[]> {
  return request('GET', `/api/contacts?${filterQuery(filter)}`, undefined, options);
}

const contactPath = (id: string): string => `/api/contacts/${encodeURIComponent(id)}`;

export const createContact = (contact: NewContactInput): Promise<Contact> => request('POST', '/api/contacts', contact);
export const updateContact = (id: string, contact: ContactInput): Promise<Contact> => request('PUT', contactPath(id), contact);
export const deactivateContact = (id: string): Promise<Contact> => request('POST', `${contactPath(id)}/deactivate`);
export const reactivateContact = (id: string): Promise<Contact> => request('POST', `${contactPath(id)}/reactivate`);

/** Reads DingTalk's departments and returns what a sync would change, without changing anything. */
export const previewContactSync = (): Promise<ContactSyncPlan> => request('POST', '/api/contacts/sync/preview');
/** Applies the sync the preview `previewId` showed; 409 when DingTalk changed since. */
export const applyContactSync = (previewId: string): Promise<ContactSyncPlan> => request('POST', '/api/contacts/sync', { previewId });
