// Every route of the API against every kind of caller. The inventory is read from the routers
// themselves, so a route added without a row in the table below fails this test.
import test from 'ava';
import { Contact } from '../../server/models/contact.ts';
import type { EvidenceFileView, ReportView } from '../../server/presenters/responses.ts';
import type { RunningProduct } from '../../server/start.ts';
import { ApiSession } from '../helpers/product.ts';
import { collectionCounts } from './collections.ts';
import { routeInventory } from './routes.ts';
import { fileForm, projectId, reportBody, roster, smallPng, startPublishedProduct, submit } from '../helpers/reports.ts';

const actors = ['anonymous', 'viewer', 'foreign', 'owner', 'admin'] as const;
type Actor = (typeof actors)[number];

/** An exact status, or any 2xx. */
type Expected = '2xx' | 400 | 401 | 403 | 404 | 409 | 422;

/** Names of the records the test creates, used to fill path parameters. */
type IdName = 'batch' | 'project' | 'otherProject' | 'report' | 'file' | 'outbox' | 'schedule' | 'stage' | 'date' | 'unit' | 'contact';

interface Rule {
  /** Path parameter name → which created record fills it. */
  params?: Record<string, IdName>;
  /** JSON body; a function gets the filled ids. */
  body?: (ids: Record<IdName, string>) => unknown;
  /** Multipart form, for the upload routes. */
  form?: () => FormData;
  expect: Record<Actor, Expected>;
  /**
   * Actors whose refusal comes from the record, such as another unit's project, rather than from
   * their role. Their role may make the request, so an invalid id gets 400 before any record is read.
   */
  refusedByRecord?: Actor[];
}

const everyone = (status: Expected): Record<Actor, Expected> => ({ anonymous: status, viewer: status, foreign: status, owner: status, admin: status });
const bureauOnly: Record<Actor, Expected> = { anonymous: 401, viewer: '2xx', foreign: 403, owner: 403, admin: '2xx' };
const adminOnly: Record<Actor, Expected> = { anonymous: 401, viewer: 403, foreign: 403, owner: 403, admin: '2xx' };
const signedIn: Record<Actor, Expected> = { anonymous: 401, viewer: '2xx', foreign: '2xx', owner: '2xx', admin: '2xx' };
/** Project 1 and what hangs off it: its own unit and the bureau read it, another unit does not. */
const ownUnitRead: Record<Actor, Expected> = { anonymous: 401, viewer: '2xx', foreign: 403, owner: '2xx', admin: '2xx' };
const ownUnitWrite: Record<Actor, Expected> = { anonymous: 401, viewer: 403, foreign: 403, owner: '2xx', admin: 403 };

/**
 * Who gets which status on each route. The foreign contact (市司法局) has projects in the seed
 * batch too, so batch-wide contact routes serve both contacts. Project 1 belongs to the owner
 * (市纪委) only.
 */
