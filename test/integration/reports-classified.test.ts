import test from 'ava';
import { Report } from '../../server/models/report.ts';
import type { MyProjectsResponse, ProjectDetailResponse, ReportListItem, ReportView } from '../../server/presenters/responses.ts';
import type { RunningProduct } from '../../server/start.ts';
import { ApiSession } from '../helpers/product.ts';
import {
  fileForm,
  projectId,
  reportBody,
  roster,
  smallPdf,
  startPublishedProduct,
  submit,
  writeCounts,
  type ErrorResponse,
} from '../helpers/reports.ts';

let product: RunningProduct;
/** The 市委网信办 contact: classified projects 6 and 33. */
let cyberspace: ApiSession;
let admin: ApiSession;
/** Classified project 6, 86 万元. */
let project6: string;

/** Only what `classifiedAllowedFields` and the numeric common fields allow. */
function classifiedProcurement(fields: Record<string, unknown> = {}, common: Record<string, unknown> = {}) {
  const body = reportBody('procurement', { fields, common });
  body.fields = { method: '单一来源', announcementDate: '2022-08-01', resultDate: '2022-08-20', winningAmount: 80_000_000, ...fields } as typeof body.fields;
  body.common = { paidToDate: 0, progressPercent: 10, ...common } as typeof body.common;
  return body;
}

test.before(async () => {
  product = await startPublishedProduct();
  cyberspace = await new ApiSession(product.url).signInAs(roster.cyberspace);
  admin = await new ApiSession(product.url).signInAs(roster.admin);
  project6 = await projectId(6);
});

test.after.always(async () => {
  await product?.stop();
});

test.serial('classified scope is null in project lists', async (t) => {
  const response = await cyberspace.get<MyProjectsResponse>('/api/my/projects');

  t.is(response.status, 200);
  const projects = response.body.batches.flatMap((group) => group.projects);
  t.deepEqual(projects.map((project) => project.seq), [6, 33]);
  t.true(projects.every((project) => project.classified));
  t.true(projects.every((project) => !('scope' in project)));
});

test.serial('classified scope is null on the project page', async (t) => {
  for (const session of [cyberspace, admin]) {
    const response = await session.get<ProjectDetailResponse>(`/api/projects/${project6}`);
    t.is(response.status, 200);
    t.true(response.body.project.classified);
    t.is(response.body.project.scope, null);
  }
});

test.serial('a classified report with allowed fields only', async (t) => {
  const response = await cyberspace.post<ReportView>(`/api/projects/${project6}/reports`, classifiedProcurement());

  t.is(response.status, 201);
  t.deepEqual(Object.keys(response.body.fields).sort(), ['announcementDate', 'method', 'resultDate', 'winningAmount']);
  t.is(response.body.common.risks, '');
  t.is(response.body.common.note, '');
  t.deepEqual(response.body.evidence, []);
  t.deepEqual(response.body.missingEvidence, []);
});

test.serial('a classified amount above the investment needs no text', async (t) => {
  const response = await cyberspace.post<ReportView>(`/api/projects/${project6}/reports`, classifiedProcurement({ winningAmount: 90_000_000 }));

  t.is(response.status, 201);
  t.is((response.body.fields as Record<string, unknown>).winningAmount, 90_000_000);
});

const refusedText = [
  { title: 'a supplier name', fields: { supplier: '某保密技术公司' }, common: {}, field: 'fields.supplier', label: '中标供应商' },
  { title: 'an over-budget note', fields: { overBudgetExplanation: '增加设备' }, common: {}, field: 'fields.overBudgetExplanation', label: '超概算说明' },
  { title: 'risks', fields: {}, common: { risks: '设备到货延迟' }, field: 'common.risks', label: '风险和问题' },
  { title: 'a note', fields: {}, common: { note: '详见纸质材料' }, field: 'common.note', label: '其他说明' },
];

for (const example of refusedText) {
  test.serial(`classified refuses ${example.title}`, async (t) => {
    const before = await writeCounts();

    const response = await cyberspace.post<ErrorResponse>(`/api/projects/${project6}/reports`, classifiedProcurement(example.fields, example.common));

    t.is(response.status, 422);
    t.is(response.body.error.field, example.field);
    t.true(response.body.error.message.includes(`涉密项目不能填写“${example.label}”`));
    t.regex(response.body.error.message, /泄露建设内容/);
    t.deepEqual(await writeCounts(), before);
  });
}

test.serial('classified accepts empty free text', async (t) => {
  const response = await cyberspace.post<ReportView>(
    `/api/projects/${project6}/reports`,
    classifiedProcurement({ supplier: '', overBudgetExplanation: '  ' }, { risks: '', note: '' }),
  );

  t.is(response.status, 201);
  t.false('supplier' in response.body.fields);
});

test.serial('classified refuses evidence', async (t) => {
  const before = await writeCounts();
  const body = classifiedProcurement();
  body.evidence = ['0123456789abcdef01234567'];

  const response = await cyberspace.post<ErrorResponse>(`/api/projects/${project6}/reports`, body);

  t.is(response.status, 422);
  t.is(response.body.error.field, 'evidence');
  t.regex(response.body.error.message, /涉密项目不上传附件/);
  t.deepEqual(await writeCounts(), before);
});

test.serial('classified refuses uploads', async (t) => {
  const before = await writeCounts();

  const response = await cyberspace.postForm<ErrorResponse>(`/api/projects/${project6}/files`, fileForm(smallPdf(), '合同文本.pdf'));

  t.is(response.status, 422);
  t.regex(response.body.error.message, /涉密项目不上传附件/);
  t.deepEqual(await writeCounts(), before);
});

test.serial('classified reports store allowed fields only', async (t) => {
  const reports = await Report.find({ projectId: project6 }).lean();

  t.true(reports.length > 0);
  for (const report of reports) {
    t.deepEqual(Object.keys(report.fields as object).sort(), ['announcementDate', 'method', 'resultDate', 'winningAmount']);
    t.is((report.common as { risks: string }).risks, '');
  }
});

test.serial('the bureau sees classified reports without text', async (t) => {
  const list = await admin.get<ReportListItem[]>('/api/reports?state=submitted');
  const classified = list.body.filter((item) => item.projectId === project6);

  t.is(list.status, 200);
  t.true(classified.length > 0);
  t.true(classified.every((item) => !('scope' in item.project)));
  t.true(classified.every((item) => !('supplier' in item.fields)));
});

test.serial('a classified return card carries no scope', async (t) => {
  const report = await submit(cyberspace, project6, classifiedProcurement({ resultDate: '2022-08-21' }));

  const response = await admin.post<ReportView>(`/api/reports/${report.id}/review`, { decision: 'return', reason: '中标日期与纸质材料不一致', version: report.version });
  await product.dispatcher.trigger();

  t.is(response.status, 200);
  const cards = product.simulator!.state.messagesFor(roster.cyberspace).filter((record) => JSON.stringify(record.msg).includes('退回'));
  t.is(cards.length, 1);
  t.false(JSON.stringify(cards[0]!.msg).includes('涉密，略'));
});
