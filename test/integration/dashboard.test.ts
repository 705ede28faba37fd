import test from 'ava';
import { Contact } from '../../server/models/contact.ts';
import { Project } from '../../server/models/project.ts';
import { Unit } from '../../server/models/unit.ts';
import type { DashboardMatrix } from '../../server/queries/dashboard/matrix.ts';
import type { DashboardOverview } from '../../server/queries/dashboard/overview.ts';
import { stages } from '../../server/reports/stages.ts';
import type { RunningProduct } from '../../server/start.ts';
import { countedContract, countedPaid, generateReports, type GeneratedProject } from '../helpers/generated-reports.ts';
import { ApiSession } from '../helpers/product.ts';
import { roster, startPublishedProduct } from '../helpers/reports.ts';

let product: RunningProduct;
let admin: ApiSession;
let generated: GeneratedProject[];

test.before(async () => {
  product = await startPublishedProduct();
  generated = await generateReports(product.url);
  admin = await new ApiSession(product.url).signInAs(roster.admin);
  // Procurement was due long ago, so every project without a procurement report is overdue.
  const rule = await admin.request('PUT', '/api/settings/due-rules/procurement', { date: '2022-10-31' });
  if (rule.status !== 200) throw new Error(`due rule: ${rule.status}`);
});

test.after.always(async () => {
  await product.stop();
});

