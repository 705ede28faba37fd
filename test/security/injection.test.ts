// MongoDB operator objects, arrays and bracket query keys sent where the API expects plain
// values: each must be rejected as invalid input, or ignored, and never reach a query.
import test from 'ava';
import { Contact } from '../../server/models/contact.ts';
import type { EvidenceFileView, ReportView } from '../../server/presenters/responses.ts';
import type { RunningProduct } from '../../server/start.ts';
import { ApiSession } from '../helpers/product.ts';
import { fileForm, projectId, reportBody, roster, smallPng, startPublishedProduct, submit, type ErrorResponse } from '../helpers/reports.ts';
import { collectionCounts } from './collections.ts';
import { routeInventory } from './routes.ts';

/** Values that a query builder would read as an operator or a list. */
const hostileValues: Array<{ label: string; value: unknown }> = [
  { label: '$ne null', value: { $ne: null } },
  { label: '$gt empty', value: { $gt: '' } },
  { label: 'array', value: ['procurement', 'supervision'] },
];

/** Sets `value` at a dotted path of a copy of `body`. */
function withValueAt(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  const keys = path.split('.');
  let target: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[keys.at(-1)!] = value;
  return copy;
}

const stackTrace = /\bat .*\.(ts|js|mjs):\d+|node_modules|MongoServerError|CastError|ValidationError/;
const chinese = /[\u4e00-\u9fff]/;

let product: RunningProduct;
let admin: ApiSession;
let owner: ApiSession;
let project: string;
let report: ReportView;
let file: EvidenceFileView;
let unitId: string;
let contactId: string;

test.before(async () => {
  product = await startPublishedProduct();
  admin = await new ApiSession(product.url).signInAs(roster.admin);
  owner = await new ApiSession(product.url).signInAs(roster.discipline);
  project = await projectId(1);

  const upload = await owner.postForm<EvidenceFileView>(`/api/projects/${project}/files`, fileForm(smallPng(), '采购公告.png', '采购公告'));
  if (upload.status !== 201) throw new Error(`upload failed: ${upload.status} ${JSON.stringify(upload.body)}`);
  file = upload.body;
  report = await submit(owner, project, reportBody('procurement', { evidence: [file.id] }));
  const reform = await Contact.findOne({ userId: roster.reform }).lean();
  unitId = reform!.unitIds[0]!.toString();
  contactId = reform!._id.toString();
});

test.after.always(async () => {
  await product?.stop();
});

interface BodyRoute {
  method: string;
  path: string;
  /** A valid body, into which each hostile value is placed in turn. */
  body: Record<string, unknown>;
  /** Dotted paths of the values to replace. */
  fields: string[];
  /** The caller the policy rejects, who may get 403 because a route can check the role before that part of the body. */
  refusedFor?: 'admin' | 'contact';
}

/** JSON body routes, each with a valid body and the paths of the values to replace. */
function bodyRoutes(): BodyRoute[] {
  const report1 = reportBody('procurement');
  return [
    { method: 'POST', path: '/api/auth/demo', body: { userId: roster.discipline }, fields: ['userId'] },
    { method: 'POST', path: '/api/auth/dingtalk', body: { code: 'unknown-code' }, fields: ['code'] },
    {
      method: 'POST',
      path: `/api/projects/${project}/reports`,
      body: reportBody('supervision'),
      refusedFor: 'admin',
      fields: ['idempotencyKey', 'stage', 'fields.supervisor', 'common.risks', 'evidence'],
    },
    { method: 'PUT', path: `/api/reports/${report.id}`, body: report1, refusedFor: 'admin', fields: ['idempotencyKey', 'stage', 'fields.supplier', 'common.note'] },
    { method: 'POST', path: `/api/reports/${report.id}/review`, body: { decision: 'return', reason: '请补充', version: 1 }, refusedFor: 'contact', fields: ['decision', 'reason'] },
    { method: 'PUT', path: '/api/evidence-checklist/procurement', body: { items: ['采购公告'] }, refusedFor: 'contact', fields: ['items.0'] },
    {
      method: 'PUT',
      path: '/api/settings/schedules/confirmation-reminders',
      body: { cron: '30 9 * * *', enabled: true, workingDaysOnly: true, params: {} },
      refusedFor: 'contact',
      fields: ['cron', 'enabled'],
    },
    { method: 'PUT', path: '/api/settings/calendar/2031-10-08', body: { kind: 'holiday', note: '' }, refusedFor: 'contact', fields: ['kind', 'note'] },
    { method: 'PUT', path: '/api/settings/due-rules/procurement', body: { base: 'published', workingDays: 20 }, refusedFor: 'contact', fields: ['base', 'workingDays'] },
    { method: 'PUT', path: '/api/settings/due-rules/acceptance', body: { date: '2031-12-31' }, refusedFor: 'contact', fields: ['date'] },
    {
      method: 'POST',
      path: '/api/contacts',
      body: { userId: 'jdt-injection-new', name: '注入测试', mobile: '', title: '', role: 'contact', unitIds: [unitId], leaderOfUnitIds: [] },
      refusedFor: 'contact',
      fields: ['userId', 'name', 'mobile', 'title', 'role', 'unitIds', 'unitIds.0', 'leaderOfUnitIds'],
    },
    {
      method: 'PUT',
      path: `/api/contacts/${contactId}`,
      body: { name: '注入测试', mobile: '', title: '', role: 'contact', unitIds: [unitId], leaderOfUnitIds: [] },
      refusedFor: 'contact',
      fields: ['name', 'mobile', 'role', 'unitIds.0'],
    },
    { method: 'POST', path: '/api/contacts/sync', body: { previewId: 'a'.repeat(64) }, refusedFor: 'contact', fields: ['previewId'] },
  ];
}

