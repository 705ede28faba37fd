import { randomBytes } from 'node:crypto';
import type { Context, Next } from 'koa';
import { Contact } from '../models/contact.ts';
import { Session } from '../models/session.ts';
import { unauthorized } from '../errors.ts';
import type { Viewer } from './viewer.ts';

export const sessionCookie = 'jdt_session';

/** A session ends after this long without a request, whatever its absolute expiry. */
export const idleTimeoutMs = 2 * 3600 * 1000;

export interface SessionOptions {
  maxAgeMs: number;
  secureCookies: boolean;
  now?: () => Date;
}

function cookieOptions(options: SessionOptions) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    signed: true,
    secure: options.secureCookies,
    overwrite: true,
    path: '/',
  };
}

/** Starts a session for a contact and sets the signed cookie. */
export async function startSession(ctx: Context, contactId: Viewer['contactId'], options: SessionOptions): Promise<void> {
  const now = options.now?.() ?? new Date();
  const token = randomBytes(24).toString('base64url');
  await Session.create({
    token,
    contactId,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + options.maxAgeMs),
  });
  ctx.cookies.set(sessionCookie, token, { ...cookieOptions(options), maxAge: options.maxAgeMs });
}

export async function endSession(ctx: Context, options: SessionOptions): Promise<void> {
  const token = ctx.cookies.get(sessionCookie, { signed: true });
  if (token !== undefined) await Session.deleteOne({ token });
  ctx.cookies.set(sessionCookie, null, cookieOptions(options));
}

/**
 * Loads `ctx.state.viewer` from the session cookie when there is a valid one. A forged
 * signature, an unknown token, an expired or idle session all leave the request anonymous.
 */
export function loadViewer(options: SessionOptions) {
  return async (ctx: Context, next: Next): Promise<void> => {
    const token = ctx.cookies.get(sessionCookie, { signed: true });
    if (token !== undefined) {
      const now = options.now?.() ?? new Date();
      const session = await Session.findOneAndUpdate(
        { token, expiresAt: { $gt: now }, lastSeenAt: { $gt: new Date(now.getTime() - idleTimeoutMs) } },
        { $set: { lastSeenAt: now } },
      ).lean();
      const contact = session === null ? null : await Contact.findOne({ _id: session.contactId, active: true }).lean();
      if (contact !== null) {
        ctx.state.viewer = {
          contactId: contact._id,
          userId: contact.userId,
          name: contact.name,
          role: contact.role,
          unitIds: contact.unitIds,
        };
      }
    }
    await next();
  };
}

export function requireViewer(ctx: Context): Viewer {
  const viewer = ctx.state.viewer;
  if (viewer === undefined) throw unauthorized();
  return viewer;
}
