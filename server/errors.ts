import type { Context, Next } from 'koa';
import mongoose from 'mongoose';
import { logger } from './log.ts';

const log = logger('http');

/** An error whose status, stable id and Chinese message may be shown to the client. */
export class HttpError extends Error {
  readonly status: number;
  readonly id: string;
  readonly field: string | undefined;

  constructor(status: number, id: string, message: string, field?: string) {
    super(message);
    this.status = status;
    this.id = id;
    this.field = field;
  }
}

export const badRequest = (message: string, field?: string): HttpError =>
  new HttpError(400, 'invalid_request', message, field);
export const unauthorized = (message = '请先登录'): HttpError =>
  new HttpError(401, 'unauthenticated', message);
export const forbidden = (message = '您无权进行此操作'): HttpError =>
  new HttpError(403, 'forbidden', message);
export const notFound = (message = '找不到请求的内容'): HttpError =>
  new HttpError(404, 'not_found', message);
export const conflict = (message: string): HttpError => new HttpError(409, 'conflict', message);
/** Well-formed input that breaks a rule of the product, such as a plan check. */
export const unprocessable = (message: string, field?: string): HttpError =>
  new HttpError(422, 'unprocessable', message, field);

/** The one JSON shape of every failed request. */
export interface ErrorBody {
  error: { id: string; message: string; field?: string; requestId: string };
}

function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof mongoose.Error.ValidationError) {
    const first = Object.values(error.errors)[0];
    return badRequest(`字段 ${first?.path ?? ''} 无效`, first?.path);
  }
  if (error instanceof mongoose.Error.CastError) return badRequest(`字段 ${error.path} 格式不正确`, error.path);
  if (typeof error === 'object' && error !== null) {
    const { status, expose, code } = error as { status?: unknown; expose?: unknown; code?: unknown };
    if (code === 11000) return conflict('该记录已存在');
    // co-body, under @koa/bodyparser, marks an unparsable JSON body (or one with a __proto__
    // key) only with status 400 on a SyntaxError, without expose.
    if (error instanceof SyntaxError && status === 400) return badRequest('请求体不是有效的 JSON，请检查格式后重试');
    // Other parser errors, such as raw-body's 413 for a body over the limit, carry expose=true.
    if (typeof status === 'number' && status >= 400 && status < 500 && expose === true) {
      if (status === 413) return new HttpError(413, 'too_large', '请求内容过大');
      return badRequest('请求格式不正确');
    }
  }
  return new HttpError(500, 'internal', '服务器内部错误，请稍后再试');
}

/** Turns every failure into `ErrorBody`; clients never see a stack or an internal id. */
export async function errorHandler(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
    if (ctx.status === 404 && ctx.body === undefined) {
      if (ctx.path.startsWith('/api/')) throw notFound('接口不存在');
      ctx.status = 404;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = '找不到该页面';
    }
  } catch (error) {
    const httpError = toHttpError(error);
    if (httpError.status >= 500) {
      log.error({ err: error, requestId: ctx.state.requestId }, 'request failed');
    }
    ctx.status = httpError.status;
    const body: ErrorBody = {
      error: {
        id: httpError.id,
        message: httpError.message,
        requestId: String(ctx.state.requestId ?? ''),
        ...(httpError.field === undefined ? {} : { field: httpError.field }),
      },
    };
    ctx.body = body;
  }
}
