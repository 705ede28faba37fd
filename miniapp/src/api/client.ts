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
  /**
   * Leaves network failures and timeouts unshown, for a caller that keeps the work as 待发送 and
   * shows that itself. Every other failure is still shown.
   */
  quietNetworkErrors?: boolean;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

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
async function send(method: Method, path: string, body: unknown, options: RequestOptions): Promise<Response> {
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

/** How long a prefetched response may wait for the page that requests it, in ms. */
const prefetchFreshMs = 15_000;

/** GET responses started before any page asked for them, by path; each serves one request. */
const prefetched = new Map<string, { startedAt: number; response: Promise<Response | undefined> }>();

/**
 * Starts GET requests that the first screen will make, so that on a slow link they travel beside
 * the page's code instead of after it. A failed or late prefetch is dropped and the page's own
 * request goes out as usual, so an ended session still shows the sign-in page.
 */
export function prefetch(paths: readonly string[]): void {
  for (const path of paths) {
    const response = fetch(path, { headers: { accept: 'application/json' }, credentials: 'same-origin' }).catch(() => undefined);
    prefetched.set(path, { startedAt: Date.now(), response });
  }
}

async function takePrefetched(path: string): Promise<Response | undefined> {
  const entry = prefetched.get(path);
  if (entry === undefined) return undefined;
  prefetched.delete(path);
  if (Date.now() - entry.startedAt > prefetchFreshMs) return undefined;
  const response = await entry.response;
  return response?.ok === true ? response : undefined;
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
export async function request<T>(method: Method, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  let error: ApiError;
  try {
    const early = method === 'GET' ? await takePrefetched(path) : undefined;
    const response = early ?? (await send(method, path, body, options));
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

  throw reportFailure(error, path, options);
}

/** True for a failure on the way to the server, after which the same request may succeed. */
export function isNetworkError(error: unknown): boolean {
  return error instanceof ApiError && (error.id === 'network' || error.id === 'timeout');
}

/** Shows a failed request to the person (or ends the session on a 401) and returns the error to throw. */
function reportFailure(error: ApiError, path: string, options: RequestOptions): ApiError {
  if (error.status === 401 && !path.startsWith('/api/auth/')) {
    onUnauthenticated();
  } else if (!(options.quietNetworkErrors === true && isNetworkError(error))) {
    showRequestError(error);
  }
  return error;
}

export interface UploadOptions extends RequestOptions {
  /** Called as the body goes out, with the bytes sent and the total. */
  onProgress?: (sent: number, total: number) => void;
}

/** Time limit of an upload without any progress: a stalled upload on a weak network fails instead of hanging. */
const uploadStallMs = 60_000;

/**
 * Posts a multipart form and returns the parsed JSON body, reporting upload progress. Built on
 * XMLHttpRequest because fetch() reports no upload progress. Failures are shown and thrown as in
 * `request`.
 */
export function upload<T>(path: string, form: FormData, options: UploadOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    let stallTimer: ReturnType<typeof setTimeout> | undefined;
    let timedOut = false;
    const restartStallTimer = (): void => {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(() => {
        timedOut = true;
        xhr.abort();
      }, uploadStallMs);
    };
    const cancel = (): void => xhr.abort();
    const finish = (): void => {
      clearTimeout(stallTimer);
      options.signal?.removeEventListener('abort', cancel);
    };
    const fail = (error: ApiError): void => {
      finish();
      reject(reportFailure(error, path, options));
    };

    xhr.open('POST', path);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('x-jdt-request', '1');
    xhr.upload.onprogress = (event) => {
      restartStallTimer();
      options.onProgress?.(event.loaded, event.lengthComputable ? event.total : 0);
    };
    xhr.onload = () => {
      finish();
      const response = new Response(xhr.status === 204 ? null : xhr.responseText, { status: xhr.status });
      if (xhr.status >= 200 && xhr.status < 300) {
        void readJson(response).then((body) => resolve(body as T));
      } else {
        void toApiError(response).then((error) => reject(reportFailure(error, path, options)));
      }
    };
    xhr.onerror = () => fail(new ApiError(0, 'network', '网络不可用，请检查网络后重试'));
    xhr.onabort = () => {
      if (timedOut) {
        fail(new ApiError(0, 'timeout', '上传超时，请检查网络后重试'));
      } else {
        finish();
        reject(new DOMException('The upload was cancelled', 'AbortError'));
      }
    };

    if (options.signal?.aborted === true) {
      reject(new DOMException('The upload was cancelled', 'AbortError'));
      return;
    }
    options.signal?.addEventListener('abort', cancel);
    restartStallTimer();
    xhr.send(form);
  });
}

/** True for the error a request throws after its caller cancelled it. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
