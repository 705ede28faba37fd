// One typed function per server endpoint. Pages call these, never fetch().
import { request, type RequestOptions } from './client.ts';
import type {
  AuthOptions,
  BatchDetail,
  BatchListItem,
  ConfirmResponse,
  Confirmations,
  DemoContact,
  Me,
  MyBatch,
  PublishResponse,
} from './types.ts';

export { ApiError, isAbort, setUnauthenticatedListener, type RequestOptions } from './client.ts';
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

/** Publishes a draft batch, which queues the group post and the contacts' work notifications. Fails with 409 if already published. */
export const publishBatch = (id: string): Promise<PublishResponse> => request('POST', `${batchPath(id)}/publish`);

/** Records the contact's confirmation of receipt. Confirming twice keeps the first time. */
export const confirmBatch = (id: string): Promise<ConfirmResponse> => request('POST', `${batchPath(id)}/confirm`);