const rules: Record<string, Rule> = {
  'GET /api/health': { expect: everyone('2xx') },
  // Sent without a valid DingTalk signature, so every caller is 401 whatever the session.
  'POST /api/dingtalk/robot': { body: () => ({ msgId: 'x' }), expect: everyone(401) },
  'GET /api/auth/options': { expect: everyone('2xx') },
  // The code is unknown to the DingTalk simulator.
  'POST /api/auth/dingtalk': { body: () => ({ code: 'unknown-code' }), expect: everyone(401) },
  // Demo mode only, where the contact picker is public by design.
  'GET /api/auth/demo-contacts': { expect: everyone('2xx') },
  'POST /api/auth/demo': { body: () => ({ userId: roster.discipline }), expect: everyone('2xx') },
  'POST /api/auth/logout': { expect: everyone('2xx') },
  'GET /api/me': { expect: signedIn },

  'GET /api/batches': { expect: signedIn },
  'GET /api/batches/:id': { params: { id: 'batch' }, expect: bureauOnly },
  // The bureau has no units, so it has no projects of its own in the batch.
  'GET /api/batches/:id/mine': { params: { id: 'batch' }, refusedByRecord: ['admin'], expect: { anonymous: 401, viewer: 403, foreign: '2xx', owner: '2xx', admin: 403 } },
  'GET /api/batches/:id/confirmations': { params: { id: 'batch' }, expect: bureauOnly },
  'GET /api/batches/:id/delivery': { params: { id: 'batch' }, expect: bureauOnly },
  'GET /api/batches/:id/reminders': { params: { id: 'batch' }, expect: bureauOnly },
  // The seed batch is published already, so the admin's request passes the policy and then conflicts.
  'POST /api/batches/:id/publish': { params: { id: 'batch' }, expect: { ...adminOnly, admin: 409 } },
  'POST /api/batches/:id/confirm': { params: { id: 'batch' }, expect: { anonymous: 401, viewer: 403, foreign: '2xx', owner: '2xx', admin: 403 } },
  'GET /api/batches/:id/export.xlsx': { params: { id: 'batch' }, expect: bureauOnly },
  // Without a file part the admin's request passes the policy and fails validation, so nothing is imported.
  'POST /api/imports/preview': { form: () => new FormData(), expect: { ...adminOnly, admin: 400 } },
  'POST /api/imports': { form: () => new FormData(), expect: { ...adminOnly, admin: 400 } },

  'GET /api/my/projects': { expect: signedIn },
  'GET /api/projects/:id': { params: { id: 'project' }, refusedByRecord: ['foreign'], expect: ownUnitRead },
  'POST /api/projects/:id/files': { params: { id: 'project' }, form: () => fileForm(smallPng(), '现场照片.png'), refusedByRecord: ['foreign'], expect: ownUnitWrite },
  'GET /api/files/:id': { params: { id: 'file' }, refusedByRecord: ['foreign'], expect: ownUnitRead },

  'POST /api/projects/:id/reports': { params: { id: 'project' }, body: () => reportBody('supervision'), refusedByRecord: ['foreign'], expect: ownUnitWrite },
  'PUT /api/reports/:id': { params: { id: 'report' }, body: () => reportBody('procurement'), refusedByRecord: ['foreign'], expect: ownUnitWrite },
  'GET /api/reports/:id/versions': { params: { id: 'report' }, refusedByRecord: ['foreign'], expect: ownUnitRead },
  'GET /api/reports': { expect: adminOnly },
  // The owner's PUT in the row above made the report's current version 2.
  'POST /api/reports/:id/review': { params: { id: 'report' }, body: () => ({ decision: 'return', reason: '请补充采购公告', version: 2 }), expect: adminOnly },

  'GET /api/evidence-checklist': { expect: signedIn },
  'PUT /api/evidence-checklist/:stage': { params: { stage: 'stage' }, body: () => ({ items: ['采购公告', '中标通知书'] }), expect: adminOnly },

  'GET /api/dashboard/overview': { expect: bureauOnly },
  'GET /api/dashboard/matrix': { expect: bureauOnly },

  'GET /api/outbox': { expect: adminOnly },
  // Every seed message was sent, and only a failed one may be resent.
  'POST /api/outbox/:id/resend': { params: { id: 'outbox' }, expect: { ...adminOnly, admin: 409 } },

  'GET /api/settings/schedules': { expect: bureauOnly },
  'PUT /api/settings/schedules/:name': {
    params: { name: 'schedule' },
    body: () => ({ cron: '30 9 * * *', enabled: false, workingDaysOnly: true, params: {} }),
    expect: adminOnly,
  },
  'GET /api/settings/calendar': { expect: bureauOnly },
  'PUT /api/settings/calendar/:date': { params: { date: 'date' }, body: () => ({ kind: 'holiday', note: '调休' }), expect: adminOnly },
  'DELETE /api/settings/calendar/:date': { params: { date: 'date' }, expect: adminOnly },
  'GET /api/settings/due-rules': { expect: bureauOnly },
  'PUT /api/settings/due-rules/:stage': { params: { stage: 'stage' }, body: () => ({ base: 'published', workingDays: 20 }), expect: adminOnly },

  'GET /api/audit-events': { expect: adminOnly },
  'GET /api/audit-events/actors': { expect: adminOnly },

  'GET /api/projects/:id/history': { params: { id: 'project' }, expect: ownUnitRead, refusedByRecord: ['foreign'] },
  'GET /api/projects/:id/link-candidates': { params: { id: 'project' }, expect: adminOnly },
  // The seed batch is the only one, so no earlier batch contains the project: the admin's request passes the policy and fails the check.
  'PUT /api/projects/:id/previous': { params: { id: 'project' }, body: (ids) => ({ previousProjectId: ids.otherProject }), expect: { ...adminOnly, admin: 422 } },
  'DELETE /api/projects/:id/previous': { params: { id: 'project' }, expect: adminOnly },

  'GET /api/units': { expect: bureauOnly },
  'GET /api/contacts': { expect: adminOnly },
  'POST /api/contacts': {
    body: (filled) => ({ userId: 'jdt-matrix-new', name: '矩阵新增', mobile: '13900000099', role: 'contact', unitIds: [filled.unit] }),
    expect: adminOnly,
  },
  'PUT /api/contacts/:id': {
    params: { id: 'contact' },
    body: (filled) => ({ name: '矩阵改名', mobile: '13900000098', title: '科员', role: 'contact', unitIds: [filled.unit], leaderOfUnitIds: [] }),
    expect: adminOnly,
  },
  // Deactivation runs before reactivation, so the admin's reactivation finds the contact deactivated.
  'POST /api/contacts/:id/deactivate': { params: { id: 'contact' }, expect: adminOnly },
  'POST /api/contacts/:id/reactivate': { params: { id: 'contact' }, expect: adminOnly },
  'POST /api/contacts/sync/preview': { expect: adminOnly },
  // No preview had this id, so the admin's request passes the policy and then conflicts.
  'POST /api/contacts/sync': { body: () => ({ previewId: '0'.repeat(64) }), expect: { ...adminOnly, admin: 409 } },
};

