// Carried-over (历年) projects linked across batches: at import, idempotently on re-import,
// by an admin's hand, when an earlier batch arrives late, and the history read from the API.
import test from 'ava';
import { AuditEvent } from '../../server/models/audit-event.ts';
import { Batch } from '../../server/models/batch.ts';
import { Project } from '../../server/models/project.ts';
import type { ProjectHistoryView } from '../../server/queries/project-history.ts';
import type { ImportResponse } from '../../server/routes/exports/responses.ts';
import type { RunningProduct } from '../../server/start.ts';
import { ApiSession } from '../helpers/product.ts';
import { reportBody, roster, startPublishedProduct, submit, type ErrorResponse } from '../helpers/reports.ts';
import { expectedPrevious, nextYearBatch, nextYearRows, planTable } from '../lineage/next-year.ts';

const seedDocNo = '舟数管发〔2022〕4号';
/** 邓俊杰 of 市医保局, who reports on seed project 37. */
const insurance = 'jdt-u26-1';

let product: RunningProduct;
let admin: ApiSession;

test.before(async () => {
  product = await startPublishedProduct();
  admin = await new ApiSession(product.url).signInAs(roster.admin);
});

test.after.always(async () => {
  await product?.stop();
});

function tableForm(text: string, fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('file', new Blob([Buffer.from(text, 'utf8')]), 'table.tsv');
  return form;
}

