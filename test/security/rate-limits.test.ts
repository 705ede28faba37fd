import test from 'ava';
import { Report } from '../../server/models/report.ts';
import { Session } from '../../server/models/session.ts';
import { ApiSession, startTestProduct } from '../helpers/product.ts';
import type { RunningProduct } from '../../server/start.ts';

let product: RunningProduct;
/** Signed in before the sign-in limit is used up, for the submission test. */
let contact: ApiSession;

test.before(async () => {
  product = await startTestProduct({ RATE_LIMIT_LOGIN_PER_MINUTE: '3', RATE_LIMIT_SUBMIT_PER_MINUTE: '2' });
});

test.after.always(async () => {
  await product?.stop();
});

test.serial('sign-ins past the limit get 429 in Chinese', async (t) => {
  contact = await new ApiSession(product.url).signInAs('jdt-u01-1');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    t.is((await new ApiSession(product.url).post('/api/auth/demo', { userId: 'jdt-u01-1' })).status, 200);
  }
  const sessions = await Session.countDocuments();

  const refused = await new ApiSession(product.url).request<{ error: { message: string } }>('POST', '/api/auth/demo', { userId: 'jdt-u01-1' });
  t.is(refused.status, 429);
  t.regex(refused.body.error.message, /操作过于频繁，请 \d+ 秒后再试/);
  t.is(await Session.countDocuments(), sessions);
});

test.serial('submissions past the limit get 429', async (t) => {
  const path = '/api/projects/000000000000000000000000/reports';
  for (let attempt = 0; attempt < 2; attempt += 1) {
    t.not((await contact.post(path, {})).status, 429);
  }

  const refused = await contact.post<{ error: { message: string } }>(path, {});
  t.is(refused.status, 429);
  t.regex(refused.body.error.message, /操作过于频繁/);
  t.is(await Report.countDocuments(), 0);
});
