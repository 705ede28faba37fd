import mongoose, { type ClientSession, type Types } from 'mongoose';
import { linkCarriedOverProjects } from '../lineage/link.ts';
import { projectNameKey } from '../lineage/project-name.ts';
import { Batch } from '../models/batch.ts';
import { Project } from '../models/project.ts';
import { Unit } from '../models/unit.ts';
import { recordAudit, systemActor, type Actor } from '../services/audit.ts';
import { parsedNoticeSchema, type ParsedNotice } from './types.ts';

export interface SaveResult {
  batchId: string;
  created: boolean;
  projectCount: number;
  removedProjects: number;
  /** 序号 of the rows whose content changed, were added or were removed. */
  changedSeqs: number[];
  /** Projects of the batch linked to their entry in an earlier batch (carried-over projects). */
  linkedProjects: number;
}

export interface SaveOptions {
  actor?: Actor;
  /** Lets a re-import change a batch that units have already received; off by default. */
  allowPublishedChanges?: boolean;
}

/** A re-import would change the plan of a batch that has already been published to the units. */
export class PublishedBatchChangeError extends Error {
  constructor(
    readonly docNo: string,
    readonly changedSeqs: number[],
  ) {
    super(
      `批次 ${docNo} 已发布，重新导入会改变序号 ${changedSeqs.join('、')} 的计划内容；` +
        '各单位已收到原计划，如确需更新，请加选项 --update-published 并另行通知相关单位',
    );
  }
}

/** Rows sent to MongoDB per bulk write. */
const bulkWriteRows = 1000;

type StoredProject = Pick<ParsedNotice['projects'][number], 'name' | 'scope' | 'nature' | 'period' | 'classified' | 'investment' | 'yearInvestment'> & {
  units: string[];
};

/** Serialises the fields of a row that a re-import compares, in a fixed order. */
function rowContent(project: StoredProject): string {
  return JSON.stringify([
    project.units,
    project.name,
    project.scope,
    project.nature,
    [project.period.startYear, project.period.endYear],
    project.classified,
    [project.investment.total, project.investment.special, project.investment.other],
    [project.yearInvestment.year, project.yearInvestment.total, project.yearInvestment.special, project.yearInvestment.other],
  ]);
}

/**
 * Writes a parsed notice in one transaction. The 文号 identifies the batch: importing the same
 * notice again updates the batch and its projects in place (by 序号) and removes rows that are
 * no longer in the table, so projects are never duplicated.
 */
