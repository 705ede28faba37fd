// The bureau's audit trail: filters, Beijing-time date ranges, paging, names in place of ids,
// who may read it, and that nothing can change or remove a recorded event.
import test from 'ava';
import mongoose from 'mongoose';
import { AuditEvent, AuditTrailImmutableError } from '../../server/models/audit-event.ts';
import { Contact } from '../../server/models/contact.ts';
import type { AuditActorView, AuditEventsResponse, AuditEventView, EvidenceFileView, ReportView } from '../../server/presenters/responses.ts';
import { recordAudit } from '../../server/services/audit.ts';
import type { RunningProduct } from '../../server/start.ts';
import { ApiSession } from '../helpers/product.ts';
import { fileForm, projectId, reportBody, roster, smallPng, startPublishedProduct, submit, type ErrorResponse } from '../helpers/reports.ts';

let product: RunningProduct;
let admin: ApiSession;
let project1: string;
let reportId: string;

/** An event recorded on 2024-03-11 at 00:30 Beijing time, which is still 2024-03-10 in UTC. */
const pastEventAt = new Date('2024-03-10T16:30:00Z');

test.before(async () => {
  product = await startPublishedProduct();
  admin = await new ApiSession(product.url).signInAs(roster.admin);
  const owner = await new ApiSession(product.url).signInAs(roster.discipline);
  project1 = await projectId(1);

  const upload = await owner.postForm<EvidenceFileView>(`/api/projects/${project1}/files`, fileForm(smallPng(), '采购公告.png', '采购公告'));
  if (upload.status !== 201) throw new Error(`upload failed: ${upload.status}`);
  const report: ReportView = await submit(owner, project1, reportBody('procurement', { evidence: [upload.body.id] }));
  reportId = report.id;
  const reviewed = await admin.post(`/api/reports/${reportId}/review`, { decision: 'return', reason: '请补充采购公告原件', version: report.version });
  if (reviewed.status !== 200) throw new Error(`review failed: ${reviewed.status}`);
  const day = await admin.request('PUT', '/api/settings/calendar/2031-10-08', { kind: 'workday', note: '调休上班' });
  if (day.status !== 200) throw new Error(`calendar failed: ${day.status}`);

  await mongoose.connection.transaction(async (session) => {
    await recordAudit(session, { userId: roster.admin, name: '方思齐', address: '' }, { action: 'calendar.unset', targetKind: 'CalendarDay', targetId: '2024-03-11', before: { kind: 'holiday', note: '' } }, pastEventAt);
  });
});

test.after.always(async () => {
  await product?.stop();
});

