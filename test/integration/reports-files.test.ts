import test from 'ava';
import { EvidenceFile } from '../../server/models/evidence-file.ts';
import type { EvidenceFileView, ReportView } from '../../server/presenters/responses.ts';
import type { RunningProduct } from '../../server/start.ts';
import { ApiSession } from '../helpers/product.ts';
import {
  compoundFileBytes,
  fileForm,
  projectId,
  reportBody,
  roster,
  smallPdf,
  smallPng,
  startPublishedProduct,
  writeCounts,
  type ErrorResponse,
} from '../helpers/reports.ts';

let product: RunningProduct;
let contact: ApiSession;
let project1: string;
let uploadPath: string;

test.before(async () => {
  product = await startPublishedProduct();
  contact = await new ApiSession(product.url).signInAs(roster.discipline);
  project1 = await projectId(1);
  uploadPath = `/api/projects/${project1}/files`;
});

test.after.always(async () => {
  await product?.stop();
});

/** Decodes the RFC 5987 `filename*` of a Content-Disposition header. */
function extendedFileName(header: string | null): string | undefined {
  const match = /filename\*=UTF-8''([^;]+)/.exec(header ?? '');
  return match === null ? undefined : decodeURIComponent(match[1]!);
}

test.serial('a PNG keeps its Chinese name byte for byte', async (t) => {
  const name = '现场照片（机房）①.png';
  const bytes = smallPng();

  const response = await contact.postForm<EvidenceFileView>(uploadPath, fileForm(bytes, name));

  t.is(response.status, 201);
  t.is(response.body.contentType, 'image/png');
  t.is(response.body.size, bytes.length);
  t.is(response.body.item, null);
  t.deepEqual(Buffer.from(response.body.name, 'utf8'), Buffer.from(name, 'utf8'));
  const stored = await EvidenceFile.findById(response.body.id).lean();
  t.deepEqual(Buffer.from(stored!.metadata.originalName, 'utf8'), Buffer.from(name, 'utf8'));
  t.is(stored!.metadata.uploaderUserId, roster.discipline);
});

test.serial('a PDF downloads with its original name', async (t) => {
  const name = '舟山市纪委 中标通知书 2022.pdf';
  const bytes = smallPdf();
  const upload = await contact.postForm<EvidenceFileView>(uploadPath, fileForm(bytes, name, '中标（成交）通知书'));

  const download = await contact.fetch('GET', `/api/files/${upload.body.id}`);

  t.is(upload.status, 201);
  t.is(upload.body.contentType, 'application/pdf');
  t.is(upload.body.item, '中标（成交）通知书');
  t.is(download.status, 200);
  t.is(download.headers.get('content-type'), 'application/pdf');
  const disposition = download.headers.get('content-disposition');
  t.true(disposition?.startsWith('attachment;'));
  t.is(extendedFileName(disposition), name);
  t.deepEqual(Buffer.from(await download.arrayBuffer()), bytes);
});

test.serial('an image preview is served inline', async (t) => {
  const upload = await contact.postForm<EvidenceFileView>(uploadPath, fileForm(smallPng(), '公告截图.png'));

  const preview = await contact.fetch('GET', `/api/files/${upload.body.id}?preview=1`);
  const pdf = await contact.postForm<EvidenceFileView>(uploadPath, fileForm(smallPdf(), '公告.pdf'));
  const pdfPreview = await contact.fetch('GET', `/api/files/${pdf.body.id}?preview=1`);

  t.is(preview.status, 200);
  t.true(preview.headers.get('content-disposition')?.startsWith('inline;'));
  t.deepEqual(Buffer.from(await preview.arrayBuffer()), smallPng());
  t.true(pdfPreview.headers.get('content-disposition')?.startsWith('attachment;'));
  await pdfPreview.arrayBuffer();
});

test.serial('PNG bytes named .pdf are stored as PNG', async (t) => {
  const response = await contact.postForm<EvidenceFileView>(uploadPath, fileForm(smallPng(), '合同扫描件.pdf'));

  t.is(response.status, 201);
  t.is(response.body.contentType, 'image/png');
  t.is(response.body.name, '合同扫描件.pdf');
});