export async function saveParsedNotice(parsed: ParsedNotice, options: SaveOptions = {}): Promise<SaveResult> {
  const actor = options.actor ?? systemActor;
  parsedNoticeSchema.parse(parsed);
  return mongoose.connection.transaction(async (session) => {
    const unitNames = [...new Set(parsed.projects.flatMap((project) => project.units))];
    if (unitNames.length > 0) {
      await Unit.bulkWrite(
        unitNames.map((name) => ({ updateOne: { filter: { name }, update: { $setOnInsert: { name } }, upsert: true } })),
        { session, ordered: false },
      );
    }
    const units = await Unit.find({ name: { $in: unitNames } }).session(session).lean();
    const unitId = new Map(units.map((unit) => [unit.name, unit._id]));

    const existing = await Batch.findOne({ docNo: parsed.batch.docNo }).session(session).lean();
    const changedSeqs = existing === null ? parsed.projects.map((project) => project.seq) : await changedRows(existing._id, parsed, session);
    if (existing?.status === 'published' && changedSeqs.length > 0 && options.allowPublishedChanges !== true) {
      throw new PublishedBatchChangeError(existing.docNo, changedSeqs);
    }
    const batchFields = {
      docNo: parsed.batch.docNo,
      title: parsed.batch.title,
      issuedAt: parsed.batch.issuedAt,
      year: parsed.batch.year,
      issuers: parsed.batch.issuers,
      findings: parsed.findings,
      importedAt: new Date(),
    };
    const batch = await Batch.findOneAndUpdate(
      { docNo: parsed.batch.docNo },
      { $set: batchFields, $setOnInsert: { status: 'draft' } },
      { upsert: true, returnDocument: 'after', session, runValidators: true },
    );

    // Rows go to MongoDB a thousand at a time instead of one round trip each. Neither bulkWrite nor
    // a lean insertMany runs schema validators, so the rows were checked against
    // parsedNoticeSchema above, which contains the same rules (integer 分, known natures, required
    // fields). A new batch has no rows yet, so its rows are inserted, which is faster than upserts.
    const rows = parsed.projects.map((project) => ({
      seq: project.seq,
      fields: {
        unitIds: project.units.map((name) => unitId.get(name)!),
        name: project.name,
        nameKey: projectNameKey(project.name),
        scope: project.scope,
        nature: project.nature,
        period: project.period,
        classified: project.classified,
        investment: project.investment,
        yearInvestment: project.yearInvestment,
      },
    }));
    const now = new Date();
    for (let start = 0; start < rows.length; start += bulkWriteRows) {
      const chunk = rows.slice(start, start + bulkWriteRows);
      if (existing === null) {
        const documents = chunk.map(({ seq, fields }) => Project.applyDefaults({ batchId: batch._id, seq, ...fields, createdAt: now, updatedAt: now, __v: 0 }));
        await Project.insertMany(documents, { session, ordered: true, lean: true });
      } else {
        const updates = chunk.map(({ seq, fields }) => ({ updateOne: { filter: { batchId: batch._id, seq }, update: { $set: fields }, upsert: true } }));
        await Project.bulkWrite(updates, { session, ordered: true });
      }
    }
    const removed = await Project.deleteMany(
      { batchId: batch._id, seq: { $nin: parsed.projects.map((project) => project.seq) } },
      { session },
    );
    const linkedProjects = await linkCarriedOverProjects(batch._id, session);

    await recordAudit(session, actor, {
      action: existing === null ? 'batch.import' : 'batch.reimport',
      targetKind: 'Batch',
      targetId: batch.id,
      before: existing === null ? null : { title: existing.title, findings: existing.findings.length },
      after: { title: batch.title, projects: parsed.projects.length, findings: parsed.findings.length, changedSeqs, linkedProjects },
    });

    return {
      batchId: batch.id,
      created: existing === null,
      projectCount: parsed.projects.length,
      removedProjects: removed.deletedCount,
      changedSeqs,
      linkedProjects,
    };
  });
}

/** Rows that a re-import of a stored batch would change, without writing anything. */
export interface ReimportChanges {
  /** 序号 of the rows whose content changed, were added or were removed, as `SaveResult.changedSeqs`. */
  changedSeqs: number[];
  /** 序号 of the stored rows that are missing from the new table. */
  removedSeqs: number[];
  /** 序号 of the rows of the new table that the stored batch lacks. */
  addedSeqs: number[];
}

/** Compares a parsed notice with the stored batch of the same 文号, as a re-import would. */
export async function reimportChanges(batchId: Types.ObjectId, parsed: ParsedNotice): Promise<ReimportChanges> {
  const storedSeqs = new Set((await Project.find({ batchId }, { seq: 1 }).lean()).map((project) => project.seq));
  const parsedSeqs = new Set(parsed.projects.map((project) => project.seq));
  return {
    changedSeqs: await changedRows(batchId, parsed),
    removedSeqs: [...storedSeqs].filter((seq) => !parsedSeqs.has(seq)).sort((a, b) => a - b),
    addedSeqs: [...parsedSeqs].filter((seq) => !storedSeqs.has(seq)).sort((a, b) => a - b),
  };
}

/** Lists the 序号 of rows that differ between the stored batch and the parsed table. */
async function changedRows(batchId: Types.ObjectId, parsed: ParsedNotice, session: ClientSession | null = null): Promise<number[]> {
  const stored = await Project.find({ batchId }).populate<{ unitIds: Array<{ name: string }> }>('unitIds', 'name').session(session).lean();
  const storedContent = new Map(stored.map((project) => [project.seq, rowContent({ ...project, units: project.unitIds.map((unit) => unit.name) })]));
  const parsedSeqs = new Set(parsed.projects.map((project) => project.seq));

  const changed = parsed.projects.filter((project) => storedContent.get(project.seq) !== rowContent(project)).map((project) => project.seq);
  const removed = stored.map((project) => project.seq).filter((seq) => !parsedSeqs.has(seq));
  return [...changed, ...removed].sort((a, b) => a - b);
}
