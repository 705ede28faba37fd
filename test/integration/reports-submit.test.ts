import test from 'ava';
import { randomUUID } from 'node:crypto';
import { AuditEvent } from '../../server/models/audit-event.ts';
import { Report } from '../../server/models/report.ts';
import type { MyProjectsResponse, ProjectDetailResponse, ReportView } from '../../server/presenters/responses.ts';
import type { RunningProduct } from '../../server/start.ts';
import { ApiSession } from '../helpers/product.ts';
import {
  projectId,
  reportBody,
  roster,
  startPublishedProduct,
  submit,
  writeCounts,
  type ErrorResponse,
} from '../helpers/reports.ts';

let product: RunningProduct;
let contact: ApiSession;
/** Project 1 of 市纪委, 108 万元: takes the reports the plan checks compare with. */
let project1: string;
/** Project 2 of 市纪委, 53 万元: stays without 招标采购 or 合同备案. */
let project2: string;

test.before(async () => {
  product = await startPublishedProduct();
  contact = await new ApiSession(product.url).signInAs(roster.discipline);
  project1 = await projectId(1);
  project2 = await projectId(2);
});

test.after.always(async () => {
  await product?.stop();
});

test.serial('a new report is 201 with its first version', async (t) => {
  const body = reportBody('procurement');
  const response = await contact.post<ReportView>(`/api/projects/${project1}/reports`, body);

  t.is(response.status, 201);
  t.is(response.body.state, 'submitted');
  t.is(response.body.version, 1);
  t.is(response.body.stage, 'procurement');
  t.deepEqual(response.body.fields, body.fields);
  t.deepEqual(response.body.common, body.common);
  t.deepEqual(response.body.author, { userId: roster.discipline, name: '王晓明' });
  t.is(response.body.review, null);
  t.deepEqual(response.body.missingEvidence, ['采购公告', '中标（成交）通知书']);
  t.is(await AuditEvent.countDocuments({ action: 'report.submit', targetId: response.body.id }), 1);
});

test.serial('the same key twice yields one report', async (t) => {
  const body = reportBody('supervision');
  const first = await contact.post<ReportView>(`/api/projects/${project1}/reports`, body);
  const before = await writeCounts();

  const again = await contact.post<ReportView>(`/api/projects/${project1}/reports`, body);

  t.is(first.status, 201);
  t.is(again.status, 200);
  t.is(again.body.id, first.body.id);
  t.deepEqual(again.body, first.body);
  t.deepEqual(await writeCounts(), before);
});

test.serial('concurrent retries with one key yield one report', async (t) => {
  const body = reportBody('operation');
  const before = await writeCounts();

  const responses = await Promise.all(
    Array.from({ length: 6 }, () => contact.post<ReportView>(`/api/projects/${project1}/reports`, body)),
  );

  t.deepEqual(responses.map((response) => response.status).sort(), [200, 200, 200, 200, 200, 201]);
  t.is(new Set(responses.map((response) => response.body.id)).size, 1);
  const after = await writeCounts();
  t.is(after.reports, before.reports + 1);
  t.is(after.versions, before.versions + 1);
  t.is(after.audits, before.audits + 1);
});

test.serial('a key used on another project is a conflict', async (t) => {
  const body = reportBody('selfEvaluation');
  await submit(contact, project1, body);
  const before = await writeCounts();

  const response = await contact.post<ErrorResponse>(`/api/projects/${project2}/reports`, body);

  t.is(response.status, 409);
  t.regex(response.body.error.message, /请求编号/);
  t.deepEqual(await writeCounts(), before);
});

interface RefusedCase {
  title: string;
  project: () => string;
  body: () => ReturnType<typeof reportBody>;
  status: number;
  field: string;
  message: RegExp;
}

