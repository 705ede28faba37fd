import test from 'ava';
import type { EvidenceFileView, MyProjectsResponse, ReportView } from '../../server/presenters/responses.ts';
import type { RunningProduct } from '../../server/start.ts';
import { ApiSession } from '../helpers/product.ts';
import {
  fileForm,
  projectId,
  reportBody,
  roster,
  smallPng,
  startPublishedProduct,
  submit,
  writeCounts,
  type ErrorResponse,
} from '../helpers/reports.ts';

let product: RunningProduct;
/** 王晓明 of 市纪委, whose projects are 1 and 2. */
let discipline: ApiSession;
/** The 市司法局 contact: projects 16, 43, 44 and 45. */
let justice: ApiSession;
let project16: string;
let project43: string;
/** A report and a file of 市司法局 on project 16. */
let justiceReport: ReportView;
let justiceFile: EvidenceFileView;

test.before(async () => {
  product = await startPublishedProduct();
  discipline = await new ApiSession(product.url).signInAs(roster.discipline);
  justice = await new ApiSession(product.url).signInAs(roster.justice);
  project16 = await projectId(16);
  project43 = await projectId(43);

  const upload = await justice.postForm<EvidenceFileView>(`/api/projects/${project16}/files`, fileForm(smallPng(), '采购公告.png', '采购公告'));
  if (upload.status !== 201) throw new Error(`upload failed: ${upload.status}`);
  justiceFile = upload.body;
  justiceReport = await submit(justice, project16, reportBody('procurement', { evidence: [justiceFile.id] }));
});

test.after.always(async () => {
  await product?.stop();
});

test.serial('my projects list only own units', async (t) => {
  const response = await discipline.get<MyProjectsResponse>('/api/my/projects');

  t.is(response.status, 200);
  t.deepEqual(response.body.batches.flatMap((group) => group.projects.map((project) => project.seq)), [1, 2]);
});

test.serial('another unit’s project is 403 to read', async (t) => {
  const response = await discipline.get<ErrorResponse>(`/api/projects/${project16}`);

  t.is(response.status, 403);
  t.regex(response.body.error.message, /不属于您的单位/);
});

test.serial('another unit’s project is 403 to upload', async (t) => {
  const before = await writeCounts();

  const response = await discipline.postForm<ErrorResponse>(`/api/projects/${project16}/files`, fileForm(smallPng(), '现场照片.png'));

  t.is(response.status, 403);
  t.regex(response.body.error.message, /不属于您的单位/);
  t.deepEqual(await writeCounts(), before);
});

test.serial('another unit’s project is 403 to report', async (t) => {
  const before = await writeCounts();

  const response = await discipline.post<ErrorResponse>(`/api/projects/${project16}/reports`, reportBody('procurement'));

  t.is(response.status, 403);
  t.regex(response.body.error.message, /不属于您的单位/);
  t.deepEqual(await writeCounts(), before);
});

test.serial('another unit’s report is 403 to read and change', async (t) => {
  const before = await writeCounts();

  const versions = await discipline.get<ErrorResponse>(`/api/reports/${justiceReport.id}/versions`);
  const changed = await discipline.request<ErrorResponse>('PUT', `/api/reports/${justiceReport.id}`, reportBody('procurement'));

  t.is(versions.status, 403);
  t.is(changed.status, 403);
  t.regex(changed.body.error.message, /不属于您的单位/);
  t.deepEqual(await writeCounts(), before);
});

test.serial('another unit’s file is 403 to download', async (t) => {
  const response = await discipline.get<ErrorResponse>(`/api/files/${justiceFile.id}`);

  t.is(response.status, 403);
  t.regex(response.body.error.message, /无权下载/);
});

test.serial('another unit’s file cannot be evidence', async (t) => {
  const before = await writeCounts();

  const response = await discipline.post<ErrorResponse>(
    `/api/projects/${await projectId(1)}/reports`,
    reportBody('procurement', { evidence: [justiceFile.id] }),
  );

  t.is(response.status, 422);
  t.is(response.body.error.field, 'evidence');
  t.deepEqual(await writeCounts(), before);
});

test.serial('a co-owner unit reads but cannot rewrite', async (t) => {
  const report = await submit(justice, project43, reportBody('supervision'));
  const reform = await new ApiSession(product.url).signInAs(roster.reform);
  const before = await writeCounts();

  const page = await reform.get(`/api/projects/${project43}`);
  const versions = await reform.get<ReportView[]>(`/api/reports/${report.id}/versions`);
  const changed = await reform.request<ErrorResponse>('PUT', `/api/reports/${report.id}`, reportBody('supervision'));

  t.is(page.status, 200);
  t.is(versions.status, 200);
  t.is(versions.body.length, 1);
  t.is(changed.status, 403);
  t.regex(changed.body.error.message, /只有报送单位的联系人可以修改/);
  t.deepEqual(await writeCounts(), before);
});

test.serial('contacts cannot review, list or edit the checklist', async (t) => {
  const before = await writeCounts();

  const review = await justice.post(`/api/reports/${justiceReport.id}/review`, { decision: 'accept', reason: '', version: justiceReport.version });
  const list = await justice.get('/api/reports?state=submitted');
  const checklist = await justice.request('PUT', '/api/evidence-checklist/procurement', { items: ['采购公告'] });

  t.is(review.status, 403);
  t.is(list.status, 403);
  t.is(checklist.status, 403);
  t.deepEqual(await writeCounts(), before);
});

test.serial('the bureau cannot report for a unit', async (t) => {
  const admin = await new ApiSession(product.url).signInAs(roster.admin);
  const before = await writeCounts();

  const response = await admin.post(`/api/projects/${project16}/reports`, reportBody('supervision'));

  t.is(response.status, 403);
  t.deepEqual(await writeCounts(), before);
});

test.serial('an unknown project is 404', async (t) => {
  const response = await discipline.get<ErrorResponse>('/api/projects/0123456789abcdef01234567');

  t.is(response.status, 404);
  t.regex(response.body.error.message, /找不到该项目/);
});

test.serial('every new route refuses the unauthenticated', async (t) => {
  const anonymous = new ApiSession(product.url);
  const before = await writeCounts();

  const responses = {
    myProjects: await anonymous.get('/api/my/projects'),
    project: await anonymous.get(`/api/projects/${project16}`),
    upload: await anonymous.postForm(`/api/projects/${project16}/files`, fileForm(smallPng(), '现场照片.png')),
    download: await anonymous.get(`/api/files/${justiceFile.id}`),
    submit: await anonymous.post(`/api/projects/${project16}/reports`, reportBody('procurement')),
    resubmit: await anonymous.request('PUT', `/api/reports/${justiceReport.id}`, reportBody('procurement')),
    versions: await anonymous.get(`/api/reports/${justiceReport.id}/versions`),
    list: await anonymous.get('/api/reports?state=submitted'),
    review: await anonymous.post(`/api/reports/${justiceReport.id}/review`, { decision: 'accept', reason: '', version: justiceReport.version }),
    checklist: await anonymous.get('/api/evidence-checklist'),
    editChecklist: await anonymous.request('PUT', '/api/evidence-checklist/procurement', { items: ['采购公告'] }),
  };

  for (const [route, response] of Object.entries(responses)) {
    t.is(response.status, 401, route);
    t.regex((response.body as ErrorResponse).error.message, /请先登录/, route);
  }
  t.deepEqual(await writeCounts(), before);
});
