// What a leader with the viewer role sees: the seed roster's viewer reads batches and projects,
// changes nothing, and gets classified projects only as their plan row.
import test from 'ava';
import ExcelJS from 'exceljs';
import { PLAN_SHEET_NAME } from '../../server/exports/plan-workbook.ts';
import type { ProjectDetailResponse, ReportView } from '../../server/presenters/responses.ts';
import type { RunningProduct } from '../../server/start.ts';
import { ApiSession } from '../helpers/product.ts';
import { projectId, reportBody, roster, startPublishedProduct, submit, type ErrorResponse } from '../helpers/reports.ts';

/** 贺云舟, a leader in the seed roster with the viewer role. */
const seedViewer = 'jdt-viewer-01';

let product: RunningProduct;
let viewer: ApiSession;
let admin: ApiSession;
let project6: string;
let report6: ReportView;
let batchId: string;

test.before(async () => {
  product = await startPublishedProduct();
  viewer = await new ApiSession(product.url).signInAs(seedViewer);
  admin = await new ApiSession(product.url).signInAs(roster.admin);
  project6 = await projectId(6);
  const cyberspace = await new ApiSession(product.url).signInAs(roster.cyberspace);
  const body = reportBody('contractFiling');
  body.fields = { signedDate: '2022-09-05', amount: 80_000_000, filedDate: '2022-09-10' } as typeof body.fields;
  body.common = { paidToDate: 12_000_000, progressPercent: 20 } as typeof body.common;
  report6 = await submit(cyberspace, project6, body);
  batchId = (await admin.get<Array<{ id: string }>>('/api/batches')).body[0]!.id;
});

test.after.always(async () => {
  await product?.stop();
});

test.serial('seed viewer signs in as viewer', async (t) => {
  const me = await viewer.get<{ role: string; name: string; units: unknown[] }>('/api/me');

  t.is(me.body.role, 'viewer');
  t.is(me.body.name, '贺云舟');
  t.deepEqual(me.body.units, []);
});

test.serial('viewer reads the batch with classified scope removed', async (t) => {
  const batch = await viewer.get<{ projects: Array<{ seq: number; classified: boolean; scope: string | null }> }>(`/api/batches/${batchId}`);

  t.is(batch.status, 200);
  const classified = batch.body.projects.filter((project) => project.classified);
  t.true(classified.length > 0);
  t.true(classified.every((project) => project.scope === null));
});

test.serial('viewer gets a classified project without reports', async (t) => {
  const asViewer = await viewer.get<ProjectDetailResponse>(`/api/projects/${project6}`);
  const asAdmin = await admin.get<ProjectDetailResponse>(`/api/projects/${project6}`);

  t.is(asViewer.status, 200);
  t.is(asViewer.body.project.scope, null);
  t.deepEqual(asViewer.body.reports, []);
  t.is(asViewer.body.stages.contractFiling.state, 'submitted', 'the stage state stays visible');
  t.is(asAdmin.body.reports.length, 1, 'the bureau still sees the report');
});

test.serial('viewer cannot read a classified report versions', async (t) => {
  const response = await viewer.get<ErrorResponse>(`/api/reports/${report6.id}/versions`);

  t.is(response.status, 403);
});

test.serial('viewer export leaves classified amounts empty', async (t) => {
  const amountsOf = async (session: ApiSession) => {
    const response = await session.fetch('GET', `/api/batches/${batchId}/export.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet(PLAN_SHEET_NAME)!;
    let contractColumn = 0;
    let paidColumn = 0;
    let projectRow: ExcelJS.Row | undefined;
    sheet.eachRow((row) => {
      row.eachCell((cell, column) => {
        if (cell.value === '合同金额') contractColumn = column;
        if (cell.value === '已支付') paidColumn = column;
      });
      if (row.getCell(1).value === 6) projectRow = row;
    });
    return { contract: projectRow?.getCell(contractColumn).value ?? null, paid: projectRow?.getCell(paidColumn).value ?? null };
  };

  const asAdmin = await amountsOf(admin);
  const asViewer = await amountsOf(viewer);

  t.not(asAdmin.contract, null, 'the bureau sees the classified contract amount');
  t.not(asAdmin.paid, null);
  t.is(asViewer.contract, null);
  t.is(asViewer.paid, null);
});

test.serial('viewer changes nothing', async (t) => {
  const writes: Array<[string, string, unknown]> = [
    ['POST', `/api/batches/${batchId}/confirm`, undefined],
    ['POST', `/api/projects/${project6}/reports`, reportBody('procurement')],
    ['POST', `/api/reports/${report6.id}/review`, { decision: 'accept', version: report6.version }],
    ['PUT', '/api/evidence-checklist/procurement', { items: ['采购公告'] }],
    ['POST', '/api/contacts/sync/preview', undefined],
  ];
  for (const [method, path, body] of writes) {
    const response = await viewer.request<ErrorResponse>(method, path, body ?? {});
    t.is(response.status, 403, `${method} ${path}`);
  }
});
