import test from 'ava';
import { XLSX_CONTENT_TYPE } from '../../server/exports/plan-workbook.ts';
import { parseNotice } from '../../server/importer/parse-notice.ts';
import type { ParsedNotice } from '../../server/importer/types.ts';
import { parseWorkbook } from '../../server/importer/xlsx.ts';
import { AuditEvent } from '../../server/models/audit-event.ts';
import { Batch } from '../../server/models/batch.ts';
import { Contact } from '../../server/models/contact.ts';
import { Project } from '../../server/models/project.ts';
import { Unit } from '../../server/models/unit.ts';
import type { ImportPreviewResponse, ImportResponse } from '../../server/routes/exports/responses.ts';
import type { RunningProduct } from '../../server/start.ts';
import { ApiSession, startTestProduct } from '../helpers/product.ts';
import { roster, type ErrorResponse } from '../helpers/reports.ts';
import { LINES, replaceCell, seedText } from '../importer/seed.ts';
import { BATCH_OPTIONS, seedWorkbook } from './workbooks.ts';

const parsedSeed = parseNotice(Buffer.from(seedText, 'utf8'));
const OTHER_BATCH = { ...BATCH_OPTIONS, docNo: '舟数管发〔2022〕9号' };

let product: RunningProduct;
let admin: ApiSession;
let batchId: string;

test.before(async () => {
  product = await startTestProduct();
  admin = await new ApiSession(product.url).signInAs(roster.admin);
  const batches = await admin.get<Array<{ id: string }>>('/api/batches');
  batchId = batches.body[0]!.id;
});

test.after.always(async () => {
  await product?.stop();
});

function exportPath(id = batchId): string {
  return `/api/batches/${id}/export.xlsx`;
}

/** Decodes the RFC 5987 `filename*` of a Content-Disposition header. */
function extendedFileName(header: string | null): string | undefined {
  const match = /filename\*=UTF-8''([^;]+)/.exec(header ?? '');
  return match === null ? undefined : decodeURIComponent(match[1]!);
}

function importForm(bytes: Buffer, name: string, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  return form;
}

/** Document counts of everything an import writes. */
async function writeCounts() {
  const [batches, projects, units, audits] = await Promise.all([
    Batch.countDocuments(),
    Project.countDocuments(),
    Unit.countDocuments(),
    AuditEvent.countDocuments(),
  ]);
  return { batches, projects, units, audits };
}

async function signInViewer(): Promise<ApiSession> {
  await Contact.updateOne(
    { userId: 'excel-viewer-1' },
    { $setOnInsert: { userId: 'excel-viewer-1', name: '赵敏', role: 'viewer', title: '市财政局' } },
    { upsert: true },
  );
  return new ApiSession(product.url).signInAs('excel-viewer-1');
}

test.serial('admin downloads the workbook', async (t) => {
  const response = await admin.fetch('GET', exportPath());
  const bytes = Buffer.from(await response.arrayBuffer());

  t.is(response.status, 200);
  t.is(response.headers.get('content-type'), XLSX_CONTENT_TYPE);
  t.is(extendedFileName(response.headers.get('content-disposition')), '舟数管发〔2022〕4号-项目计划与进度.xlsx');
  t.regex(response.headers.get('content-disposition') ?? '', /^attachment; filename="[\x20-\x7e]+"; filename\*=/);
  t.deepEqual((await parseWorkbook(bytes)).projects, parsedSeed.projects);
});

test.serial('viewer gets classified scope masked', async (t) => {
  const secret = '（测试用的涉密内容）';
  await Project.updateOne({ seq: 33 }, { $set: { scope: secret } });
  try {
    const viewer = await signInViewer();
    const response = await viewer.fetch('GET', exportPath());
    const bytes = Buffer.from(await response.arrayBuffer());

    t.is(response.status, 200);
    t.false(bytes.includes(Buffer.from('测试用的涉密内容')));
    const parsed = await parseWorkbook(bytes);
    t.is(parsed.projects.find((project) => project.seq === 33)?.scope, '涉密，略');
  } finally {
    await Project.updateOne({ seq: 33 }, { $set: { scope: '涉密，略' } });
  }
});

test.serial('contact may not download', async (t) => {
  const contact = await new ApiSession(product.url).signInAs(roster.discipline);
  const response = await contact.get<ErrorResponse>(exportPath());
  t.is(response.status, 403);
  t.is(response.body.error.id, 'forbidden');
});

test.serial('anonymous download is rejected', async (t) => {
  const response = await new ApiSession(product.url).get<ErrorResponse>(exportPath());
  t.is(response.status, 401);
});

