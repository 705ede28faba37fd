// Imports one notice in a child process, so that its peak memory is the import's own, and sends
// the timings and memory over IPC. Mode `product` runs parseNotice and saveParsedNotice as
// `npm run import` does; mode `baseline` parses and writes the same rows with one raw insertMany.
import { readFile } from 'node:fs/promises';
import mongoose, { Types } from 'mongoose';
import { connectMongoose } from '../../server/db/connect.ts';
import { parseNotice } from '../../server/importer/parse-notice.ts';
import { saveParsedNotice } from '../../server/importer/save.ts';
import { Project } from '../../server/models/project.ts';
import { generateNotice, realNoticePath } from '../generators/notice-table.ts';

export interface ImportMeasurement {
  rows: number;
  parseMs: number;
  saveMs: number;
  /** Resident set size before reading the input, in bytes. */
  startRssBytes: number;
  /** Largest resident set size of the process, in bytes. */
  peakRssBytes: number;
  /** Heap in use right after parsing, in bytes. */
  parsedHeapBytes: number;
}

const mongodbUri = process.env.BENCH_MONGODB_URI;
const rows = process.env.BENCH_IMPORT_ROWS ?? 'real';
const mode = process.env.BENCH_IMPORT_MODE ?? 'product';
if (mongodbUri === undefined) throw new Error('BENCH_MONGODB_URI is missing');

await connectMongoose(mongodbUri);
const startRssBytes = process.memoryUsage.rss();
const input = rows === 'real' ? await readFile(realNoticePath) : generateNotice(Number(rows));

const parseStart = performance.now();
const parsed = parseNotice(input);
const parseMs = performance.now() - parseStart;
const parsedHeapBytes = process.memoryUsage().heapUsed;

const saveStart = performance.now();
if (mode === 'product') {
  await saveParsedNotice(parsed);
} else {
  const batchId = new Types.ObjectId();
  const now = new Date();
  await Project.collection.insertMany(
    parsed.projects.map((project) => ({
      batchId,
      seq: project.seq,
      unitIds: project.units.map(() => new Types.ObjectId()),
      name: project.name,
      scope: project.scope,
      nature: project.nature,
      period: project.period,
      classified: project.classified,
      investment: project.investment,
      yearInvestment: project.yearInvestment,
      createdAt: now,
      updatedAt: now,
    })),
  );
}
const saveMs = performance.now() - saveStart;

const measurement: ImportMeasurement = {
  rows: parsed.projects.length,
  parseMs,
  saveMs,
  startRssBytes,
  // resourceUsage reports maxRSS in kilobytes.
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
  parsedHeapBytes,
};
process.send?.(measurement);
await mongoose.disconnect();