test.serial('text bytes named .pdf are refused 415', async (t) => {
  const before = await writeCounts();

  const response = await contact.postForm<ErrorResponse>(uploadPath, fileForm(Buffer.from('这不是 PDF 文件，只是一段文字。\n'), '验收报告.pdf'));

  t.is(response.status, 415);
  t.is(response.body.error.field, 'file');
  t.regex(response.body.error.message, /不支持该文件类型/);
  t.deepEqual(await writeCounts(), before);
});

test.serial('compound file bytes follow the .doc or .xls name', async (t) => {
  const word = await contact.postForm<EvidenceFileView>(uploadPath, fileForm(compoundFileBytes(), '项目建设总结.doc'));
  const excel = await contact.postForm<EvidenceFileView>(uploadPath, fileForm(compoundFileBytes(), '资金支付明细.XLS'));
  const before = await writeCounts();
  const other = await contact.postForm<ErrorResponse>(uploadPath, fileForm(compoundFileBytes(), '安装包.msi'));

  t.is(word.status, 201);
  t.is(word.body.contentType, 'application/msword');
  t.is(excel.status, 201);
  t.is(excel.body.contentType, 'application/vnd.ms-excel');
  t.is(other.status, 415);
  t.deepEqual(await writeCounts(), before);
});

test.serial('a 21 MB file is refused 413 in Chinese', async (t) => {
  const before = await writeCounts();

  const response = await contact.postForm<ErrorResponse>(uploadPath, fileForm(Buffer.alloc(21 * 1024 * 1024, 0x25), '机房全景.pdf'));

  t.is(response.status, 413);
  t.is(response.body.error.message, '文件超过 20 MB');
  t.is(response.body.error.field, 'file');
  t.deepEqual(await writeCounts(), before);
});

test.serial('one byte over 20 MB is refused 413', async (t) => {
  const before = await writeCounts();
  const bytes = Buffer.alloc(20 * 1024 * 1024 + 1);
  smallPdf().copy(bytes);

  const response = await contact.postForm<ErrorResponse>(uploadPath, fileForm(bytes, '审计报告.pdf'));

  t.is(response.status, 413);
  t.is(response.body.error.message, '文件超过 20 MB');
  t.deepEqual(await writeCounts(), before);
});

test.serial('the session works after a refused upload', async (t) => {
  const response = await contact.get('/api/my/projects');

  t.is(response.status, 200);
});

test.serial('an upload without a file is 400', async (t) => {
  const form = new FormData();
  form.append('item', '采购公告');

  const response = await contact.postForm<ErrorResponse>(uploadPath, form);

  t.is(response.status, 400);
  t.regex(response.body.error.message, /请选择要上传的文件/);
});

test.serial('two files in one request are refused', async (t) => {
  const before = await writeCounts();
  const form = fileForm(smallPng(), '一.png');
  form.append('file', new Blob([new Uint8Array(smallPng())]), '二.png');

  const response = await contact.postForm<ErrorResponse>(uploadPath, form);

  t.is(response.status, 400);
  t.regex(response.body.error.message, /一次只能上传一个文件/);
  t.deepEqual(await writeCounts(), before);
});

test.serial('an item outside the checklist is 400', async (t) => {
  const before = await writeCounts();

  const response = await contact.postForm<ErrorResponse>(uploadPath, fileForm(smallPng(), '照片.png', '工作日志'));

  t.is(response.status, 400);
  t.is(response.body.error.field, 'item');
  t.deepEqual(await writeCounts(), before);
});

test.serial('attached evidence leaves fewer items missing', async (t) => {
  const notice = await contact.postForm<EvidenceFileView>(uploadPath, fileForm(smallPdf(), '采购公告.pdf', '采购公告'));

  const report = await contact.post<ReportView>(`/api/projects/${project1}/reports`, reportBody('procurement', { evidence: [notice.body.id, notice.body.id] }));

  t.is(report.status, 201);
  t.deepEqual(report.body.evidence.map((file) => file.id), [notice.body.id]);
  t.deepEqual(report.body.evidence[0], notice.body);
  t.deepEqual(report.body.missingEvidence, ['中标（成交）通知书']);
});

test.serial('an upload is recorded in the audit trail', async (t) => {
  const before = await writeCounts();

  const response = await contact.postForm<EvidenceFileView>(uploadPath, fileForm(smallPng(), '照片.png'));

  t.is(response.status, 201);
  const after = await writeCounts();
  t.is(after.files, before.files + 1);
  t.is(after.audits, before.audits + 1);
});
