import mongoose from 'mongoose';
import { Batch } from '../models/batch.ts';
import { Project } from '../models/project.ts';
import { Unit } from '../models/unit.ts';
import { recordAudit, systemActor, type Actor } from '../services/audit.ts';
import type { ParsedNotice } from './types.ts';

export interface SaveResult {
  batchId: string;
  created: boolean;
  projectCount: number;
  removedProjects: number;
}

/**
 * Writes a parsed notice in one transaction. The 文号 identifies the batch: importing the same
 * notice again updates the batch and its projects in place (by 序号) and removes rows that are
 * no longer in the table, so projects are never duplicated.
 */
export async function saveParsedNotice(parsed: ParsedNotice, actor: Actor = systemActor): Promise<SaveResult> {
  return mongoose.connection.transaction(async (session) => {
    const unitNames = [...new Set(parsed.projects.flatMap((project) => project.units))];
    for (const name of unitNames) {
      await Unit.updateOne({ name }, { $setOnInsert: { name } }, { upsert: true, session });
    }
    const units = await Unit.find({ name: { $in: unitNames } }).session(session).lean();
    const unitId = new Map(units.map((unit) => [unit.name, unit._id]));

    const existing = await Batch.findOne({ docNo: parsed.batch.docNo }).session(session).lean();
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

    for (const project of parsed.projects) {
      await Project.updateOne(
        { batchId: batch._id, seq: project.seq },
        {
          $set: {
            unitIds: project.units.map((name) => unitId.get(name)!),
            name: project.name,
            scope: project.scope,
            nature: project.nature,
            period: project.period,
            classified: project.classified,
            investment: project.investment,
            yearInvestment: project.yearInvestment,
          },
        },
        { upsert: true, session, runValidators: true },
      );
    }
    const removed = await Project.deleteMany(
      { batchId: batch._id, seq: { $nin: parsed.projects.map((project) => project.seq) } },
      { session },
    );

    await recordAudit(session, actor, {
      action: existing === null ? 'batch.import' : 'batch.reimport',
      targetKind: 'Batch',
      targetId: batch.id,
      before: existing === null ? null : { title: existing.title, findings: existing.findings.length },
      after: { title: batch.title, projects: parsed.projects.length, findings: parsed.findings.length },
    });

    return {
      batchId: batch.id,
      created: existing === null,
      projectCount: parsed.projects.length,
      removedProjects: removed.deletedCount,
    };
  });
}
