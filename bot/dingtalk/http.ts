/**
 * HTTP helpers shared by the API client and the robot webhook: JSON requests over the global fetch, the oapi
 * envelope (`errcode`, `errmsg`) and the new API's error body (`code`, `message`, `requestid`).
 */
import { z } from 'zod';

import { DingTalkError, DingTalkHttpError } from './errors.ts';

/** The subset of a pino logger that the DingTalk code uses. Pass `logger.child({ category: 'bot' })`. */
export interface DingTalkLogger {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export type FetchFunction = typeof fetch;

export const DEFAULT_OAPI_BASE_URL = 'https://oapi.dingtalk.com';
export const DEFAULT_API_BASE_URL = 'https://api.dingtalk.com';
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Shortens a token or secret for logs: the first four characters and the length. */
export function maskSecret(value: string): string {
  return `${value.slice(0, 4)}…(${value.length})`;
}

// errcode and sub_code are numbers in DingTalk's samples, but some endpoints quote them.
const looseCode = z.union([z.number().int(), z.string().regex(/^-?\d+$/).transform(Number)]);

const oapiEnvelopeSchema = z.looseObject({
  errcode: looseCode,
  errmsg: z.string().optional(),
  sub_code: z.union([z.number(), z.string()]).optional(),
  sub_msg: z.string().optional(),
  request_id: z.string().optional(),
});

const apiErrorSchema = z.looseObject({
  code: z.string(),
  message: z.string().optional(),
  requestid: z.string().optional(),
});

export interface JsonRequest {
  /** Name of the endpoint for errors and logs, such as `topapi/v2/user/get`. */
  api: string;
  url: string;
  method: 'GET' | 'POST';
  body?: unknown;
  headers?: Record<string, string>;
  fetch: FetchFunction;
  timeoutMs: number;
}

interface JsonResponse {
  status: number;
  json: unknown;
}

/** Sends a request and parses the JSON body, whatever the HTTP status. */
async function requestJson(request: JsonRequest): Promise<JsonResponse> {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  if (request.body !== undefined) headers['content-type'] = 'application/json';

  let response: Response;
  try {
    response = await request.fetch(request.url, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    const message = timedOut ? `timed out after ${request.timeoutMs} ms` : 'request failed';
    throw new DingTalkHttpError(request.api, message, { retryable: true, cause: error });
  }

  const text = await response.text();
  try {
    return { status: response.status, json: JSON.parse(text) };
  } catch (error) {
    // NOTE: DingTalk blocks an egress IP for five minutes with a non-JSON body whose HTTP status is not
    // documented, so every non-JSON response except 404 (a wrong base URL or path) counts as retryable.
    throw new DingTalkHttpError(request.api, `HTTP ${response.status} with a body that is not JSON`, {
      httpStatus: response.status,
      retryable: response.status !== 404,
      cause: error,
    });
  }
}

function parseResponse<T extends z.ZodType>(api: string, schema: T, json: unknown, status: number): z.output<T> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;

  const issue = parsed.error.issues[0];
  const where = issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'unexpected shape';
  throw new DingTalkHttpError(api, `response does not match the documented shape (${where})`, {
    httpStatus: status,
    retryable: false,
    cause: parsed.error,
  });
}

/**
 * Calls an oapi endpoint and returns the body parsed with `schema`. DingTalk reports oapi errors as HTTP 200
 * with `errcode ≠ 0`, and those become a DingTalkError.
 */
export async function callOapi<T extends z.ZodType>(request: JsonRequest, schema: T): Promise<z.output<T>> {
  const { status, json } = await requestJson(request);

  if (status !== 200) {
    throw new DingTalkHttpError(request.api, `unexpected HTTP ${status}`, {
      httpStatus: status,
      retryable: status === 429 || status >= 500,
    });
  }

  const envelope = parseResponse(request.api, oapiEnvelopeSchema, json, status);
  if (envelope.errcode !== 0) throw oapiError(request.api, envelope);

  return parseResponse(request.api, schema, json, status);
}

function oapiError(api: string, envelope: z.output<typeof oapiEnvelopeSchema>): DingTalkError {
  const details = { httpStatus: 200, requestId: envelope.request_id };

  // errcode 88 is an authorization envelope, and the actual reason, such as 60011, is in sub_code.
  if (envelope.errcode === 88 && envelope.sub_code !== undefined && /^-?\d+$/.test(String(envelope.sub_code))) {
    return new DingTalkError(api, Number(envelope.sub_code), envelope.sub_msg ?? envelope.errmsg ?? '', details);
  }
  return new DingTalkError(api, envelope.errcode, envelope.errmsg ?? '', details);
}

/**
 * Calls a new-API endpoint (api.dingtalk.com) and returns the body parsed with `schema`. The new API
 * reports errors as HTTP 4xx/5xx with `{code, message, requestid}`, and those become a DingTalkError.
 */
export async function callApi<T extends z.ZodType>(request: JsonRequest, schema: T): Promise<z.output<T>> {
  const { status, json } = await requestJson(request);

  if (status >= 200 && status < 300) return parseResponse(request.api, schema, json, status);

  const error = apiErrorSchema.safeParse(json);
  if (!error.success) {
    throw new DingTalkHttpError(request.api, `unexpected HTTP ${status}`, {
      httpStatus: status,
      retryable: status === 429 || status >= 500,
    });
  }
  throw new DingTalkError(request.api, error.data.code, error.data.message ?? '', {
    httpStatus: status,
    requestId: error.data.requestid,
  });
}
