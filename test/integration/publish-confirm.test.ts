import test from 'ava';
import { readFile } from 'node:fs/promises';
import { ApiSession, startTestProduct } from '../helpers/product.ts';
import type { RunningProduct } from '../../server/start.ts';
import { parseNotice } from '../../server/importer/parse-notice.ts';
import { saveParsedNotice } from '../../server/importer/save.ts';
import { AuditEvent } from '../../server/models/audit-event.ts';
import { OutboxMessage } from '../../server/models/outbox-message.ts';
import { Project } from '../../server/models/project.ts';

const docNo = '舟数管发〔2022〕4号';
const admin = 'jdt-admin-01';
const justice = 'jdt-u11-1'; // 市司法局
const reform = 'jdt-u07-1'; // 市发改委, also the contact of 市经信局
const cyberspace = 'jdt-u04-1'; // 市委网信办: classified projects 6 and 33

interface BatchListItem { id: string; docNo: string; status: string; projectCount: number; myConfirmedAt: string | null }
interface ProjectView { seq: number; units: string[]; scope: string | null; classified: boolean; name: string }
interface ConfirmationView {
  units: Array<{ unit: string; confirmed: boolean; contacts: Array<{ userId: string; confirmedAt: string | null }> }>;
  totals: { units: number; unitsConfirmed: number; contacts: number; contactsConfirmed: number };
}

let product: RunningProduct;
let batchId: string;

test.before(async () => {
  product = await startTestProduct();
  const session = await new ApiSession(product.url).signInAs(admin);
  const list = await session.get<BatchListItem[]>('/api/batches');
  batchId = list.body.find((batch) => batch.docNo === docNo)!.id;
});

test.after.always(async () => {
  await product?.stop();
});

function simulatorState() {
  if (product.simulator === undefined) throw new Error('demo mode runs the simulator');
  return product.simulator.state;
}

test.serial('health answers ok when the database answers', async (t) => {
  const response = await new ApiSession(product.url).get<{ status: string }>('/api/health');
  t.is(response.status, 200);
  t.deepEqual(response.body, { status: 'ok' });
});

test.serial('demo start imports the real notice as a draft', async (t) => {
  const session = await new ApiSession(product.url).signInAs(admin);
  const detail = await session.get<{ batch: { status: string; projectCount: number; issuedAt: string }; projects: ProjectView[]; findings: unknown[] }>(
    `/api/batches/${batchId}`,
  );
  t.is(detail.status, 200);
  t.is(detail.body.batch.status, 'draft');
  t.is(detail.body.batch.projectCount, 58);
  t.is(detail.body.batch.issuedAt, '2022-07-07');
  t.is(detail.body.projects.length, 58);
  const classified = detail.body.projects.filter((project) => project.classified);
  t.deepEqual(classified.map((project) => project.seq), [5, 6, 33]);
  t.true(classified.every((project) => project.scope === null));
});

test.serial('anonymous and contacts cannot publish', async (t) => {
  const anonymous = await new ApiSession(product.url).post(`/api/batches/${batchId}/publish`);
  t.is(anonymous.status, 401);
  const contact = await new ApiSession(product.url).signInAs(justice);
  const refused = await contact.post<{ error: { message: string } }>(`/api/batches/${batchId}/publish`);
  t.is(refused.status, 403);
  t.regex(refused.body.error.message, /无权/);
  t.is(await OutboxMessage.countDocuments(), 0);
});

test.serial('a state change without the CSRF header is refused', async (t) => {
  const session = await new ApiSession(product.url).signInAs(admin);
  const response = await session.request('POST', `/api/batches/${batchId}/publish`, {}, { 'x-jdt-request': '' });
  t.is(response.status, 403);
  t.is(await OutboxMessage.countDocuments(), 0);
});

test.serial('an invalid batch id is a 400 in Chinese', async (t) => {
  const session = await new ApiSession(product.url).signInAs(admin);
  const response = await session.get<{ error: { message: string; field: string } }>('/api/batches/not-an-id');
  t.is(response.status, 400);
  t.is(response.body.error.field, 'id');
  t.regex(response.body.error.message, /编号/);
});

test.serial('contacts cannot confirm a draft batch', async (t) => {
  const contact = await new ApiSession(product.url).signInAs(justice);
  const response = await contact.post(`/api/batches/${batchId}/confirm`);
  t.is(response.status, 409);
});

test.serial('publishing sends one group post and one card per contact', async (t) => {
  const session = await new ApiSession(product.url).signInAs(admin);
  const response = await session.post<{ workNotifications: number; groupPosts: number; unitsWithoutContacts: string[] }>(
    `/api/batches/${batchId}/publish`,
  );
  t.is(response.status, 200);
  t.is(response.body.groupPosts, 1);
  // 34 people serve the 31 units; the 市发改委 contact also serves 市经信局 and gets one card.
  t.is(response.body.workNotifications, 34);
  t.deepEqual(response.body.unitsWithoutContacts, []);
  await product.dispatcher.trigger();

  const state = simulatorState();
  const groupPosts = state.robotMessages;
  t.is(groupPosts.length, 1);
  t.regex(JSON.stringify(groupPosts[0]), /舟数管发〔2022〕4号/);
  t.regex(JSON.stringify(groupPosts[0]), /58 个/);

  const pending = await OutboxMessage.countDocuments({ state: { $ne: 'sent' } });
  t.is(pending, 0);
  t.is(await AuditEvent.countDocuments({ action: 'batch.publish' }), 1);
});

