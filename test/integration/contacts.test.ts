// The bureau's contact maintenance over HTTP: list and search, add, edit, deactivate and
// reactivate, with validation, audit events and what deactivation takes away.
import test from 'ava';
import { AuditEvent } from '../../server/models/audit-event.ts';
import { Contact } from '../../server/models/contact.ts';
import { OutboxMessage } from '../../server/models/outbox-message.ts';
import { Unit } from '../../server/models/unit.ts';
import type { ContactView } from '../../server/presenters/contact.ts';
import type { RunningProduct } from '../../server/start.ts';
import { ApiSession, startTestProduct } from '../helpers/product.ts';
import { roster, type ErrorResponse } from '../helpers/reports.ts';

const chinese = /[\u4e00-\u9fff]/;

let product: RunningProduct;
let admin: ApiSession;
let discipline: string;
let justice: string;

test.before(async () => {
  product = await startTestProduct();
  admin = await new ApiSession(product.url).signInAs(roster.admin);
  discipline = (await Unit.findOne({ name: '市纪委' }).lean())!._id.toString();
  justice = (await Unit.findOne({ name: '市司法局' }).lean())!._id.toString();
});

test.after.always(async () => {
  await product?.stop();
});

const newContact = (userId: string, overrides: Record<string, unknown> = {}) => ({
  userId,
  name: '测试联系人',
  mobile: '13911112222',
  title: '信息化联络员',
  role: 'contact',
  unitIds: [discipline],
  leaderOfUnitIds: [],
  ...overrides,
});

test.serial('list filters by unit, role and search', async (t) => {
  const byUnit = await admin.get<ContactView[]>(`/api/contacts?unitId=${justice}`);
  const viewers = await admin.get<ContactView[]>('/api/contacts?role=viewer');
  const search = await admin.get<ContactView[]>(`/api/contacts?q=${encodeURIComponent('王晓')}`);
  const regexLike = await admin.get<ContactView[]>(`/api/contacts?q=${encodeURIComponent('.*')}`);

  t.is(byUnit.status, 200);
  t.deepEqual(byUnit.body.map((contact) => contact.userId).sort(), ['jdt-u11-1', 'jdt-u11-leader']);
  t.deepEqual(viewers.body.map((contact) => contact.name).sort(), ['沈明远', '贺云舟'].sort());
  t.deepEqual(search.body.map((contact) => contact.userId), ['jdt-u01-1']);
  t.deepEqual(search.body[0]!.units, [{ id: discipline, name: '市纪委' }]);
  t.deepEqual(regexLike.body, [], 'a search term is matched literally, not as a pattern');
});

test.serial('add writes the contact and an audit event', async (t) => {
  const response = await admin.post<ContactView>('/api/contacts', newContact('jdt-new-1'));

  t.is(response.status, 201);
  t.is(response.body.name, '测试联系人');
  t.true(response.body.active);
  const audit = await AuditEvent.findOne({ action: 'contact.create', targetId: 'jdt-new-1' }).lean();
  t.is(audit?.actorUserId, roster.admin);
  t.is(audit?.address, '127.0.0.1');
  t.like(audit?.after as object, { name: '测试联系人', unitIds: [discipline], active: true });

  const signIn = await new ApiSession(product.url).post('/api/auth/demo', { userId: 'jdt-new-1' });
  t.is(signIn.status, 200, 'a new contact signs in');
});