async function overview(query = ''): Promise<DashboardOverview> {
  const response = await admin.get<DashboardOverview>(`/api/dashboard/overview${query}`);
  if (response.status !== 200) throw new Error(`overview: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

async function matrix(query = ''): Promise<DashboardMatrix> {
  const response = await admin.get<DashboardMatrix>(`/api/dashboard/matrix${query}`);
  if (response.status !== 200) throw new Error(`matrix: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

test('totals match the notice', async (t) => {
  const { totals } = await overview();

  t.is(totals.projects, 58);
  t.is(totals.classified, 3, 'projects 5, 6 and 33 are classified');
  // 14032.215 万元 in total and 5597.115 万元 this year, as the rows of the real notice add up.
  t.is(totals.investment.total, 14_032_215_000);
  t.is(totals.yearInvestment.total, 5_597_115_000);
  t.is(totals.yearInvestment.special + totals.yearInvestment.other, totals.yearInvestment.total);
});

test('funds count what was reported', async (t) => {
  const { totals } = await overview();
  const contracted = generated.reduce((sum, project) => sum + countedContract(project), 0);
  const paid = generated.reduce((sum, project) => sum + countedPaid(project), 0);

  t.true(contracted > 0);
  t.is(totals.contractAmount, contracted);
  t.is(totals.paidToDate, paid);
  t.is(totals.executionRate, paid / 5_597_115_000);
});

test('stage counts follow the reports', async (t) => {
  const counts = await overview();

  for (const [index, stage] of stages.entries()) {
    const row = counts.stages.find((item) => item.stage === stage)!;
    const reported = generated.filter((project) => project.stages.length > index);
    const lastHere = (project: GeneratedProject) => project.stages.length === index + 1;
    const returned = reported.filter((project) => lastHere(project) && project.lastState === 'returned').length;
    const accepted = reported.filter((project) => project.seq % 3 === 0 && !(lastHere(project) && project.lastState === 'returned')).length;

    t.is(row.none, 58 - reported.length, stage);
    t.is(row.returned, returned, stage);
    t.is(row.accepted, accepted, stage);
    t.is(row.submitted, reported.length - returned - accepted, stage);
  }
});

test('overdue and returned items are listed', async (t) => {
  const counts = await overview();
  const withoutProcurement = generated.filter((project) => project.stages.length === 0).length;
  const returned = generated.filter((project) => project.lastState === 'returned').length;

  t.is(counts.stages[0]!.overdue, withoutProcurement);
  t.is(counts.overdue.count, withoutProcurement);
  t.true(counts.overdue.items.every((item) => item.stage === 'procurement' && item.dueDate === '2022-10-31' && item.workingDaysLate > 0));
  t.is(counts.returned.count, returned);
  t.true(returned > 0);
});

test('funds group by batch and lead unit', async (t) => {
  const counts = await overview();

  t.is(counts.byBatch.length, 1);
  t.is(counts.byBatch[0]!.docNo, '舟数管发〔2022〕4号');
  t.is(counts.byBatch[0]!.yearInvestment.total, counts.totals.yearInvestment.total);
  t.is(
    counts.byUnit.reduce((sum, unit) => sum + unit.projects, 0),
    58,
    'each project counts once, for its lead unit',
  );
  t.is(
    counts.byUnit.reduce((sum, unit) => sum + unit.paidToDate, 0),
    counts.totals.paidToDate,
  );
});

test('confirmations name the units not confirmed', async (t) => {
  const before = await overview();
  t.is(before.confirmations.length, 1);
  t.is(before.confirmations[0]!.unitsConfirmed, 0);

  const wang = await new ApiSession(product.url).signInAs(roster.discipline);
  const batchId = before.options.batches[0]!.id;
  t.is((await wang.post(`/api/batches/${batchId}/confirm`)).status, 200);
  const after = await overview();
  const discipline = await Contact.findOne({ userId: roster.discipline }).lean();

  t.is(after.confirmations[0]!.unitsConfirmed, 1);
  t.is(after.confirmations[0]!.contactsConfirmed, 1);
  t.false(after.confirmations[0]!.unconfirmed.some((unit) => unit.unitId === discipline!.unitIds[0]!.toString()));
  t.is(before.confirmations[0]!.unconfirmedUnits, before.confirmations[0]!.units);
  t.is(after.confirmations[0]!.unconfirmedUnits, after.confirmations[0]!.units - 1);
  t.is(after.confirmations[0]!.unconfirmed.length, 8, 'the first eight are named');
});

test('unit filter keeps that unit only', async (t) => {
  const unit = await Unit.findOne({ name: '市司法局' }).lean();
  const expected = await Project.countDocuments({ unitIds: unit!._id });

  const counts = await overview(`?unitId=${unit!._id.toString()}`);
  const rows = await matrix(`?unitId=${unit!._id.toString()}`);

  t.is(counts.totals.projects, expected);
  t.is(rows.total, expected);
  t.true(rows.rows.every((row) => row.units.includes('市司法局')));
});

test('search finds names and units', async (t) => {
  const byName = await matrix(`?q=${encodeURIComponent('四责协同')}`);
  const byUnit = await matrix(`?q=${encodeURIComponent('纪委')}`);
  const nothing = await matrix(`?q=${encodeURIComponent('不存在的项目')}`);
  const pattern = await matrix(`?q=${encodeURIComponent('.*')}`);

  t.is(byName.total, 1);
  t.is(byName.rows[0]!.seq, 1);
  t.true(byUnit.total >= 2);
  t.true(byUnit.rows.every((row) => row.name.includes('纪委') || row.units.some((unit) => unit.includes('纪委'))));
  t.is(nothing.total, 0);
  t.is(pattern.total, 0, 'the search text is matched literally');
});

test('stage and state filters', async (t) => {
  const returnedContracts = await matrix('?stage=contractFiling&state=returned');
  const expected = generated.filter((project) => project.lastState === 'returned' && project.stages.at(-1) === 'contractFiling');
  t.is(returnedContracts.total, expected.length);
  t.deepEqual(returnedContracts.rows.map((row) => row.seq).sort((a, b) => a - b), expected.map((project) => project.seq));

  const overdue = await matrix('?state=overdue');
  t.is(overdue.total, generated.filter((project) => project.stages.length === 0).length);
  t.true(overdue.rows.every((row) => row.stages.procurement.overdueSince === '2022-10-31' && row.stages.procurement.state === 'none'));

  const continuing = await matrix('?nature=continuing');
  t.is(continuing.total, await Project.countDocuments({ nature: 'continuing' }));
});

test('matrix pages in table order', async (t) => {
  const first = await matrix('?pageSize=25');
  const last = await matrix('?pageSize=25&page=3');

  t.is(first.total, 58);
  t.deepEqual(first.rows.map((row) => row.seq), Array.from({ length: 25 }, (_, index) => index + 1));
  t.deepEqual(last.rows.map((row) => row.seq), [51, 52, 53, 54, 55, 56, 57, 58]);
  const one = first.rows[0]!;
  t.is(one.docNo, '舟数管发〔2022〕4号');
  t.is(one.contractAmount, countedContract(generated[0]!) || null);
});

test('a viewer gets no classified amounts', async (t) => {
  const leader = await Contact.create({ userId: 'dashboard-leader', name: '林领导', role: 'viewer', unitIds: [] });
  const viewer = await new ApiSession(product.url).signInAs(leader.userId);
  const classified = new Set((await Project.find({ classified: true }, { seq: 1 }).lean()).map((project) => project.seq));
  const open = generated.filter((project) => !classified.has(project.seq));

  const seen = (await viewer.get<DashboardOverview>('/api/dashboard/overview')).body;
  const rows = (await viewer.get<DashboardMatrix>('/api/dashboard/matrix?pageSize=100')).body.rows;
  const adminRows = (await matrix('?pageSize=100')).rows;

  t.false(seen.classifiedAmounts);
  t.true((await overview()).classifiedAmounts);
  t.is(seen.totals.contractAmount, open.reduce((sum, project) => sum + countedContract(project), 0));
  t.is(seen.totals.paidToDate, open.reduce((sum, project) => sum + countedPaid(project), 0));
  for (const seq of classified) {
    const row = rows.find((each) => each.seq === seq)!;
    t.is(row.contractAmount, null, `project ${seq}`);
    t.is(row.paidToDate, null, `project ${seq}`);
    t.not(adminRows.find((each) => each.seq === seq)!.contractAmount, null, `project ${seq} for the admin`);
  }
});

test('a viewer reads, a contact does not', async (t) => {
  const viewerUser = await Contact.create({ userId: 'dashboard-viewer', name: '陈领导', role: 'viewer', unitIds: [] });
  const viewer = await new ApiSession(product.url).signInAs(viewerUser.userId);
  const contact = await new ApiSession(product.url).signInAs(roster.discipline);

  t.is((await viewer.get('/api/dashboard/overview')).status, 200);
  t.is((await viewer.get('/api/dashboard/matrix')).status, 200);
  t.is((await contact.get('/api/dashboard/overview')).status, 403);
  t.is((await contact.get('/api/dashboard/matrix')).status, 403);
});
