// Response shapes of the server's JSON API. Where the server exports a shape (presenters, queries,
// services), it is imported from there as a type only: nothing of the server ends up in the bundle,
// and a change there becomes a type error here. The shapes written out below the imports are built
// inline by the server's routes and must be kept in step with them by hand.
import type { BatchView, FindingView, ProjectView } from '../../../server/presenters/batch.ts';
import type { ConfirmationStatusView } from '../../../server/queries/confirmation-status.ts';
import type { MeView } from '../../../server/routes/auth/index.ts';
import type { PublishResult } from '../../../server/services/publish-batch.ts';
import type { ErrorBody } from '../../../server/errors.ts';

export type Me = MeView;
export type Role = Me['role'];
export type Batch = BatchView;
export type Project = ProjectView;
export type Finding = FindingView;
export type Confirmations = ConfirmationStatusView;
export type UnitConfirmation = Confirmations['units'][number];
export type ErrorResponse = ErrorBody;

export interface AuthOptions {
  /** True when the server lets a plain browser sign in by picking a contact from the demo roster. */
  demo: boolean;
  corpId: string;
  clientId: string;
}

/** A person of the demo roster, offered by the contact picker outside DingTalk. */
export interface DemoContact {
  userId: string;
  name: string;
  title: string;
  role: Role;
  /** Names of the units the person reports for; empty for the bureau's staff. */
  units: string[];
}

/** A batch in a list, with the signed-in person's own confirmation. */
export interface BatchListItem extends Batch {
  myConfirmedAt: string | null;
}

/** A batch as returned to a unit contact: only the projects of their own units. */
export interface MyBatch {
  batch: Batch;
  projects: Project[];
  confirmedAt: string | null;
}

/** A batch as returned to the bureau: the whole table and what the importer's checks found. */
export interface BatchDetail {
  batch: Batch;
  projects: Project[];
  findings: Finding[];
}

export interface PublishResponse extends PublishResult {
  batch: Batch;
}

export interface ConfirmResponse {
  confirmedAt: string;
  /** True when the contact had already confirmed; `confirmedAt` is then the first confirmation. */
  alreadyConfirmed: boolean;
}