test.serial('add rejects invalid fields with Chinese messages and writes nothing', async (t) => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['mobile', newContact('jdt-bad-1', { mobile: '12345' }), 'mobile'],
    ['role', newContact('jdt-bad-2', { role: 'root' }), 'role'],
    ['userId', newContact('jdt bad 3'), 'userId'],
    ['name', newContact('jdt-bad-4', { name: '长'.repeat(51) }), 'name'],
    ['no unit', newContact('jdt-bad-5', { unitIds: [] }), 'unitIds'],
    ['admin with unit', newContact('jdt-bad-6', { role: 'admin' }), 'unitIds'],
    ['duplicate unit', newContact('jdt-bad-7', { unitIds: [discipline, discipline] }), 'unitIds'],
  ];
  for (const [label, body, field] of cases) {
    const before = await Contact.countDocuments();

    const response = await admin.post<ErrorResponse>('/api/contacts', body);

    t.is(response.status, 400, label);
    t.is(response.body.error.field, field, label);
    t.regex(response.body.error.message, chinese, label);
    t.is(await Contact.countDocuments(), before, `${label}: a contact was written`);
  }
});

test.serial('add rejects a taken userId and an unknown unit', async (t) => {
  const taken = await admin.post<ErrorResponse>('/api/contacts', newContact(roster.discipline));
  const unknownUnit = await admin.post<ErrorResponse>('/api/contacts', newContact('jdt-new-2', { unitIds: ['0123456789abcdef01234567'] }));

  t.is(taken.status, 409);
  t.regex(taken.body.error.message, /已有联系人/);
  t.is(unknownUnit.status, 422);
  t.is(await Contact.exists({ userId: 'jdt-new-2' }), null);
});

test.serial('edit changes fields and audits before and after', async (t) => {
  const contact = (await Contact.findOne({ userId: 'jdt-new-1' }).lean())!;

  const response = await admin.request<ContactView>('PUT', `/api/contacts/${contact._id.toString()}`, {
    name: '测试改名',
    mobile: '13933334444',
    title: '科长',
    role: 'contact',
    unitIds: [discipline, justice],
    leaderOfUnitIds: [justice],
  });

  t.is(response.status, 200);
  t.deepEqual(response.body.units.map((unit) => unit.name), ['市纪委', '市司法局']);
  t.deepEqual(response.body.leaderOf.map((unit) => unit.name), ['市司法局']);
  const audit = await AuditEvent.findOne({ action: 'contact.update', targetId: 'jdt-new-1' }).lean();
  t.like(audit?.before as object, { name: '测试联系人', mobile: '13911112222', unitIds: [discipline] });
  t.like(audit?.after as object, { name: '测试改名', mobile: '13933334444', unitIds: [discipline, justice], leaderOfUnitIds: [justice] });
});

test.serial('an admin cannot demote or deactivate themselves', async (t) => {
  const self = (await Contact.findOne({ userId: roster.admin }).lean())!;

  const demote = await admin.request<ErrorResponse>('PUT', `/api/contacts/${self._id.toString()}`, { name: self.name, role: 'viewer' });
  const deactivate = await admin.post<ErrorResponse>(`/api/contacts/${self._id.toString()}/deactivate`);

  t.is(demote.status, 422);
  t.is(deactivate.status, 422);
  const after = (await Contact.findById(self._id).lean())!;
  t.is(after.role, 'admin');
  t.true(after.active);
});