async function trail(query: Record<string, string> = {}): Promise<AuditEventsResponse> {
  const response = await admin.get<AuditEventsResponse>(`/api/audit-events?${new URLSearchParams(query).toString()}`);
  if (response.status !== 200) throw new Error(`trail failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

test('newest first with names and words', async (t) => {
  const { events } = await trail({ limit: '100' });
  const times = events.map((event) => event.at);
  t.deepEqual(times, [...times].sort().reverse());

  const returned = events.find((event) => event.action === 'report.return');
  t.is(returned?.actionLabel, '退回报送');
  t.is(returned?.actor.name, '方思齐');
  t.is(returned?.target.label, '招标采购报送');
  t.is(returned?.project?.id, project1);
  t.is(returned?.project?.docNo, '舟数管发〔2022〕4号');
  t.deepEqual(returned?.before, { state: 'submitted', version: 1 });
  t.like(returned?.after as object, { state: 'returned', reason: '请补充采购公告原件' });

  const imported = events.find((event) => event.action === 'batch.import');
  t.is(imported?.actionLabel, '导入批次');
  t.is(imported?.actor.name, '系统');
  t.is(imported?.target.label, '批次 舟数管发〔2022〕4号');
  t.is(imported?.project, null);

  const uploaded = events.find((event) => event.action === 'file.upload');
  t.is(uploaded?.target.label, '材料 采购公告.png');
  t.false(JSON.stringify(events).includes('"address"'), 'client addresses left the server');
});

test('filters by project id and name', async (t) => {
  const byId = await trail({ projectId: project1 });
  t.deepEqual(byId.events.map((event) => event.action).sort(), ['file.upload', 'report.return', 'report.submit']);
  t.true(byId.events.every((event) => event.project?.id === project1));

  const projectName = byId.events[0]!.project!.name;
  const byName = await trail({ project: projectName.slice(2, 8) });
  t.deepEqual(byName.events.map((event) => event.id), byId.events.map((event) => event.id));

  const none = await trail({ project: '没有这个项目的名称' });
  t.deepEqual(none.events, []);
});

// Serial tests run before the others, whose sign-ins add events to the trail.
test.serial('filters by person and action', async (t) => {
  const owner = await trail({ actor: roster.discipline });
  t.deepEqual(owner.events.map((event) => event.action).sort(), ['file.upload', 'report.submit', 'session.signIn']);
  t.true(owner.events.every((event) => event.actor.userId === roster.discipline));

  const returns = await trail({ action: 'report.return' });
  t.is(returns.events.length, 1);
  t.is(returns.events[0]!.target.id, reportId);
});

test('date range uses Beijing days', async (t) => {
  const sameDay = await trail({ from: '2024-03-11', to: '2024-03-11' });
  t.deepEqual(sameDay.events.map((event) => event.at), [pastEventAt.toISOString()]);

  const dayBefore = await trail({ from: '2024-03-10', to: '2024-03-10' });
  t.deepEqual(dayBefore.events, []);

  const until = await trail({ to: '2024-12-31' });
  t.is(until.events.length, 1);
});

test.serial('cursor pages cover the trail', async (t) => {
  const whole = await trail({ limit: '100' });
  const seen: AuditEventView[] = [];
  let cursor: string | null = null;
  do {
    const page: AuditEventsResponse = await trail({ limit: '2', ...(cursor === null ? {} : { cursor }) });
    t.true(page.events.length <= 2);
    seen.push(...page.events);
    cursor = page.nextCursor;
  } while (cursor !== null);

  t.deepEqual(seen.map((event) => event.id), whole.events.map((event) => event.id));
});

test('invalid queries are rejected', async (t) => {
  const cases: Array<[string, RegExp]> = [
    ['cursor=abc', /翻页位置无效/],
    ['from=2024-03-12&to=2024-03-11', /开始日期不能晚于结束日期/],
    ['from=2024-02-30', /不是有效的日期/],
    ['action=report.delete', /无法识别的操作类型/],
    ['projectId=123', /不是有效的编号/],
    ['limit=1000', /limit/],
  ];
  for (const [query, message] of cases) {
    const response = await admin.get<ErrorResponse>(`/api/audit-events?${query}`);
    t.is(response.status, 400, query);
    t.regex(response.body.error.message, message, query);
  }
});

test('actors list names the people', async (t) => {
  const response = await admin.get<AuditActorView[]>('/api/audit-events/actors');
  t.is(response.status, 200);
  const userIds = response.body.map((actor) => actor.userId);
  t.true(userIds.includes(roster.admin));
  t.true(userIds.includes(roster.discipline));
  t.true(userIds.includes('system'));
  t.is(response.body.find((actor) => actor.userId === 'system')?.name, '系统');
});

test('only admins read the trail', async (t) => {
  await Contact.updateOne({ userId: 'audit-viewer' }, { $setOnInsert: { userId: 'audit-viewer', name: '周领导', role: 'viewer', unitIds: [] } }, { upsert: true });
  const viewer = await new ApiSession(product.url).signInAs('audit-viewer');
  const contact = await new ApiSession(product.url).signInAs(roster.discipline);

  t.is((await viewer.get('/api/audit-events')).status, 403);
  t.is((await contact.get('/api/audit-events')).status, 403);
  t.is((await new ApiSession(product.url).get('/api/audit-events')).status, 401);
});

test.serial('no route writes the trail', async (t) => {
  const before = await AuditEvent.countDocuments();
  const event = await AuditEvent.findOne().lean();
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
    for (const path of ['/api/audit-events', `/api/audit-events/${event!._id.toString()}`]) {
      const response = await admin.fetch(method, path, JSON.stringify({ action: 'batch.publish' }), { 'content-type': 'application/json' });
      t.true(response.status === 404 || response.status === 405, `${method} ${path}: ${response.status}`);
    }
  }
  t.is(await AuditEvent.countDocuments(), before);
});

test.serial('model rejects changes and removals', async (t) => {
  const before = await AuditEvent.find().sort({ _id: 1 }).lean();
  const first = before[0]!;

  await t.throwsAsync(AuditEvent.updateOne({ _id: first._id }, { $set: { actorName: '改过的名字' } }), { instanceOf: AuditTrailImmutableError });
  await t.throwsAsync(AuditEvent.updateMany({}, { $set: { after: null } }), { instanceOf: AuditTrailImmutableError });
  await t.throwsAsync(AuditEvent.findOneAndUpdate({ _id: first._id }, { $set: { at: new Date() } }), { instanceOf: AuditTrailImmutableError });
  await t.throwsAsync(AuditEvent.replaceOne({ _id: first._id }, { ...first, actorName: 'x' }), { instanceOf: AuditTrailImmutableError });
  await t.throwsAsync(AuditEvent.findOneAndReplace({ _id: first._id }, { ...first, actorName: 'x' }), { instanceOf: AuditTrailImmutableError });
  await t.throwsAsync(AuditEvent.deleteOne({ _id: first._id }), { instanceOf: AuditTrailImmutableError });
  await t.throwsAsync(AuditEvent.deleteMany({}), { instanceOf: AuditTrailImmutableError });
  await t.throwsAsync(AuditEvent.findOneAndDelete({ _id: first._id }), { instanceOf: AuditTrailImmutableError });
  await t.throwsAsync(AuditEvent.bulkWrite([{ deleteOne: { filter: { _id: first._id } } }]), { instanceOf: AuditTrailImmutableError });

  const document = await AuditEvent.findById(first._id);
  document!.actorName = '改过的名字';
  await t.throwsAsync(document!.save(), { instanceOf: AuditTrailImmutableError });
  await t.throwsAsync(document!.deleteOne(), { instanceOf: AuditTrailImmutableError });

  t.deepEqual(await AuditEvent.find().sort({ _id: 1 }).lean(), before);
});