test.serial('unknown batch is not found', async (t) => {
  const missing = await admin.get<ErrorResponse>(exportPath('0123456789abcdef01234567'));
  t.is(missing.status, 404);
  t.is(missing.body.error.message, '找不到该批次');

  const invalid = await admin.get<ErrorResponse>(exportPath('not-an-id'));
  t.is(invalid.status, 400);
});

test.serial('preview of a workbook writes nothing', async (t) => {
  const before = await writeCounts();
  const { bytes } = await seedWorkbook();

  const response = await admin.postForm<ImportPreviewResponse>('/api/imports/preview', importForm(bytes, '第三批项目计划.xlsx'));

  t.is(response.status, 200);
  t.is(response.body.fileName, '第三批项目计划.xlsx');
  t.deepEqual(response.body.notice, parsedSeed);
  t.deepEqual(response.body.existingBatch, { id: batchId, status: 'draft', changedSeqs: [], removedSeqs: [], addedSeqs: [] });
  t.deepEqual(await writeCounts(), before);
});

test.serial('preview of a table with form fields', async (t) => {
  const before = await writeCounts();
  const { bytes } = await seedWorkbook({ above: 'attachment' });

  const response = await admin.postForm<ImportPreviewResponse>('/api/imports/preview', importForm(bytes, 'table.xlsx', OTHER_BATCH));

  t.is(response.status, 200);
  t.deepEqual(response.body.notice.batch, { ...OTHER_BATCH, year: 2022, issuers: [] });
  t.is(response.body.notice.findings.length, 4);
  t.is(response.body.existingBatch, null);
  t.deepEqual(await writeCounts(), before);
});

test.serial('preview of invalid text names line and column', async (t) => {
  const before = await writeCounts();
  const text = replaceCell(LINES.seq3, 4, '改建');

  const response = await admin.postForm<ErrorResponse>('/api/imports/preview', importForm(Buffer.from(text, 'utf8'), 'notice.txt'));

  t.is(response.status, 400);
  t.is(response.body.error.id, 'invalid_import');
  t.is(response.body.error.message, `第 ${LINES.seq3} 行“建设性质”列：无法识别的建设性质“改建”，应为“新建”“新建（升级）”或“历年”`);
  t.deepEqual(await writeCounts(), before);
});

test.serial('table without batch fields is rejected', async (t) => {
  const { bytes } = await seedWorkbook({ above: 'none' });
  const response = await admin.postForm<ErrorResponse>('/api/imports/preview', importForm(bytes, 'table.xlsx'));
  t.is(response.status, 400);
  t.regex(response.body.error.message, /^缺少文号/);
});

test.serial('invalid workbook import writes nothing', async (t) => {
  const before = await writeCounts();
  const workbook = await seedWorkbook({
    edit: (rows) => {
      rows.find((cells) => cells[0] === '7')![6] = '九十';
    },
  });

  const response = await admin.postForm<ErrorResponse>('/api/imports', importForm(workbook.bytes, 'broken.xlsx'));

  t.is(response.status, 400);
  t.is(response.body.error.field, 'file');
  t.is(
    response.body.error.message,
    `工作表“附件”第 ${workbook.rowOf(7)} 行 G 列（总投资额）：“九十”不是有效的金额（应为万元数，例如 41.615）`,
  );
  t.deepEqual(await writeCounts(), before);
});

test.serial('import saves a new batch', async (t) => {
  const before = await writeCounts();
  const { bytes } = await seedWorkbook({ above: 'attachment' });

  const response = await admin.postForm<ImportResponse>('/api/imports', importForm(bytes, 'table.xlsx', OTHER_BATCH));

  t.is(response.status, 201);
  t.true(response.body.created);
  t.is(response.body.docNo, OTHER_BATCH.docNo);
  t.is(response.body.projectCount, 58);
  t.is(response.body.findings.length, 4);
  const after = await writeCounts();
  t.is(after.batches, before.batches + 1);
  t.is(after.projects, before.projects + 58);

  const audit = await AuditEvent.findOne({ targetId: response.body.batchId }).lean();
  t.is(audit?.action, 'batch.import');
  t.is(audit?.actorUserId, roster.admin);
});

test.serial('published batch changes need the option', async (t) => {
  await Batch.updateOne({ docNo: OTHER_BATCH.docNo }, { $set: { status: 'published', publishedAt: new Date() } });
  const changed = await seedWorkbook({
    above: 'attachment',
    edit: (rows) => {
      const row = rows.find((cells) => cells[0] === '1')!;
      row[9] = '64';
      row[10] = '64';
    },
  });
  const before = await writeCounts();

  const rejected = await admin.postForm<ErrorResponse>('/api/imports', importForm(changed.bytes, 'table.xlsx', OTHER_BATCH));
  t.is(rejected.status, 409);
  t.regex(rejected.body.error.message, /已发布，重新导入会改变序号 1 的计划内容/);
  t.deepEqual(await writeCounts(), before);

  const accepted = await admin.postForm<ImportResponse>(
    '/api/imports',
    importForm(changed.bytes, 'table.xlsx', { ...OTHER_BATCH, updatePublished: 'true' }),
  );
  t.is(accepted.status, 200);
  t.false(accepted.body.created);
  t.deepEqual(accepted.body.changedSeqs, [1]);
  const project = await Project.findOne({ batchId: accepted.body.batchId, seq: 1 }).lean();
  t.is(project?.yearInvestment.total, 64_000_000);
});