const refused: RefusedCase[] = [
  {
    title: 'tender result before its announcement',
    project: () => project1,
    body: () => reportBody('procurement', { fields: { announcementDate: '2022-08-10', resultDate: '2022-08-01' } }),
    status: 422,
    field: 'fields.resultDate',
    message: /中标日期不能早于公告日期/,
  },
  {
    title: 'winning amount above the investment unexplained',
    project: () => project1,
    body: () => reportBody('procurement', { fields: { winningAmount: 108_000_001 } }),
    status: 422,
    field: 'fields.overBudgetExplanation',
    message: /中标金额超过项目总投资/,
  },
  {
    title: 'filing before signing',
    project: () => project1,
    body: () => reportBody('contractFiling', { fields: { signedDate: '2022-09-05', filedDate: '2022-09-01' } }),
    status: 422,
    field: 'fields.filedDate',
    message: /备案日期不能早于合同签订日期/,
  },
  {
    title: 'contract signed before the tender result',
    project: () => project1,
    body: () => reportBody('contractFiling', { fields: { signedDate: '2022-08-20', filedDate: '2022-08-30' } }),
    status: 422,
    field: 'fields.signedDate',
    message: /合同签订日期不能早于中标日期（2022-08-25）/,
  },
  {
    title: 'contract amount above the investment unexplained',
    project: () => project1,
    body: () => reportBody('contractFiling', { fields: { amount: 120_000_000 }, common: { paidToDate: 0 } }),
    status: 422,
    field: 'fields.overBudgetExplanation',
    message: /合同金额超过项目总投资/,
  },
  {
    title: 'paid more than the contract states',
    project: () => project1,
    body: () => reportBody('contractFiling', { common: { paidToDate: 98_500_001 } }),
    status: 422,
    field: 'common.paidToDate',
    message: /已支付金额不能超过合同金额/,
  },
  {
    title: 'supervision before the tender result',
    project: () => project1,
    body: () => reportBody('supervision', { fields: { startDate: '2022-08-01' } }),
    status: 422,
    field: 'fields.startDate',
    message: /监理开始日期不能早于中标日期/,
  },
  {
    title: 'acceptance before any contract filing',
    project: () => project2,
    body: () => reportBody('acceptance'),
    status: 422,
    field: 'fields.date',
    message: /尚未报送合同备案/,
  },
  {
    title: 'missing supplier',
    project: () => project1,
    body: () => {
      const body = reportBody('procurement');
      delete (body.fields as Record<string, unknown>).supplier;
      return body;
    },
    status: 400,
    field: 'fields.supplier',
    message: /请填写中标供应商/,
  },
  {
    title: 'a day that does not exist',
    project: () => project1,
    body: () => reportBody('procurement', { fields: { announcementDate: '2022-02-30' } }),
    status: 400,
    field: 'fields.announcementDate',
    message: /公告日期：日期不存在/,
  },
  {
    title: 'an amount with a fraction of a fen',
    project: () => project1,
    body: () => reportBody('procurement', { fields: { winningAmount: 98_500_000.5 } }),
    status: 400,
    field: 'fields.winningAmount',
    message: /中标金额：金额最多两位小数/,
  },
  {
    title: 'a negative payment',
    project: () => project1,
    body: () => reportBody('procurement', { common: { paidToDate: -1 } }),
    status: 400,
    field: 'common.paidToDate',
    message: /已支付金额：金额不能为负数/,
  },
  {
    title: 'progress above 100',
    project: () => project1,
    body: () => reportBody('procurement', { common: { progressPercent: 101 } }),
    status: 400,
    field: 'common.progressPercent',
    message: /进度不能大于 100/,
  },
  {
    title: 'an unknown procurement method',
    project: () => project1,
    body: () => reportBody('procurement', { fields: { method: '内部指定' } }),
    status: 400,
    field: 'fields.method',
    message: /请选择采购方式/,
  },
  {
    title: 'an unknown stage',
    project: () => project1,
    body: () => ({ ...reportBody('procurement'), stage: 'design' as 'procurement' }),
    status: 400,
    field: 'stage',
    message: /请选择报送阶段/,
  },
  {
    title: 'a key that is not a UUID',
    project: () => project1,
    body: () => reportBody('procurement', { idempotencyKey: 'retry-1' }),
    status: 400,
    field: 'idempotencyKey',
    message: /UUID/,
  },
  {
    title: 'evidence that was never uploaded',
    project: () => project1,
    body: () => reportBody('procurement', { evidence: ['0123456789abcdef01234567'] }),
    status: 422,
    field: 'evidence',
    message: /附件不存在或不属于本项目/,
  },
];

for (const example of refused) {
  test.serial(`refused: ${example.title}`, async (t) => {
    const before = await writeCounts();

    const response = await contact.post<ErrorResponse>(`/api/projects/${example.project()}/reports`, example.body());

    t.is(response.status, example.status);
    t.is(response.body.error.field, example.field);
    t.regex(response.body.error.message, example.message);
    t.regex(response.body.error.message, /\p{Script=Han}/u);
    t.deepEqual(await writeCounts(), before);
  });
}

