// Response shapes of the server's JSON API, imported from the server as types only: nothing of the
// server ends up in the bundle, and a change there becomes a type error here.
import type { BatchView, FindingView, ProjectView } from '../../../server/presenters/batch.ts';
import type { ConfirmationStatusView } from '../../../server/queries/confirmation-status.ts';
import type { DashboardFilter as ServerDashboardFilter, DashboardState as ServerDashboardState } from '../../../server/queries/dashboard/filter.ts';
import type { DashboardMatrix as ServerDashboardMatrix } from '../../../server/queries/dashboard/matrix.ts';
import type { DashboardOverview as ServerDashboardOverview } from '../../../server/queries/dashboard/overview.ts';
import type { DeliveryState as ServerDeliveryState, DeliveryStatusView } from '../../../server/queries/delivery-status.ts';
import type { reminderHistory } from '../../../server/queries/reminder-history.ts';
import type { MeView } from '../../../server/routes/auth/index.ts';
import type { ContactView } from '../../../server/presenters/contact.ts';
import type { SyncPlan } from '../../../server/contacts/sync-plan.ts';
import type { ContactFields, NewContactFields } from '../../../server/contacts/fields.ts';
import type { ErrorBody } from '../../../server/errors.ts';
import type { commonFields } from '../../../server/reports/stages.ts';
import type { reportBody } from '../../../server/routes/reports/schema.ts';
import type { ImportPreviewResponse, ImportResponse } from '../../../server/routes/exports/responses.ts';
import type { LinkCandidateView, ProjectHistoryView } from '../../../server/queries/project-history.ts';
import type { z } from 'zod';
import type {
  AuthOptionsResponse,
  BatchDetailResponse,
  MyBatchResponse,
  ReportView,
  OutboxItemView,
} from '../../../server/presenters/responses.ts';

export type {
  AuditActorView as AuditActor,
  AuditEventsResponse as AuditEvents,
  AuditEventView as AuditEvent,
  BatchListItem,
  ConfirmResponse,
  DemoContact,
  EvidenceChecklistResponse as EvidenceChecklist,
  EvidenceFileView as EvidenceFile,
  MyProjectsResponse,
  ProjectDetailResponse,
  ProjectSummary,
  PublishResponse,
  ReportListItem,
  ReportState,
  ReportView,
  StageState,
  StageStates,
} from '../../../server/presenters/responses.ts';

export type Me = MeView;
export type Role = Me['role'];
export type Batch = BatchView;
export type Project = ProjectView;
export type Finding = FindingView;
export type Confirmations = ConfirmationStatusView;
export type UnitConfirmation = Confirmations['units'][number];
export type ErrorResponse = ErrorBody;
export type AuthOptions = AuthOptionsResponse;
export type MyBatch = MyBatchResponse;
export type BatchDetail = BatchDetailResponse;

export type ReportBody = z.input<typeof reportBody>;
/** The bureau's decision on a report; `reason` is required to return it. */
export interface ReviewDecision {
  decision: 'accept' | 'return';
  reason: string;
  /** The version the reviewer read; the server returns 409 when a newer one arrived. */
  version: number;
}
export type CommonFields = z.infer<typeof commonFields>;

export type Delivery = DeliveryStatusView;
export type DeliveryState = ServerDeliveryState;
export type ReminderRecord = Awaited<ReturnType<typeof reminderHistory>>[number];

/** The outbox states a list can be filtered by; the server lists `sending` messages as `pending`. */
export type OutboxState = OutboxItemView['state'];

export type OutboxItem = OutboxItemView;

export type DashboardFilter = ServerDashboardFilter;
export type DashboardState = ServerDashboardState;
export type DashboardOverview = ServerDashboardOverview;
export type DashboardMatrix = ServerDashboardMatrix;
export type MatrixRow = DashboardMatrix['rows'][number];

export type ImportPreview = ImportPreviewResponse;
export type ImportResult = ImportResponse;

export type ProjectHistory = ProjectHistoryView;
export type ProjectHistoryEntry = ProjectHistoryView['entries'][number];
export type LinkCandidate = LinkCandidateView;

export type Contact = ContactView;
export type ContactSyncPlan = SyncPlan;
export type ContactInput = ContactFields;
export type NewContactInput = NewContactFields;
export interface UnitOption {
  id: string;
  name: string;
  dingtalkDeptId: number | null;
}
/** Filters of the contact list; each left out lists everyone. */
export interface ContactFilter {
  unitId?: string;
  role?: Role;
  active?: 'true' | 'false';
  q?: string;
}