async function importTable(text: string, fields: Record<string, string>): Promise<ImportResponse> {
  const response = await admin.postForm<ImportResponse>('/api/imports', tableForm(text, { ...fields, updatePublished: 'true' }));
  if (response.status !== 201 && response.status !== 200) throw new Error(`import failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

async function entry(docNo: string, seq: number) {
  const batch = await Batch.findOne({ docNo }).lean();
  const project = await Project.findOne({ batchId: batch!._id, seq }).lean();
  if (project === null) throw new Error(`no project ${seq} in ${docNo}`);
  return project;
}

async function history(session: ApiSession, projectId: string) {
  return session.get<ProjectHistoryView>(`/api/projects/${projectId}/history`);
}

test.serial('import links carried-over projects', async (t) => {
  const result = await importTable(planTable(2023, nextYearRows), nextYearBatch);
  t.is(result.linkedProjects, 4);

  for (const [index, previousSeq] of expectedPrevious.entries()) {
    const project = await entry(nextYearBatch.docNo, index + 1);
    if (previousSeq === null) {
      t.is(project.previousProjectId, null, `row ${index + 1}`);
      t.is(project.linkSource, 'none', `row ${index + 1}`);
      continue;
    }
    const previous = await entry(seedDocNo, previousSeq);
    t.true(project.previousProjectId?.equals(previous._id), `row ${index + 1}`);
    t.true(project.lineageId?.equals(previous._id), `row ${index + 1}`);
    t.is(project.linkSource, 'import', `row ${index + 1}`);
  }

  const audit = await AuditEvent.findOne({ action: 'batch.import', targetId: result.batchId }).lean();
  t.is((audit?.after as { linkedProjects?: number }).linkedProjects, 4);
});

test.serial('re-import keeps the same links', async (t) => {
  const before = await Project.find({}, { previousProjectId: 1, lineageId: 1, linkSource: 1 }).sort({ _id: 1 }).lean();

  const result = await importTable(planTable(2023, nextYearRows), nextYearBatch);

  t.false(result.created);
  t.is(result.linkedProjects, 4);
  t.deepEqual(await Project.find({}, { previousProjectId: 1, lineageId: 1, linkSource: 1 }).sort({ _id: 1 }).lean(), before);
});

test.serial('history reads as one line', async (t) => {
  const seedEntry = await entry(seedDocNo, 37);
  const owner = await new ApiSession(product.url).signInAs(insurance);
  await submit(owner, seedEntry._id.toString(), reportBody('procurement'));
  const current = await entry(nextYearBatch.docNo, 1);

  const response = await history(admin, current._id.toString());

  t.is(response.status, 200);
  t.is(response.body.lineageId, seedEntry._id.toString());
  t.deepEqual(
    response.body.entries.map((each) => [each.batch.docNo, each.seq, each.current, each.yearInvestment.total]),
    [
      [seedDocNo, 37, false, 91_000_000],
      [nextYearBatch.docNo, 1, true, 120_000_000],
    ],
  );
  t.is(response.body.entries[0]!.stages.procurement.state, 'submitted');
  t.is(response.body.entries[1]!.stages.procurement.state, 'none');

  const fromEarlier = await history(admin, seedEntry._id.toString());
  t.deepEqual(fromEarlier.body.entries.map((each) => each.projectId), response.body.entries.map((each) => each.projectId));
});

test.serial('contacts see their own published entries', async (t) => {
  const current = await entry(nextYearBatch.docNo, 1);
  const seedEntry = await entry(seedDocNo, 37);
  const owner = await new ApiSession(product.url).signInAs(insurance);

  // The 2023 batch is a draft, so its entry is unknown to the contact.
  t.is((await history(owner, current._id.toString())).status, 404);
  const fromSeed = await history(owner, seedEntry._id.toString());
  t.deepEqual(fromSeed.body.entries.map((each) => each.batch.docNo), [seedDocNo]);

  const batch = await Batch.findOne({ docNo: nextYearBatch.docNo }).lean();
  t.is((await admin.post(`/api/batches/${batch!._id.toString()}/publish`)).status, 200);
  const published = await history(owner, current._id.toString());
  t.deepEqual(published.body.entries.map((each) => each.batch.docNo), [seedDocNo, nextYearBatch.docNo]);

  const stranger = await new ApiSession(product.url).signInAs(roster.discipline);
  t.is((await history(stranger, current._id.toString())).status, 403);
});

test.serial('admin links and unlinks by hand', async (t) => {
  const project = await entry(nextYearBatch.docNo, 4);
  const earlier = await entry(seedDocNo, 42);

  const candidates = await admin.get<Array<{ id: string; batch: { docNo: string } }>>(`/api/projects/${project._id.toString()}/link-candidates?q=${encodeURIComponent('政务服务')}`);
  t.is(candidates.status, 200);
  t.true(candidates.body.some((candidate) => candidate.id === earlier._id.toString()));
  t.true(candidates.body.every((candidate) => candidate.batch.docNo === seedDocNo));

  const linked = await admin.request<ProjectHistoryView>('PUT', `/api/projects/${project._id.toString()}/previous`, { previousProjectId: earlier._id.toString() });
  t.is(linked.status, 200);
  t.deepEqual(linked.body.entries.map((each) => each.seq), [42, 4]);
  const event = await AuditEvent.findOne({ action: 'project.link', targetId: project._id.toString() }).lean();
  t.true(event?.projectId?.equals(project._id));
  t.like(event?.after as object, { linkSource: 'manual', previousProject: { docNo: seedDocNo, seq: 42 } });

  // A hand-made link and unlink survive a re-import.
  const autoLinked = await entry(nextYearBatch.docNo, 1);
  const unlinked = await admin.request<ProjectHistoryView>('DELETE', `/api/projects/${autoLinked._id.toString()}/previous`);
  t.is(unlinked.status, 200);
  t.deepEqual(unlinked.body.entries.map((each) => each.seq), [1]);
  await importTable(planTable(2023, nextYearRows), nextYearBatch);
  t.true((await entry(nextYearBatch.docNo, 4)).previousProjectId?.equals(earlier._id));
  t.is((await entry(nextYearBatch.docNo, 1)).previousProjectId, null);
  t.is((await entry(nextYearBatch.docNo, 1)).linkSource, 'manual');
});

test.serial('link to a later batch is rejected', async (t) => {
  const seedEntry = await entry(seedDocNo, 39);
  const later = await entry(nextYearBatch.docNo, 2);
  const before = await AuditEvent.countDocuments();

  const response = await admin.request<ErrorResponse>('PUT', `/api/projects/${seedEntry._id.toString()}/previous`, { previousProjectId: later._id.toString() });

  t.is(response.status, 422);
  t.is(response.body.error.message, '只能关联发文日期更早的批次中的项目');
  t.is(await AuditEvent.countDocuments(), before);
  t.is((await entry(seedDocNo, 39)).previousProjectId, null);
});

test.serial('late earlier batch joins the chain', async (t) => {
  const rows = [{ unit: '市大数据管理中心', name: '舟山市公共数据平台2.0建设', nature: '历年' as const, period: '2020-2021', total: '1245', yearTotal: '500' }];
  const result = await importTable(planTable(2021, rows), { docNo: '舟数管发〔2021〕3号', title: '关于下达舟山市2021年度市本级政府投资信息化项目计划的通知', issuedAt: '2021-05-20' });
  t.is(result.linkedProjects, 0);

  const first = await entry('舟数管发〔2021〕3号', 1);
  const seedEntry = await entry(seedDocNo, 39);
  const latest = await entry(nextYearBatch.docNo, 2);
  t.true(seedEntry.previousProjectId?.equals(first._id));
  t.true(seedEntry.lineageId?.equals(first._id));
  t.true(latest.lineageId?.equals(first._id));

  const response = await history(admin, latest._id.toString());
  t.deepEqual(
    response.body.entries.map((each) => each.batch.docNo),
    ['舟数管发〔2021〕3号', seedDocNo, nextYearBatch.docNo],
  );
});

test.serial('projects without a name key match', async (t) => {
  const seedEntry = await entry(seedDocNo, 40);
  await Project.collection.updateOne({ _id: seedEntry._id }, { $unset: { nameKey: '' } });
  const rows = [{ unit: '市大数据管理中心', name: '舟山市政府网站信息资源库建设项目', nature: '历年' as const, period: '2020-2024', total: '100', yearTotal: '20' }];

  const result = await importTable(planTable(2024, rows), { docNo: '舟数管发〔2024〕1号', title: '关于下达舟山市2024年度市本级政府投资信息化项目计划的通知', issuedAt: '2024-03-01' });

  t.is(result.linkedProjects, 1);
  t.true((await entry('舟数管发〔2024〕1号', 1)).previousProjectId?.equals(seedEntry._id));
  t.is((await entry(seedDocNo, 40)).nameKey, '舟山市政府网站信息资源库建设项目');
});