test.serial('an explained over-budget amount is accepted', async (t) => {
  const body = reportBody('procurement', {
    fields: { winningAmount: 110_000_000, overBudgetExplanation: '增加等保三级测评费用，已经市发改委同意' },
  });
  const response = await contact.post<ReportView>(`/api/projects/${project1}/reports`, body);

  t.is(response.status, 201);
  t.is((response.body.fields as Record<string, unknown>).overBudgetExplanation, '增加等保三级测评费用，已经市发改委同意');
});

test.serial('a contract after the tender result is accepted', async (t) => {
  const report = await submit(contact, project1, reportBody('contractFiling'));

  t.is(report.state, 'submitted');
  t.deepEqual(report.missingEvidence, ['合同文本（签字盖章页）']);
});

test.serial('acceptance checks the latest contract', async (t) => {
  const before = await writeCounts();
  const early = await contact.post<ErrorResponse>(`/api/projects/${project1}/reports`, reportBody('acceptance', { fields: { date: '2022-09-01' } }));

  t.is(early.status, 422);
  t.regex(early.body.error.message, /验收日期不能早于合同签订日期（2022-09-05）/);
  t.deepEqual(await writeCounts(), before);
  t.is((await contact.post(`/api/projects/${project1}/reports`, reportBody('acceptance'))).status, 201);
});

test.serial('my projects show each stage state', async (t) => {
  const response = await contact.get<MyProjectsResponse>('/api/my/projects');

  t.is(response.status, 200);
  t.is(response.body.batches.length, 1);
  const projects = response.body.batches[0]!.projects;
  t.deepEqual(projects.map((project) => project.seq), [1, 2]);
  t.is(response.body.batches[0]!.batch.projectCount, 2);
  const first = projects[0]!;
  t.is(first.stages.procurement.state, 'submitted');
  t.is(first.stages.contractFiling.state, 'submitted');
  t.is(first.stages.acceptance.state, 'submitted');
  t.deepEqual(projects[1]!.stages.procurement, { state: 'none', reportId: null, updatedAt: null });
  t.false('scope' in first);
});

test.serial('project page lists reports newest first', async (t) => {
  const response = await contact.get<ProjectDetailResponse>(`/api/projects/${project1}`);

  t.is(response.status, 200);
  t.is(response.body.project.seq, 1);
  t.true(response.body.project.scope !== null && response.body.project.scope.length > 0);
  const times = response.body.reports.map((report) => report.submittedAt);
  t.deepEqual(times, [...times].sort().reverse());
  t.is(response.body.reports.length, await Report.countDocuments({ projectId: project1 }));
  t.deepEqual(response.body.checklist.acceptance, ['验收报告', '项目建设总结', '财务报告', '审计报告', '安全测评报告', '密码应用安全性评估报告']);
  // The latest 招标采购 report decides the stage's state.
  t.is(response.body.stages.procurement.reportId, response.body.reports.find((report) => report.stage === 'procurement')!.id);
});

test.serial('a resubmission with a known key changes nothing', async (t) => {
  const report = await submit(contact, project2, reportBody('supervision'));
  const key = randomUUID();
  const body = { ...reportBody('supervision', { idempotencyKey: key }), fields: { supervisor: '浙江正诚工程监理有限公司', contractAmount: 1_800_000, startDate: '2022-09-01' } };

  const first = await contact.request<ReportView>('PUT', `/api/reports/${report.id}`, body);
  const before = await writeCounts();
  const again = await contact.request<ReportView>('PUT', `/api/reports/${report.id}`, body);

  t.is(first.status, 200);
  t.is(first.body.version, 2);
  t.is(again.status, 200);
  t.is(again.body.version, 2);
  t.deepEqual(await writeCounts(), before);
});

test.serial('a resubmission cannot change the stage', async (t) => {
  const report = await submit(contact, project2, reportBody('operation'));
  const before = await writeCounts();

  const response = await contact.request<ErrorResponse>('PUT', `/api/reports/${report.id}`, reportBody('selfEvaluation'));

  t.is(response.status, 400);
  t.is(response.body.error.field, 'stage');
  t.deepEqual(await writeCounts(), before);
});