test.serial('operator and array values in JSON bodies are 400', async (t) => {
  for (const route of bodyRoutes()) {
    for (const field of route.fields) {
      for (const { label, value } of hostileValues) {
        for (const [who, session] of [['admin', admin], ['contact', owner]] as const) {
          const before = await collectionCounts();

          const response = await session.request<ErrorResponse>(route.method, route.path, withValueAt(route.body, field, value));

          const where = `${who} ${route.method} ${route.path} ${field}=${label}`;
          const allowed = route.refusedFor === who ? [400, 403] : [400];
          t.true(allowed.includes(response.status), `${where}: expected ${allowed.join(' or ')}, got ${response.status} ${JSON.stringify(response.body)}`);
          t.regex(response.body.error.message, chinese, where);
          t.notRegex(JSON.stringify(response.body), stackTrace, where);
          t.deepEqual(await collectionCounts(), before, `${where}: documents were written`);
        }
      }
    }
  }
});

/**
 * GET routes with query parameters, each with the parameters it reads. A caller whose role the
 * policy refuses gets 403 before the query is read.
 */
function queryRoutes(): Array<{ path: string; params: string[]; refusedFor?: 'contact' }> {
  return [
    { path: '/api/reports', params: ['state'], refusedFor: 'contact' },
    { path: '/api/outbox', params: ['state', 'limit'], refusedFor: 'contact' },
    { path: '/api/settings/calendar', params: ['year'], refusedFor: 'contact' },
    { path: `/api/files/${file.id}`, params: ['preview'] },
    { path: '/api/dashboard/overview', params: ['batchId', 'unitId', 'nature', 'stage', 'state', 'q'], refusedFor: 'contact' },
    { path: '/api/dashboard/matrix', params: ['batchId', 'unitId', 'nature', 'stage', 'state', 'q', 'page', 'pageSize'], refusedFor: 'contact' },
    { path: '/api/contacts', params: ['unitId', 'role', 'active', 'q'], refusedFor: 'contact' },
  ];
}

test.serial('repeated query parameters are 400', async (t) => {
  for (const route of queryRoutes()) {
    for (const param of route.params) {
      for (const [who, session] of [['admin', admin], ['contact', owner]] as const) {
        const response = await session.get<ErrorResponse>(`${route.path}?${param}=1&${param}=2`);

        const where = `${who} ${route.path}?${param}=…&${param}=…`;
        t.is(response.status, route.refusedFor === who ? 403 : 400, `${where}: ${JSON.stringify(response.body)}`);
        t.regex(response.body.error.message, chinese, where);
        t.notRegex(JSON.stringify(response.body), stackTrace, where);
      }
    }
  }
});

// Koa parses `a[$ne]=x` as a key named "a[$ne]", which the query schemas would drop; other query
// parsers turn it into an operator object or a list. Every route of the API rejects such keys,
// including routes that read no query at all.
const bracketKeys = ['state[$ne]=x', 'limit[$gt]=0', 'batchId[]=a&batchId[]=b', '$where=1', 'a.$ne=1', 'q%5B%24regex%5D=.*'];

