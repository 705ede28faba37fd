// The contact sync from DingTalk's departments, end to end: the product's DingTalk client reads the
// simulator's directory, which the demo builds from the roster, one department per unit.
import test from 'ava';
import type { SyncPlan } from '../../server/contacts/sync-plan.ts';
import { AuditEvent } from '../../server/models/audit-event.ts';
import { Contact } from '../../server/models/contact.ts';
import { Unit } from '../../server/models/unit.ts';
import type { RunningProduct } from '../../server/start.ts';
import { ApiSession, startTestProduct } from '../helpers/product.ts';
import { roster, type ErrorResponse } from '../helpers/reports.ts';
import { collectionCounts } from '../security/collections.ts';

let product: RunningProduct;
let admin: ApiSession;

test.before(async () => {
  product = await startTestProduct();
  admin = await new ApiSession(product.url).signInAs(roster.admin);
});

test.after.always(async () => {
  await product?.stop();
});

const directory = () => product.simulator!.state.directory;

async function contactSnapshot() {
  return (await Contact.find().sort({ userId: 1 }).lean()).map(({ updatedAt: _updatedAt, ...rest }) => rest);
}

test.serial('preview of the demo directory changes no contact', async (t) => {
  const response = await admin.post<SyncPlan>('/api/contacts/sync/preview');

  t.is(response.status, 200);
  t.is(response.body.links.length, 31);
  t.true(response.body.links.every((link) => link.newlyLinked && link.unit === link.department));
  t.deepEqual(response.body.added, []);
  t.deepEqual(response.body.updated, []);
  t.deepEqual(response.body.deactivated, []);
  t.deepEqual(response.body.unmatchedDepartments, [{ deptId: 2, name: '舟山市大数据发展管理局' }]);
  t.regex(response.body.previewId, /^[0-9a-f]{64}$/);
});

test.serial('preview and apply of directory changes', async (t) => {
  directory().putUser({ userid: 'jdt-u01-2', name: '新联络员', mobile: '+86-13955556666', title: '科员', deptIds: [101] });
  directory().putUser({ userid: 'jdt-u11-1', name: '孙建国（已改名）', mobile: '13977778888', title: '信息化联络员', deptIds: [111] });
  directory().removeUser('jdt-u14-2');
  // Admins are never deactivated, whatever DingTalk returns.
  directory().removeUser('jdt-admin-02');
  const kept = await new ApiSession(product.url).signInAs('jdt-u14-2');
  const contactsBefore = await contactSnapshot();
  const countsBefore = await collectionCounts();

  const preview = await admin.post<SyncPlan>('/api/contacts/sync/preview');

  t.is(preview.status, 200);
  t.deepEqual(preview.body.added.map((added) => [added.userId, added.mobile]), [['jdt-u01-2', '13955556666']]);
  t.deepEqual(preview.body.updated.map((update) => [update.userId, update.after]), [['jdt-u11-1', { name: '孙建国（已改名）', mobile: '13977778888' }]]);
  t.deepEqual(preview.body.deactivated.map((item) => item.userId), ['jdt-u14-2']);
  t.deepEqual(await contactSnapshot(), contactsBefore, 'the preview wrote contacts');
  t.deepEqual(await collectionCounts(), countsBefore, 'the preview wrote documents');
  t.is(await Unit.countDocuments({ dingtalkDeptId: { $ne: null } }), 0);

  const stale = await admin.post<ErrorResponse>('/api/contacts/sync', { previewId: 'f'.repeat(64) });
  t.is(stale.status, 409);
  t.deepEqual(await contactSnapshot(), contactsBefore, 'a stale preview wrote contacts');

  const applied = await admin.post<SyncPlan>('/api/contacts/sync', { previewId: preview.body.previewId });

  t.is(applied.status, 200);
  const added = await Contact.findOne({ userId: 'jdt-u01-2' }).lean();
  t.is(added?.role, 'contact');
  t.deepEqual(added?.unitIds.map(String), [(await Unit.findOne({ name: '市纪委' }).lean())!._id.toString()]);
  t.is((await Contact.findOne({ userId: 'jdt-u11-1' }).lean())?.name, '孙建国（已改名）');
  t.false((await Contact.findOne({ userId: 'jdt-u14-2' }).lean())!.active);
  t.true((await Contact.findOne({ userId: 'jdt-admin-02' }).lean())!.active);
  t.is((await kept.get('/api/me')).status, 401, 'the deactivated contact lost the session');
  t.is((await Unit.findOne({ name: '市纪委' }).lean())?.dingtalkDeptId, 101);
  t.is(await AuditEvent.countDocuments({ action: 'contact.sync.create' }), 1);
  t.is(await AuditEvent.countDocuments({ action: 'contact.sync.update' }), 1);
  t.is(await AuditEvent.countDocuments({ action: 'contact.sync.deactivate' }), 1);
  t.is(await AuditEvent.countDocuments({ action: 'unit.linkDepartment' }), 31);
  const summary = await AuditEvent.findOne({ action: 'contact.sync' }).lean();
  t.like(summary?.after as object, { added: 1, updated: 1, deactivated: 1, linked: 31 });
  t.is(summary?.actorUserId, roster.admin);
});