test.serial('preview lists changes of a re-import', async (t) => {
  const changed = await seedWorkbook({
    above: 'attachment',
    edit: (rows) => {
      const row = rows.find((cells) => cells[0] === '2')!;
      row[9] = '1';
      row[10] = '1';
    },
  });
  const before = await writeCounts();

  const response = await admin.postForm<ImportPreviewResponse>('/api/imports/preview', importForm(changed.bytes, 'table.xlsx', OTHER_BATCH));

  t.is(response.status, 200, JSON.stringify(response.body).slice(0, 300));
  t.is(response.body.existingBatch?.status, 'published');
  // The test before this one stored a changed row 1, which the original table changes back.
  t.deepEqual(response.body.existingBatch?.changedSeqs, [1, 2]);
  t.deepEqual(response.body.existingBatch?.removedSeqs, []);
  t.deepEqual(response.body.existingBatch?.addedSeqs, []);
  t.deepEqual(await writeCounts(), before);
});

test.serial('preview lists removed rows', async (t) => {
  const text = seedText
    .split('\n')
    .filter((_line, index) => index !== LINES.seq58 - 1)
    .join('\n');
  const before = await writeCounts();

  const response = await admin.postForm<ImportPreviewResponse>('/api/imports/preview', importForm(Buffer.from(text, 'utf8'), 'notice.txt'));

  t.is(response.status, 200, JSON.stringify(response.body).slice(0, 300));
  t.is(response.body.existingBatch?.id, batchId);
  t.deepEqual(response.body.existingBatch?.changedSeqs, [58]);
  t.deepEqual(response.body.existingBatch?.removedSeqs, [58]);
  t.deepEqual(await writeCounts(), before);
});

test.serial('contact may not import', async (t) => {
  const contact = await new ApiSession(product.url).signInAs(roster.discipline);
  const { bytes } = await seedWorkbook();

  const preview = await contact.postForm<ErrorResponse>('/api/imports/preview', importForm(bytes, 'notice.xlsx'));
  const saved = await contact.postForm<ErrorResponse>('/api/imports', importForm(bytes, 'notice.xlsx'));
  t.is(preview.status, 403);
  t.is(saved.status, 403);
});

test.serial('viewer may not import', async (t) => {
  const viewer = await signInViewer();
  const response = await viewer.postForm<ErrorResponse>('/api/imports/preview', importForm(Buffer.from(seedText, 'utf8'), 'notice.txt'));
  t.is(response.status, 403);
});

test.serial('anonymous import is rejected', async (t) => {
  const response = await new ApiSession(product.url).postForm<ErrorResponse>('/api/imports', importForm(Buffer.from(seedText, 'utf8'), 'notice.txt'));
  t.is(response.status, 401);
});

test.serial('import without a file', async (t) => {
  const form = new FormData();
  form.append('docNo', OTHER_BATCH.docNo);
  const response = await admin.postForm<ErrorResponse>('/api/imports/preview', form);
  t.is(response.status, 400);
  t.is(response.body.error.message, '请选择要导入的通知文件（.txt、.tsv 或 .xlsx）');
});

test.serial('oversized file gets a readable 413', async (t) => {
  const before = await writeCounts();
  const response = await admin.postForm<ErrorResponse>('/api/imports', importForm(Buffer.alloc(6 * 1024 * 1024, 0x20), 'huge.txt'));
  t.is(response.status, 413);
  t.regex(response.body.error.message, /文件超过 5 MB/);
  t.deepEqual(await writeCounts(), before);
});

test.serial('exported workbook imports as a preview', async (t) => {
  const exported = Buffer.from(await (await admin.fetch('GET', exportPath())).arrayBuffer());
  const response = await admin.postForm<ImportPreviewResponse>('/api/imports/preview', importForm(exported, '舟数管发〔2022〕4号-项目计划与进度.xlsx'));

  t.is(response.status, 200);
  const notice: ParsedNotice = response.body.notice;
  t.deepEqual(notice.batch, parsedSeed.batch);
  t.deepEqual(notice.projects, parsedSeed.projects);
});
