import test from 'ava';
import { randomUUID } from 'node:crypto';
import { AuditEvent } from '../../server/models/audit-event.ts';
import { OutboxMessage } from '../../server/models/outbox-message.ts';
import { Report } from '../../server/models/report.ts';
import type { EvidenceChecklistResponse, ProjectDetailResponse, ReportListItem, ReportView } from '../../server/presenters/responses.ts';
import type { RunningProduct } from '../../server/start.ts';
import { ApiSession } from '../helpers/product.ts';
import { projectId, reportBody, roster, startPublishedProduct, submit, writeCounts, type ErrorResponse } from '../helpers/reports.ts';

let product: RunningProduct;
let contact: ApiSession;
let admin: ApiSession;
let project1: string;
/** The 招标采购 report of project 1 that goes through return, resubmission and acceptance. */
let report: ReportView;

test.before(async () => {
  product = await startPublishedProduct();
  contact = await new ApiSession(product.url).signInAs(roster.discipline);
  admin = await new ApiSession(product.url).signInAs(roster.admin);
  project1 = await projectId(1);
  report = await submit(contact, project1, reportBody('procurement'));
});

test.after.always(async () => {
  await product?.stop();
});

function cardsFor(userId: string, text: string) {
  return product.simulator!.state.messagesFor(userId).filter((record) => JSON.stringify(record.msg).includes(text));
}

test.serial('the bureau lists submitted reports', async (t) => {
  const response = await admin.get<ReportListItem[]>('/api/reports?state=submitted');

  t.is(response.status, 200);
  const listed = response.body.find((item) => item.id === report.id);
  t.truthy(listed);
  t.deepEqual(listed!.project, { id: project1, seq: 1, name: '舟山市纪委“四责协同”监督平台2.0', units: ['市纪委'] });
  t.is(listed!.state, 'submitted');
});

test.serial('an unknown state filter is 400', async (t) => {
  const response = await admin.get<ErrorResponse>('/api/reports?state=late');

  t.is(response.status, 400);
  t.is(response.body.error.field, 'state');
});

test.serial('returning needs a reason', async (t) => {
  const before = await writeCounts();

  const response = await admin.post<ErrorResponse>(`/api/reports/${report.id}/review`, { decision: 'return', reason: '  ', version: report.version });

  t.is(response.status, 400);
  t.is(response.body.error.field, 'reason');
  t.regex(response.body.error.message, /退回时请填写退回理由/);
  t.deepEqual(await writeCounts(), before);
});

test.serial('a return notifies the author', async (t) => {
  const reason = '中标通知书未盖章，请补充盖章扫描件';

  const response = await admin.post<ReportView>(`/api/reports/${report.id}/review`, { decision: 'return', reason, version: report.version });
  await product.dispatcher.trigger();

  t.is(response.status, 200);
  t.is(response.body.state, 'returned');
  t.is(response.body.review?.decision, 'return');
  t.is(response.body.review?.reason, reason);
  t.deepEqual(response.body.review?.by, { userId: roster.admin, name: '方思齐' });
  t.is(await AuditEvent.countDocuments({ action: 'report.return', targetId: report.id }), 1);
  t.is(await OutboxMessage.countDocuments({ state: 'sent', userIds: roster.discipline, dedupeKey: `report-reviewed:${report.id}:v1` }), 1);

  const cards = cardsFor(roster.discipline, '退回');
  t.is(cards.length, 1);
  const card = cards[0]!.msg;
  t.is(card.msgtype, 'action_card');
  const text = JSON.stringify(card);
  t.true(text.includes('招标采购'));
  t.true(text.includes('舟山市纪委“四责协同”监督平台2.0'));
  t.true(text.includes(reason));
  t.true(text.includes(`/app/projects/${project1}`));
});

test.serial('a returned report is not reviewed again', async (t) => {
  const before = await writeCounts();

  const response = await admin.post<ErrorResponse>(`/api/reports/${report.id}/review`, { decision: 'accept', reason: '', version: report.version });

  t.is(response.status, 409);
  t.deepEqual(await writeCounts(), before);
});

test.serial('the project page shows the stage returned', async (t) => {
  const response = await contact.get<ProjectDetailResponse>(`/api/projects/${project1}`);

  t.is(response.body.stages.procurement.state, 'returned');
  t.is(response.body.stages.procurement.reportId, report.id);
});

test.serial('the author resubmits as version 2', async (t) => {
  const response = await contact.request<ReportView>(
    'PUT',
    `/api/reports/${report.id}`,
    reportBody('procurement', { idempotencyKey: randomUUID(), fields: { supplier: '舟山海城信息技术有限公司（联合体）' } }),
  );

  t.is(response.status, 200);
  t.is(response.body.id, report.id);
  t.is(response.body.version, 2);
  t.is(response.body.state, 'submitted');
  t.is(response.body.review, null);
  t.is((response.body.fields as Record<string, unknown>).supplier, '舟山海城信息技术有限公司（联合体）');
  t.is(await AuditEvent.countDocuments({ action: 'report.resubmit', targetId: report.id }), 1);
});