test.serial('a project with several units reaches each unit', async (t) => {
  const state = simulatorState();
  for (const userid of [justice, reform]) {
    const cards = state.workNotifications.filter((record) => record.userid === userid);
    t.is(cards.length, 1, `${userid} gets one card`);
    const text = JSON.stringify(cards[0]!.msg);
    t.regex(text, /43\. 企业综合服务平台/, `${userid} sees project 43`);
    t.regex(text, /确认收到/);
    t.true(text.includes(`/app/batches/${batchId}`));
  }
  const reformCard = JSON.stringify(state.workNotifications.find((record) => record.userid === reform)!.msg);
  t.regex(reformCard, /市发改委、市经信局/);
});

test.serial('work notifications never carry a classified scope', async (t) => {
  const classified = await Project.find({ classified: true }).lean();
  const state = simulatorState();
  const everything = JSON.stringify([state.workNotifications, state.robotMessages]);
  t.false(everything.includes('涉密，略'));
  t.true(classified.length > 0);
});

test.serial('publishing twice is refused and sends nothing more', async (t) => {
  const session = await new ApiSession(product.url).signInAs(admin);
  const before = simulatorState().workNotifications.length;
  const response = await session.post(`/api/batches/${batchId}/publish`);
  t.is(response.status, 409);
  await product.dispatcher.trigger();
  t.is(simulatorState().workNotifications.length, before);
});

test.serial('a contact logs in with a DingTalk auth code and confirms', async (t) => {
  const code = simulatorState().issueAuthCode(cyberspace);
  const session = new ApiSession(product.url);
  const login = await session.post<{ userId: string; units: Array<{ name: string }> }>('/api/auth/dingtalk', { code });
  t.is(login.status, 200);
  t.is(login.body.userId, cyberspace);
  t.deepEqual(login.body.units.map((unit) => unit.name), ['市委网信办']);

  const reused = await new ApiSession(product.url).post<{ error: { message: string } }>('/api/auth/dingtalk', { code });
  t.is(reused.status, 401);
  t.regex(reused.body.error.message, /授权码无效/);

  const mine = await session.get<{ projects: ProjectView[]; confirmedAt: string | null }>(`/api/batches/${batchId}/mine`);
  t.is(mine.status, 200);
  t.deepEqual(mine.body.projects.map((project) => project.seq), [6, 33]);
  t.true(mine.body.projects.every((project) => project.scope === null));
  t.is(mine.body.confirmedAt, null);

  const confirmed = await session.post<{ confirmedAt: string; alreadyConfirmed: boolean }>(`/api/batches/${batchId}/confirm`);
  t.is(confirmed.status, 200);
  t.false(confirmed.body.alreadyConfirmed);
  const again = await session.post<{ confirmedAt: string; alreadyConfirmed: boolean }>(`/api/batches/${batchId}/confirm`);
  t.true(again.body.alreadyConfirmed);
  t.is(again.body.confirmedAt, confirmed.body.confirmedAt);
  t.is(await AuditEvent.countDocuments({ action: 'batch.confirm' }), 1);
});

test.serial('a contact sees only their own units and not the bureau view', async (t) => {
  const session = await new ApiSession(product.url).signInAs(justice);
  const list = await session.get<BatchListItem[]>('/api/batches');
  t.is(list.body.length, 1);
  t.is(list.body[0]!.projectCount, 4);
  const mine = await session.get<{ projects: ProjectView[] }>(`/api/batches/${batchId}/mine`);
  t.true(mine.body.projects.every((project) => project.units.includes('市司法局')));
  t.is((await session.get(`/api/batches/${batchId}`)).status, 403);
  t.is((await session.get(`/api/batches/${batchId}/confirmations`)).status, 403);
});

test.serial('the bureau sees who confirmed per unit and per contact', async (t) => {
  const session = await new ApiSession(product.url).signInAs(admin);
  const status = await session.get<ConfirmationView>(`/api/batches/${batchId}/confirmations`);
  t.is(status.status, 200);
  t.is(status.body.totals.units, 31);
  t.is(status.body.totals.unitsConfirmed, 1);
  t.is(status.body.totals.contacts, 34);
  t.is(status.body.totals.contactsConfirmed, 1);
  const cyber = status.body.units.find((unit) => unit.unit === '市委网信办')!;
  t.true(cyber.confirmed);
  t.truthy(cyber.contacts[0]!.confirmedAt);
  const justiceUnit = status.body.units.find((unit) => unit.unit === '市司法局')!;
  t.false(justiceUnit.confirmed);
});

test.serial('re-importing the notice updates the batch in place', async (t) => {
  const parsed = parseNotice(await readFile('seeds/000_722b16daf95b2959.txt'));
  const saved = await saveParsedNotice(parsed);
  t.false(saved.created);
  t.is(saved.batchId, batchId);
  t.is(await Project.countDocuments(), 58);
});

test.serial('pages and API answers carry security headers', async (t) => {
  for (const path of ['/app/', '/api/health', '/api/batches']) {
    const response = await fetch(`${product.url}${path}`);
    const policy = response.headers.get('content-security-policy') ?? '';
    t.regex(policy, /default-src 'self'/, path);
    t.regex(policy, /script-src 'self'(;|$)/, path);
    t.is(response.headers.get('x-content-type-options'), 'nosniff', path);
    t.is(response.headers.get('x-frame-options'), 'SAMEORIGIN', path);
  }
});