const viewerUserId = 'jdt-viewer-test';
const userIdOf: Record<Exclude<Actor, 'anonymous'>, string> = {
  viewer: viewerUserId,
  foreign: roster.justice,
  owner: roster.discipline,
  admin: roster.admin,
};

let product: RunningProduct;
const ids = {} as Record<IdName, string>;

test.before(async () => {
  product = await startPublishedProduct();
  await Contact.create({ userId: viewerUserId, name: '测试查看员', role: 'viewer', unitIds: [] });

  const admin = await new ApiSession(product.url).signInAs(roster.admin);
  const owner = await new ApiSession(product.url).signInAs(roster.discipline);
  const batches = await admin.get<Array<{ id: string }>>('/api/batches');
  ids.batch = batches.body[0]!.id;
  ids.project = await projectId(1);
  ids.otherProject = await projectId(2);

  const upload = await owner.postForm<EvidenceFileView>(`/api/projects/${ids.project}/files`, fileForm(smallPng(), '采购公告.png', '采购公告'));
  if (upload.status !== 201) throw new Error(`upload failed: ${upload.status} ${JSON.stringify(upload.body)}`);
  ids.file = upload.body.id;
  const report: ReportView = await submit(owner, ids.project, reportBody('procurement', { evidence: [ids.file] }));
  ids.report = report.id;

  const outbox = await admin.get<Array<{ id: string }>>('/api/outbox');
  if (outbox.body.length === 0) throw new Error('publishing queued no messages');
  ids.outbox = outbox.body[0]!.id;
  const schedules = await admin.get<Array<{ name: string }>>('/api/settings/schedules');
  if (schedules.body.length === 0) throw new Error('no schedule settings');
  ids.schedule = schedules.body[0]!.name;
  ids.stage = 'procurement';
  // The day exists, so the admin's DELETE, which runs after every rejected one, finds it.
  ids.date = '2031-10-08';
  ids.unit = (await Contact.findOne({ userId: roster.discipline }).lean())!.unitIds[0]!.toString();
  const target = await Contact.create({ userId: 'jdt-matrix-target', name: '矩阵对象', role: 'contact', unitIds: [ids.unit] });
  ids.contact = target._id.toString();
  const day = await admin.request('PUT', `/api/settings/calendar/${ids.date}`, { kind: 'workday', note: '' });
  if (day.status !== 200) throw new Error(`setting a calendar day failed: ${day.status}`);
});

test.after.always(async () => {
  await product?.stop();
});

function matches(status: number, expected: Expected): boolean {
  return expected === '2xx' ? status >= 200 && status < 300 : status === expected;
}

/** Query values that fail every query schema of the API. */
const invalidQuery = '?state=%E6%97%A0&limit=-1&year=abc&preview=maybe&unitId=zz&role=boss&active=maybe&q=' + 'x'.repeat(200);