test.serial('versions lists both versions', async (t) => {
  const response = await contact.get<ReportView[]>(`/api/reports/${report.id}/versions`);

  t.is(response.status, 200);
  t.deepEqual(response.body.map((version) => version.version), [1, 2]);
  t.is(response.body[0]!.state, 'returned');
  t.is(response.body[0]!.review?.reason, '中标通知书未盖章，请补充盖章扫描件');
  t.is((response.body[0]!.fields as Record<string, unknown>).supplier, '舟山海城信息技术有限公司');
  t.is(response.body[1]!.state, 'submitted');
  t.is(response.body[1]!.review, null);
  t.true(response.body.every((version) => version.author.userId === roster.discipline));
});

test.serial('a review of an older version is 409', async (t) => {
  const before = await writeCounts();

  const response = await admin.post<ErrorResponse>(`/api/reports/${report.id}/review`, { decision: 'accept', reason: '', version: 1 });

  t.is(response.status, 409);
  t.regex(response.body.error.message, /第 2 版/);
  t.deepEqual(await writeCounts(), before);
  t.is((await Report.findById(report.id).lean())!.state, 'submitted');
});

test.serial('an accept notifies the author', async (t) => {
  const response = await admin.post<ReportView>(`/api/reports/${report.id}/review`, { decision: 'accept', reason: '', version: 2 });
  await product.dispatcher.trigger();

  t.is(response.status, 200);
  t.is(response.body.state, 'accepted');
  t.is(response.body.version, 2);
  const cards = cardsFor(roster.discipline, '已通过');
  t.is(cards.length, 1);
  t.true(JSON.stringify(cards[0]!.msg).includes('第 2 版'));
  t.true(JSON.stringify(cards[0]!.msg).includes(`/app/projects/${project1}`));
});

test.serial('an accepted report cannot be changed', async (t) => {
  const before = await writeCounts();

  const response = await contact.request<ErrorResponse>('PUT', `/api/reports/${report.id}`, reportBody('procurement'));

  t.is(response.status, 409);
  t.regex(response.body.error.message, /已审核通过/);
  t.deepEqual(await writeCounts(), before);
});

test.serial('versions show the accepted second version', async (t) => {
  const response = await admin.get<ReportView[]>(`/api/reports/${report.id}/versions`);

  t.deepEqual(response.body.map((version) => version.state), ['returned', 'accepted']);
});

test.serial('the longest reason fits the card', async (t) => {
  const second = await submit(contact, await projectId(2), reportBody('supervision'));
  const reason = '请补充监理合同盖章页和监理规划。'.repeat(31);
  const tooLong = await admin.post<{ error: { field: string } }>(`/api/reports/${second.id}/review`, { decision: 'return', reason: `${reason}补充说明材料`, version: second.version });
  t.is(tooLong.status, 400);
  t.is(tooLong.body.error.field, 'reason');

  const response = await admin.post<ReportView>(`/api/reports/${second.id}/review`, { decision: 'return', reason, version: second.version });
  await product.dispatcher.trigger();

  t.is(response.status, 200);
  t.is(response.body.review?.reason, reason);
  const message = await OutboxMessage.findOne({ dedupeKey: `report-reviewed:${second.id}:v1` }).lean();
  t.is(message?.state, 'sent');
  t.true(Buffer.byteLength(JSON.stringify(message?.body)) <= 2048);
  t.true(JSON.stringify(message?.body).includes(reason));
});

test.serial('the bureau edits a stage checklist', async (t) => {
  const items = ['采购公告', '中标（成交）通知书', '采购合同草案'];

  const response = await admin.request<EvidenceChecklistResponse>('PUT', '/api/evidence-checklist/procurement', { items });
  const read = await contact.get<EvidenceChecklistResponse>('/api/evidence-checklist');
  const page = await contact.get<ProjectDetailResponse>(`/api/projects/${project1}`);

  t.is(response.status, 200);
  t.deepEqual(response.body.procurement, items);
  t.deepEqual(read.body.procurement, items);
  t.deepEqual(read.body.supervision, ['监理合同']);
  t.deepEqual(page.body.checklist.procurement, items);
  t.deepEqual(page.body.reports.find((item) => item.id === report.id)?.missingEvidence, items);
  const audit = await AuditEvent.findOne({ action: 'checklist.update', targetId: 'procurement' }).lean();
  t.deepEqual(audit?.before, { items: ['采购公告', '中标（成交）通知书'] });
  t.deepEqual(audit?.after, { items });
});

test.serial('a checklist with repeated items is 400', async (t) => {
  const before = await writeCounts();

  const response = await admin.request<ErrorResponse>('PUT', '/api/evidence-checklist/acceptance', { items: ['验收报告', '验收报告'] });

  t.is(response.status, 400);
  t.regex(response.body.error.message, /不能重复/);
  t.deepEqual(await writeCounts(), before);
});