test.serial('deactivation ends sessions, blocks sign-in and withdraws pending messages', async (t) => {
  const contact = (await Contact.findOne({ userId: 'jdt-new-1' }).lean())!;
  const session = await new ApiSession(product.url).signInAs('jdt-new-1');
  const shared = await OutboxMessage.create({ dedupeKey: 'test-shared', kind: 'work-notification', userIds: ['jdt-new-1', roster.justice], body: { msgtype: 'text', text: { content: '测试' } } });
  const alone = await OutboxMessage.create({ dedupeKey: 'test-alone', kind: 'work-notification', userIds: ['jdt-new-1'], body: { msgtype: 'text', text: { content: '测试' } } });
  // Keeps the dispatcher from sending them while the test looks.
  await OutboxMessage.updateMany({ _id: { $in: [shared._id, alone._id] } }, { $set: { nextAttemptAt: new Date(Date.now() + 3600_000) } });

  const response = await admin.post<ContactView>(`/api/contacts/${contact._id.toString()}/deactivate`);

  t.is(response.status, 200);
  t.false(response.body.active);
  t.is((await session.get('/api/me')).status, 401, 'the session ended');
  const signIn = await new ApiSession(product.url).post<ErrorResponse>('/api/auth/demo', { userId: 'jdt-new-1' });
  t.is(signIn.status, 403);
  t.regex(signIn.body.error.message, /已停用/);
  t.deepEqual((await OutboxMessage.findById(shared._id).lean())!.userIds, [roster.justice]);
  const withdrawn = (await OutboxMessage.findById(alone._id).lean())!;
  t.is(withdrawn.state, 'failed');
  t.deepEqual(withdrawn.userIds, []);
  t.truthy(await AuditEvent.exists({ action: 'contact.deactivate', targetId: 'jdt-new-1' }));
  t.truthy(await AuditEvent.exists({ action: 'session.signInRefused', targetId: 'jdt-new-1' }));
  t.is(await Contact.countDocuments({ userId: 'jdt-new-1' }), 1, 'the contact is kept');

  const listed = await admin.get<ContactView[]>('/api/contacts?active=false');
  t.deepEqual(listed.body.map((item) => item.userId), ['jdt-new-1']);
});

test.serial('reactivation lets the contact sign in again', async (t) => {
  const contact = (await Contact.findOne({ userId: 'jdt-new-1' }).lean())!;

  const again = await admin.post<ErrorResponse>(`/api/contacts/${contact._id.toString()}/deactivate`);
  const response = await admin.post<ContactView>(`/api/contacts/${contact._id.toString()}/reactivate`);
  const twice = await admin.post<ErrorResponse>(`/api/contacts/${contact._id.toString()}/reactivate`);

  t.is(again.status, 409, 'deactivating twice');
  t.is(response.status, 200);
  t.true(response.body.active);
  t.is(twice.status, 409);
  t.is((await new ApiSession(product.url).post('/api/auth/demo', { userId: 'jdt-new-1' })).status, 200);
  t.truthy(await AuditEvent.exists({ action: 'contact.reactivate', targetId: 'jdt-new-1' }));
});

test.serial('a foreign contact edit is refused and changes nothing', async (t) => {
  const contact = (await Contact.findOne({ userId: roster.justice }).lean())!;
  const other = await new ApiSession(product.url).signInAs(roster.discipline);

  const edit = await other.request<ErrorResponse>('PUT', `/api/contacts/${contact._id.toString()}`, { name: '篡改', role: 'admin', unitIds: [] });
  const deactivate = await other.post<ErrorResponse>(`/api/contacts/${contact._id.toString()}/deactivate`);

  t.is(edit.status, 403);
  t.is(deactivate.status, 403);
  const after = (await Contact.findById(contact._id).lean())!;
  t.is(after.name, contact.name);
  t.is(after.role, 'contact');
  t.true(after.active);
});

test.serial('sign-in and sign-out are audited with the address', async (t) => {
  const session = await new ApiSession(product.url).signInAs(roster.justice);
  await session.post('/api/auth/logout');

  const signIn = await AuditEvent.findOne({ action: 'session.signIn', actorUserId: roster.justice }).sort({ at: -1 }).lean();
  const signOut = await AuditEvent.findOne({ action: 'session.signOut', actorUserId: roster.justice }).sort({ at: -1 }).lean();
  t.is(signIn?.address, '127.0.0.1');
  t.is(signIn?.actorName, '孙建国');
  t.like(signIn?.after as object, { signInWith: '演示模式选择联系人' });
  t.is(signOut?.address, '127.0.0.1');
  t.true(signOut!.at.getTime() >= signIn!.at.getTime());
});

test.serial('a failed DingTalk sign-in without identity writes no audit event', async (t) => {
  const before = await AuditEvent.countDocuments();

  const response = await new ApiSession(product.url).post<ErrorResponse>('/api/auth/dingtalk', { code: 'not-a-code' });

  t.is(response.status, 401);
  t.is(await AuditEvent.countDocuments(), before);
});