/**
 * Sends one route's request as one actor, from a fresh session so a logout or sign-in stays local.
 * With `invalid`, every path parameter, the query and the body are replaced by values that fail
 * validation, as a careless or hostile client would send them.
 */
async function send(route: string, rule: Rule, actor: Actor, invalid = false): Promise<{ status: number; text: string }> {
  const session = new ApiSession(product.url);
  if (actor !== 'anonymous') await session.signInAs(userIdOf[actor]);

  const [method, pattern] = route.split(' ') as [string, string];
  let path = pattern.replace(/:(\w+)/g, (_match, name: string) => {
    const idName = rule.params?.[name];
    if (idName === undefined) throw new Error(`${route}: no id for :${name}`);
    return invalid ? 'not%20valid' : ids[idName];
  });
  if (invalid) path += invalidQuery;
  let body: BodyInit | undefined;
  const headers: Record<string, string> = {};
  if (rule.form !== undefined) {
    body = invalid ? invalidForm() : rule.form();
  } else if (rule.body !== undefined || (invalid && method !== 'GET')) {
    body = JSON.stringify(invalid ? { $where: 'sleep(100)', userId: { $ne: null }, items: 'x'.repeat(5000) } : rule.body!(ids));
    headers['content-type'] = 'application/json';
  }
  const response = await session.fetch(method, path, body, headers);
  return { status: response.status, text: await response.text() };
}

function invalidForm(): FormData {
  const form = new FormData();
  form.append('item', 'x'.repeat(5000));
  form.append('docNo', '{"$ne":null}');
  return form;
}

test.serial('inventory has a rule for every route', (t) => {
  const inventory = routeInventory();
  const listed = Object.keys(rules).sort();

  t.deepEqual(inventory.filter((route) => !listed.includes(route)), [], 'routes without a rule in the table');
  t.deepEqual(listed.filter((route) => !inventory.includes(route)), [], 'rules for routes that no longer exist');
  t.log(`${inventory.length} routes`);
});

test.serial('audit trail routes only read', (t) => {
  const auditRoutes = routeInventory().filter((route) => route.split(' ')[1]!.startsWith('/api/audit-events'));
  t.true(auditRoutes.length > 0);
  t.deepEqual(auditRoutes.filter((route) => !route.startsWith('GET ')), []);
});

for (const [route, rule] of Object.entries(rules)) {
  test.serial(`matrix: ${route}`, async (t) => {
    const writes = !route.startsWith('GET ');
    for (const actor of actors) {
      const expected = rule.expect[actor];
      const rejected = expected !== '2xx';
      const before = writes && rejected ? await collectionCounts() : undefined;

      const { status, text } = await send(route, rule, actor);

      t.true(matches(status, expected), `${actor}: expected ${expected}, got ${status} ${text.slice(0, 200)}`);
      t.notRegex(text, /\bat .*\.(ts|js):\d+/, `${actor}: stack trace in the response`);
      if (before !== undefined) t.deepEqual(await collectionCounts(), before, `${actor}: a rejected request wrote documents`);
    }
  });
}

// A request the policy refuses gets the same 401 or 403 whatever its path parameters, query and
// body, so validation never runs ahead of the policy and its messages tell a stranger nothing.
for (const [route, rule] of Object.entries(rules)) {
  const refusedActors = actors.filter((actor) => rule.expect[actor] === 401 || rule.expect[actor] === 403);
  // Public routes refuse for reasons of their own (a signature, an auth code) and validate their input first.
  const guarded = rule.expect.anonymous === 401 && rule.expect.admin !== 401;
  if (!guarded || refusedActors.length === 0) continue;

  test.serial(`invalid input refused by policy: ${route}`, async (t) => {
    for (const actor of refusedActors) {
      const before = route.startsWith('GET ') ? undefined : await collectionCounts();

      const { status, text } = await send(route, rule, actor, true);

      const expected = rule.refusedByRecord?.includes(actor) === true ? 400 : rule.expect[actor];
      t.is(status, expected as number, `${actor}: ${text.slice(0, 200)}`);
      if (before !== undefined) t.deepEqual(await collectionCounts(), before, `${actor}: a rejected request wrote documents`);
    }
  });
}
