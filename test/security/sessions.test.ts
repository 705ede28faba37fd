import test from 'ava';
import { Session } from '../../server/models/session.ts';
import { idleTimeoutMs, sessionCookie } from '../../server/auth/session.ts';
import { ApiSession, startTestProduct } from '../helpers/product.ts';
import type { RunningProduct } from '../../server/start.ts';

let product: RunningProduct;

test.before(async () => {
  product = await startTestProduct();
});

test.after.always(async () => {
  await product?.stop();
});

async function meWithCookie(cookie: string): Promise<number> {
  const response = await fetch(`${product.url}/api/me`, { headers: { cookie } });
  return response.status;
}

test.serial('a signed-in session reads /api/me', async (t) => {
  const session = await new ApiSession(product.url).signInAs('jdt-u01-1');
  t.is((await session.get('/api/me')).status, 200);
});

test.serial('a forged cookie is refused', async (t) => {
  t.is(await meWithCookie(`${sessionCookie}=made-up-token; ${sessionCookie}.sig=made-up-signature`), 401);
  t.is(await meWithCookie(`${sessionCookie}=made-up-token`), 401);
});

test.serial('a valid token with a wrong signature is refused', async (t) => {
  await new ApiSession(product.url).signInAs('jdt-u01-1');
  const stored = await Session.findOne().sort({ _id: -1 }).lean();
  t.is(await meWithCookie(`${sessionCookie}=${stored!.token}; ${sessionCookie}.sig=AAAAAAAAAAAAAAAAAAAAAAAAAAA`), 401);
});

test.serial('an expired session is refused', async (t) => {
  const session = await new ApiSession(product.url).signInAs('jdt-u01-1');
  await Session.updateMany({}, { $set: { expiresAt: new Date(Date.now() - 1000) } });
  t.is((await session.get('/api/me')).status, 401);
});

test.serial('an idle session is refused', async (t) => {
  const session = await new ApiSession(product.url).signInAs('jdt-u01-1');
  await Session.updateMany({}, { $set: { lastSeenAt: new Date(Date.now() - idleTimeoutMs - 1000) } });
  t.is((await session.get('/api/me')).status, 401);
});

test.serial('logout ends the session', async (t) => {
  const session = await new ApiSession(product.url).signInAs('jdt-u01-1');
  t.is((await session.post('/api/auth/logout')).status, 200);
  t.is((await session.get('/api/me')).status, 401);
});

test.serial('the session cookie is httpOnly and SameSite', async (t) => {
  const response = await fetch(`${product.url}/api/auth/demo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-jdt-request': '1' },
    body: JSON.stringify({ userId: 'jdt-u01-1' }),
  });
  const cookie = response.headers.getSetCookie().find((header) => header.startsWith(`${sessionCookie}=`)) ?? '';
  t.regex(cookie, /httponly/i);
  t.regex(cookie, /samesite=lax/i);
  t.regex(cookie, /expires=/i);
});
