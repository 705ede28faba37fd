import type { Context, Next } from 'koa';
import { z } from 'zod';
import { badRequest } from './errors.ts';

// Default zod messages in Chinese, for the users who read them.
z.config(z.locales.zhCN());

type Source = 'body' | 'query' | 'params';

function describe(issue: z.core.$ZodIssue): { field: string; message: string } {
  const field = issue.path.map(String).join('.');
  return { field, message: field === '' ? `请求无效：${issue.message}` : `字段 ${field} 无效：${issue.message}` };
}

/**
 * Parses one part of the request with a zod schema and stores the typed result in
 * `ctx.state.input[source]`; a mismatch is a 400 naming the field.
 */
export function validate<S extends z.ZodType>(source: Source, schema: S) {
  return async (ctx: Context, next: Next): Promise<void> => {
    const raw: unknown =
      source === 'body' ? (ctx.request as { body?: unknown }).body : source === 'query' ? ctx.query : (ctx as unknown as { params: unknown }).params;
    ctx.state.input = { ...(ctx.state.input ?? {}), [source]: parseInput(schema, raw) };
    await next();
  };
}

/** Parses input that is not a plain JSON body, such as the text parts of an upload; a mismatch is a 400 naming the field. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const result = schema.safeParse(raw ?? {});
  if (!result.success) {
    const first = result.error.issues[0];
    const { field, message } = first === undefined ? { field: '', message: '请求无效' } : describe(first);
    throw badRequest(message, field || undefined);
  }
  return result.data;
}

/** Reads what `validate(source, schema)` stored, typed by the same schema. */
export function input<S extends z.ZodType>(ctx: Context, source: Source, _schema: S): z.infer<S> {
  return (ctx.state.input as Record<Source, z.infer<S>>)[source];
}

/** A MongoDB ObjectId in a path or body, as a 24-digit hex string. */
export const objectId = z.string().regex(/^[0-9a-f]{24}$/, '不是有效的编号');