test.serial('bracket and operator query keys are 400 on every route', async (t) => {
  const routes = routeInventory().filter((route) => route.includes(' /api/'));
  t.true(routes.length > 40, `only ${routes.length} routes listed`);
  for (const route of routes) {
    const [method, pattern] = route.split(' ') as [string, string];
    const path = pattern.replace(/:(\w+)/g, '0123456789abcdef01234567');
    for (const key of bracketKeys) {
      for (const [who, session] of [['admin', admin], ['contact', owner]] as const) {
        const before = await collectionCounts();

        const response = await session.fetch(method, `${path}?${key}`, method === 'GET' ? undefined : '{}', method === 'GET' ? {} : { 'content-type': 'application/json' });
        const body = (await response.json()) as ErrorResponse;

        const where = `${who} ${method} ${path}?${key}`;
        t.is(response.status, 400, where);
        t.regex(body.error.message, chinese, where);
        t.notRegex(JSON.stringify(body), stackTrace, where);
        t.deepEqual(await collectionCounts(), before, `${where}: documents were written`);
      }
    }
  }
});

test.serial('plain query keys still work', async (t) => {
  const response = await admin.get<Array<{ state: string }>>('/api/reports?state=submitted');

  t.is(response.status, 200);
  t.true(response.body.every((item) => item.state === 'submitted'));
});

test.serial('invalid query values are 400', async (t) => {
  const cases = [
    '/api/contacts?role=%7B%22%24ne%22%3Anull%7D',
    '/api/contacts?active=yes',
    `/api/contacts?q=${'查'.repeat(51)}`,
    '/api/contacts?unitId=%7B%22%24gt%22%3A%22%22%7D',
    '/api/reports?state=%7B%22%24ne%22%3Anull%7D', '/api/outbox?limit=%7B%22%24gt%22%3A0%7D', '/api/settings/calendar?year=2030%22%29', `/api/files/${file.id}?preview=true`,
    '/api/dashboard/matrix?pageSize=%7B%22%24gt%22%3A0%7D',
    '/api/dashboard/overview?unitId=%7B%22%24ne%22%3Anull%7D',
  ];
  for (const path of cases) {
    const response = await admin.get<ErrorResponse>(path);

    t.is(response.status, 400, `${path}: ${JSON.stringify(response.body)}`);
    t.regex(response.body.error.message, chinese, path);
    t.notRegex(JSON.stringify(response.body), stackTrace, path);
  }
});

test.serial('sign-in with an operator userId is 400', async (t) => {
  const anonymous = new ApiSession(product.url);

  const response = await anonymous.post<ErrorResponse>('/api/auth/demo', { userId: { $ne: null } });
  const me = await anonymous.get('/api/me');

  t.is(response.status, 400);
  t.is(me.status, 401);
});

test.serial('__proto__ key in a JSON body is 400', async (t) => {
  const before = await collectionCounts();

  const response = await admin.fetch('PUT', '/api/settings/calendar/2031-10-09', '{"kind": "holiday", "__proto__": {"polluted": 1}}', {
    'content-type': 'application/json',
  });
  const body = (await response.json()) as ErrorResponse;

  t.is(response.status, 400);
  t.regex(body.error.message, chinese);
  t.deepEqual(await collectionCounts(), before);
});

test.serial('oversized JSON body is 413', async (t) => {
  const before = await collectionCounts();
  const note = '很'.repeat(400_000);

  const response = await admin.request<ErrorResponse>('PUT', '/api/settings/calendar/2031-10-09', { kind: 'holiday', note });

  t.true(Buffer.byteLength(JSON.stringify({ kind: 'holiday', note })) > 1024 * 1024);
  t.is(response.status, 413);
  t.regex(response.body.error.message, chinese);
  t.notRegex(JSON.stringify(response.body), stackTrace);
  t.deepEqual(await collectionCounts(), before);
});

test.serial('malformed JSON body is 400', async (t) => {
  const before = await collectionCounts();

  const response = await admin.fetch('PUT', '/api/settings/calendar/2031-10-09', '{"kind": "holiday", "note": ', { 'content-type': 'application/json' });
  const body = (await response.json()) as ErrorResponse;

  t.is(response.status, 400);
  t.regex(body.error.message, chinese);
  t.notRegex(JSON.stringify(body), stackTrace);
  t.deepEqual(await collectionCounts(), before);
});
