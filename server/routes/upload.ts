// Receiving one uploaded file with multer, kept in memory up to a size limit.
import type { IncomingMessage } from 'node:http';
import type { Context, Next } from 'koa';
import multer from 'multer';
import { badRequest, HttpError } from '../errors.ts';
import { logger } from '../log.ts';

const log = logger('http');

/** Room for the multipart boundaries and headers around the file in a request's Content-Length. */
const multipartOverheadBytes = 64 * 1024;
/** How long a refused upload's remaining body is read and discarded before the connection is closed. */
const drainTimeoutMs = 60_000;

/** Reads and discards what is left of a request body, so the client receives the response instead of a reset. */
async function drainRequest(req: IncomingMessage): Promise<void> {
  if (req.readableEnded || req.destroyed) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      log.warn({ path: req.url, timeoutMs: drainTimeoutMs }, 'refused upload still sending, connection closed');
      req.destroy();
      resolve();
    }, drainTimeoutMs);
    const finish = () => {
      clearTimeout(timer);
      resolve();
    };
    req.once('end', finish);
    req.once('close', finish);
    req.once('error', finish);
    req.resume();
  });
}

/**
 * Runs first on an upload route: when anything downstream refuses the request before its body
 * was read, the body is drained so the client gets the JSON error.
 */
export async function drainOnError(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
  } catch (error) {
    await drainRequest(ctx.req);
    throw error;
  }
}

export interface ReceivedFile {
  /** The file name as the client sent it, decoded as UTF-8. */
  name: string;
  bytes: Buffer;
  /** The text parts of the form. */
  fields: Record<string, unknown>;
}

export interface FileReceiverOptions {
  maxBytes: number;
  /** Text parts the form may carry besides the file. */
  maxFields: number;
  /** The 413 message, naming the limit. */
  tooLargeMessage: string;
  /** The message when the form has no file. */
  missingMessage: string;
}

/**
 * Returns a reader of multipart requests with one part `file` and a few text parts. A request
 * whose declared length already exceeds the limit is refused before its body is read; otherwise
 * multer stops at the limit. Put `drainOnError` first on the route, so the client receives the
 * error instead of a reset connection.
 */
export function fileReceiver(options: FileReceiverOptions): (ctx: Context) => Promise<ReceivedFile> {
  const tooLarge = (): HttpError => new HttpError(413, 'too_large', options.tooLargeMessage, 'file');
  const parseSingleFile = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: options.maxBytes, files: 1, fields: options.maxFields, parts: options.maxFields + 1, fieldSize: 1024 },
    // Browsers send the file name as raw UTF-8 bytes; busboy's default would read them as latin1
    // and turn 验收报告.pdf into mojibake.
    defParamCharset: 'utf8',
  }).single('file');

  const uploadError = (error: unknown): HttpError => {
    if (!(error instanceof multer.MulterError)) return badRequest('上传的表单格式不正确，请重新选择文件上传', 'file');
    switch (error.code) {
      case 'LIMIT_FILE_SIZE':
        return tooLarge();
      case 'LIMIT_FILE_COUNT':
      case 'LIMIT_UNEXPECTED_FILE':
        return badRequest('一次只能上传一个文件，表单字段名应为 file', 'file');
      default:
        return badRequest('上传的表单格式不正确，请重新选择文件上传', 'file');
    }
  };

  return async (ctx) => {
    const declared = Number(ctx.get('content-length'));
    if (Number.isFinite(declared) && declared > options.maxBytes + multipartOverheadBytes) throw tooLarge();

    const req = ctx.req as IncomingMessage & { file?: Express.Multer.File; body?: Record<string, unknown> };
    await new Promise<void>((resolve, reject) => {
      // multer is written for Express but reads only what Node's own request and response carry.
      parseSingleFile(req as unknown as Parameters<typeof parseSingleFile>[0], ctx.res as unknown as Parameters<typeof parseSingleFile>[1], (error?: unknown) =>
        error === undefined || error === null ? resolve() : reject(uploadError(error)),
      );
    });
    if (req.file === undefined) throw badRequest(options.missingMessage, 'file');
    return { name: req.file.originalname, bytes: req.file.buffer, fields: { ...req.body } };
  };
}
