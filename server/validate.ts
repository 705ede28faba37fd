import type { Context, Next } from 'koa';
import { z } from 'zod';
import { badRequest, type HttpError } from './errors.ts';

// Default zod messages in Chinese, for the users who read them.
z.config(z.locales.zhCN());

type Source = 'body' | 'query' | 'params';

/** Result that `validate` stored for one part of the request: the typed value, or the 400 to raise when it is read. */
type Parsed = { ok: true; data: unknown } | { ok: false; error: HttpError };

function describe(issue: z.core.$ZodIssue): { field: string; message: string } {
  const field = issue.path.map(String).join('.');
  return { field, message: field === '' ? `请求无效：${issue.message}` : `字段 ${field} 无效：${issue.message}` };
}

function parse<S extends z.ZodType>(schema: S, raw: unknown): { ok: true; data: z.infer<S> } | { ok: false; error: HttpError } {
  const result = schema.safeParse(raw ?? {});
  if (result.success) return { ok: true, data: result.data };
  const first = result.error.issues[0];
  const { field, message } = first === undefined ? { field: '', message: '请求无效' } : describe(first);
  return { ok: false, error: badRequest(message, field || undefined) };
}

/**
 * Parses one part of the request with a zod schema and stores the result for `input()`. A
 * mismatch is raised as a 400 naming the field when the handler reads the input, which every
 * handler does after `authorize()`: so a caller the policy refuses gets 401 or 403 whatever
 * the request carries, and learns nothing from validation messages.
 */
export function validate<S extends z.ZodType>(source: Source, schema: S) {
  return async (ctx: Context, next: Next): Promise<void> => {
    const raw: unknown =
      source === 'body' ? (ctx.request as { body?: unknown }).body : source === 'query' ? ctx.query : (ctx as unknown as { params: unknown }).params;
    const parsed: Parsed = parse(schema, raw);
    ctx.state.input = { ...(ctx.state.input ?? {}), [source]: parsed };
    await next();
  };
}

/** Parses input that is not a plain JSON body, such as the text parts of an upload; a mismatch is a 400 naming the field. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = parse(schema, raw);
  if (!parsed.ok) throw parsed.error;
  return parsed.data;
}

/** Returns what `validate(source, schema)` parsed, typed by the same schema, or throws its 400. */
export function input<S extends z.ZodType>(ctx: Context, source: Source, _schema: S): z.infer<S> {
  const parsed = (ctx.state.input as Partial<Record<Source, Parsed>> | undefined)?.[source];
  if (parsed === undefined) throw new Error(`input(${source}) read without validate('${source}', …) on the route`);
  if (!parsed.ok) throw parsed.error;
  return parsed.data as z.infer<S>;
}

/** A MongoDB ObjectId in a path or body, as a 24-digit hex string. */
export const objectId = z.string().regex(/^[0-9a-f]{24}$/, '不是有效的编号');

/**
 * Rejects an API request whose query string has a key containing `[`, `]` or `$`, such as
 * `state[$ne]=x` or `batchId[]=a`. No route reads such a key, and other query parsers turn
 * them into operator objects or lists. The query schemas would otherwise drop the key and
 * return 200, as if the request were fine.
 */
export async function rejectOperatorQueryKeys(ctx: Context, next: Next): Promise<void> {
  if (ctx.path.startsWith('/api/')) {
    const hostile = Object.keys(ctx.query).find((key) => /[[\]$]/.test(key));
    if (hostile !== undefined) throw badRequest(`查询参数 ${hostile.slice(0, 40)} 无效：参数名不能包含方括号或 $`, hostile.slice(0, 40));
  }
  await next();
}