test.serial('a second sync changes nothing', async (t) => {
  const preview = await admin.post<SyncPlan>('/api/contacts/sync/preview');

  t.deepEqual(preview.body.added, []);
  t.deepEqual(preview.body.updated, []);
  t.deepEqual(preview.body.deactivated, []);
  t.true(preview.body.links.every((link) => !link.newlyLinked));
});

test.serial('a renamed unit keeps its department by dept_id', async (t) => {
  await Unit.updateOne({ name: '市纪委' }, { $set: { name: '市纪委监委' } });

  const preview = await admin.post<SyncPlan>('/api/contacts/sync/preview');

  const link = preview.body.links.find((candidate) => candidate.deptId === 101);
  t.is(link?.unit, '市纪委监委');
  t.false(link?.newlyLinked);
  t.deepEqual(preview.body.deactivated, []);
});

test.serial('a contact the bureau deactivated is not reactivated by a sync', async (t) => {
  const contact = (await Contact.findOne({ userId: 'jdt-u20-2' }).lean())!;
  await admin.post(`/api/contacts/${contact._id.toString()}/deactivate`);

  const preview = await admin.post<SyncPlan>('/api/contacts/sync/preview');
  await admin.post('/api/contacts/sync', { previewId: preview.body.previewId });

  t.deepEqual(preview.body.inactiveInRoster.map((item) => item.userId), ['jdt-u20-2']);
  t.false((await Contact.findById(contact._id).lean())!.active);
});

test.serial('a contact leaving one of two units keeps the other', async (t) => {
  // 黄丽华 reports for 市发改委 (107) and 市经信局 (127).
  directory().putUser({ userid: 'jdt-u07-1', name: '黄丽华', mobile: '13910000222', title: '信息化联络员', deptIds: [107] });

  const preview = await admin.post<SyncPlan>('/api/contacts/sync/preview');
  const applied = await admin.post<SyncPlan>('/api/contacts/sync', { previewId: preview.body.previewId });

  t.is(applied.status, 200);
  const contact = (await Contact.findOne({ userId: 'jdt-u07-1' }).lean())!;
  t.true(contact.active);
  t.deepEqual(contact.unitIds.map(String), [(await Unit.findOne({ name: '市发改委' }).lean())!._id.toString()]);
});

test.serial('DingTalk failing is a readable 502', async (t) => {
  product.simulator!.state.injectError({ path: '/topapi/v2/user/list', errcode: -1, errmsg: '系统繁忙' });

  const response = await admin.post<ErrorResponse>('/api/contacts/sync/preview');

  t.is(response.status, 502);
  t.regex(response.body.error.message, /钉钉通讯录/);
});
