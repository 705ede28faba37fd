// Factories and counters for the stage report tests.
import { randomUUID } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { AuditEvent } from '../../server/models/audit-event.ts';
import { EvidenceFile } from '../../server/models/evidence-file.ts';
import { OutboxMessage } from '../../server/models/outbox-message.ts';
import { Project } from '../../server/models/project.ts';
import { Report } from '../../server/models/report.ts';
import { ReportVersion } from '../../server/models/report-version.ts';
import type { ReportView } from '../../server/presenters/responses.ts';
import type { Stage, StageFields } from '../../server/reports/stages.ts';
import type { RunningProduct } from '../../server/start.ts';
import { ApiSession, startTestProduct } from './product.ts';

export const roster = {
  admin: 'jdt-admin-01',
  /** 王晓明, 市纪委: projects 1 and 2. */
  discipline: 'jdt-u01-1',
  /** 市委组织部: classified project 5, and projects 4 and 31. */
  organization: 'jdt-u03-1',
  /** 市委网信办: classified projects 6 and 33. */
  cyberspace: 'jdt-u04-1',
  /** 市发改委, also 市经信局: shares project 43 with 市司法局. */
  reform: 'jdt-u07-1',
  /** 市司法局: projects 16, 43, 44 and 45. */
  justice: 'jdt-u11-1',
} as const;

export interface ErrorResponse {
  error: { id: string; message: string; field?: string; requestId: string };
}

/** Starts the product and publishes the seed notice, as the bureau does before anyone reports. */
export async function startPublishedProduct(): Promise<RunningProduct> {
  const product = await startTestProduct();
  const admin = await new ApiSession(product.url).signInAs(roster.admin);
  const batches = await admin.get<Array<{ id: string }>>('/api/batches');
  const published = await admin.post(`/api/batches/${batches.body[0]!.id}/publish`);
  if (published.status !== 200) throw new Error(`publishing the seed batch failed: ${published.status}`);
  await product.dispatcher.trigger();
  return product;
}

/** Returns the id of a seed project by its 序号. */
export async function projectId(seq: number): Promise<string> {
  const project = await Project.findOne({ seq }).lean();
  if (project === null) throw new Error(`no project ${seq}`);
  return project._id.toString();
}

/** Valid stage fields for a project of 108 万元 (project 1), amounts in 分. */
export const validFields: StageFields = {
  procurement: {
    method: '公开招标',
    announcementDate: '2022-08-01',
    resultDate: '2022-08-25',
    supplier: '舟山海城信息技术有限公司',
    winningAmount: 98_500_000,
  },
  contractFiling: {
    contractNo: 'ZSJW-2022-018',
    signedDate: '2022-09-05',
    counterparty: '舟山海城信息技术有限公司',
    amount: 98_500_000,
    filedDate: '2022-09-10',
  },
  supervision: { supervisor: '浙江正诚工程监理有限公司', contractAmount: 2_000_000, startDate: '2022-09-01' },
  acceptance: { kind: '初验', date: '2023-03-01', conclusion: '通过', remarks: '' },
  operation: { goLiveDate: '2023-03-15', status: '试运行', usage: '' },
  selfEvaluation: { score: 92, grade: '优', keyResults: '', problems: '' },
};

export interface ReportBodyOverrides {
  idempotencyKey?: string;
  fields?: Record<string, unknown>;
  common?: Record<string, unknown>;
  evidence?: string[];
}

/** Builds a valid report body of a stage, with `fields` and `common` overrides merged into the defaults. */
export function reportBody(stage: Stage, overrides: ReportBodyOverrides = {}) {
  return {
    idempotencyKey: overrides.idempotencyKey ?? randomUUID(),
    stage,
    fields: { ...validFields[stage], ...overrides.fields },
    common: { paidToDate: 29_550_000, progressPercent: 30, risks: '', note: '', ...overrides.common },
    evidence: overrides.evidence ?? [],
  };
}

/** Submits a report and fails loudly when the server refuses it. */
export async function submit(session: ApiSession, project: string, body: ReturnType<typeof reportBody>): Promise<ReportView> {
  const response = await session.post<ReportView>(`/api/projects/${project}/reports`, body);
  if (response.status !== 201) throw new Error(`submit failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Document counts of everything a report or an upload writes. */
export async function writeCounts() {
  const [reports, versions, audits, files, outbox] = await Promise.all([
    Report.countDocuments(),
    ReportVersion.countDocuments(),
    AuditEvent.countDocuments(),
    EvidenceFile.countDocuments(),
    OutboxMessage.countDocuments(),
  ]);
  return { reports, versions, audits, files, outbox };
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Builds a real 2×2 red PNG. */
export function smallPng(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(2, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // colour type: RGB
  const row = Buffer.from([0, 255, 0, 0, 255, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.concat([row, row]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Builds a real one-page PDF with its cross-reference table. */
export function smallPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
  ];
  let text = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(text));
    text += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(text);
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  text += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}

/** Builds a buffer that starts like an OLE compound file, as legacy .doc and .xls files do. */
export function compoundFileBytes(): Buffer {
  const bytes = Buffer.alloc(1024);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(bytes);
  return bytes;
}

/** Builds a form with one file part, as the micro-app sends it. */
export function fileForm(bytes: Buffer, name: string, item?: string): FormData {
  const form = new FormData();
  if (item !== undefined) form.append('item', item);
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  return form;
}
