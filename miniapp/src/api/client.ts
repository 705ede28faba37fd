import type { ErrorResponse } from './types.ts';
import { showRequestError } from './error-toast.ts';

/** Time limit of a request. Without one, a phone on a weak network waits for minutes. */
const timeoutMs = 20_000;

/** A failed request, carrying the server's error id and its Chinese message for the user. */
export class ApiError extends Error {
  readonly status: number;
  /** The server's stable error id, or `network`, `timeout` or `bad_response` for failures on the way. */
  readonly id: string;
  readonly field: string | undefined;
  readonly requestId: string | undefined;

  constructor(status: number, id: string, message: string, field?: string, requestId?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.id = id;
    this.field = field;
    this.requestId = requestId;
  }
}

export interface RequestOptions {
  /** Signal that cancels the request, e.g. when the page that sent it closes. No error is shown then. */
  signal?: AbortSignal;
}

type UnauthenticatedListener = () => void;
let onUnauthenticated: UnauthenticatedListener = () => {};

/**
 * Sets what happens when the server responds 401 outside the login calls: the session ended, so
 * the app clears the signed-in person and sends them to the login page instead of showing an error.
 */
export function setUnauthenticatedListener(listener: UnauthenticatedListener): void {
  onUnauthenticated = listener;
}

function isErrorResponse(body: unknown): body is ErrorResponse {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const { error } = body;
  return typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string';
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Sends the request with a time limit. Built on a plain AbortController because
 * AbortSignal.timeout and AbortSignal.any are missing from the older WebViews that DingTalk uses
 * on some phones.
 */
async function send(method: 'GET' | 'POST', path: string, body: unknown, options: RequestOptions): Promise<Response> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const cancel = (): void => controller.abort();
  options.signal?.addEventListener('abort', cancel);
  if (options.signal?.aborted === true) controller.abort();

  const headers: Record<string, string> = { accept: 'application/json' };
  // The server rejects every state-changing request without this header (CSRF guard).
  if (method !== 'GET') {
    headers['content-type'] = 'application/json';
    headers['x-jdt-request'] = '1';
  }

  try {
    return await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      signal: controller.signal,
      ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
    });
  } catch (error) {
    if (options.signal?.aborted === true) throw error;
    if (timedOut) throw new ApiError(0, 'timeout', '请求超时，请检查网络后重试');
    throw new ApiError(0, 'network', '网络不可用，请检查网络后重试');
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', cancel);
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  const body = await readJson(response);
  if (isErrorResponse(body)) {
    const { id, message, field, requestId } = body.error;
    return new ApiError(response.status, id, message, field, requestId);
  }
  // A proxy or gateway responded instead of the server, so there is no message to show.
  return new ApiError(response.status, 'bad_response', `服务暂时不可用（HTTP ${response.status}），请稍后重试`);
}

/**
 * Sends a request to the server's JSON API and returns the parsed body. Every failure is shown to
 * the user here, once, as a toast (except a cancelled request and an ended session), and then
 * thrown as an `ApiError` so the caller can update its own state.
 */
export async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  let error: ApiError;
  try {
    const response = await send(method, path, body, options);
    if (response.ok) return (await readJson(response)) as T;
    error = await toApiError(response);
  } catch (caught) {
    if (caught instanceof ApiError) {
      error = caught;
    } else if (options.signal?.aborted === true) {
      throw caught;
    } else {
      // Reading the body failed half-way: the connection dropped.
      error = new ApiError(0, 'network', '网络不可用，请检查网络后重试');
    }
  }

  if (error.status === 401 && !path.startsWith('/api/auth/')) {
    onUnauthenticated();
  } else {
    showRequestError(error);
  }
  throw error;
}

/** True for the error a request throws after its caller cancelled it. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
