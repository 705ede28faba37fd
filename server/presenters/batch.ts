import type { Types } from 'mongoose';
import type { BatchRecord } from '../models/batch.ts';
import type { ProjectRecord } from '../models/project.ts';

type WithId<T> = T & { _id: Types.ObjectId };

export function presentBatch(batch: WithId<BatchRecord>, projectCount: number) {
  return {
    id: batch._id.toString(),
    docNo: batch.docNo,
    title: batch.title,
    issuedAt: batch.issuedAt,
    year: batch.year,
    issuers: batch.issuers,
    status: batch.status,
    publishedAt: batch.publishedAt?.toISOString() ?? null,
    projectCount,
  };
}

export function presentFindings(batch: BatchRecord) {
  return batch.findings.map((finding) => ({
    kind: finding.kind,
    row: finding.row,
    column: finding.column,
    printed: finding.printed,
    computed: finding.computed,
    difference: finding.difference,
    message: finding.message,
  }));
}

/**
 * Lists what of a project leaves the server. A classified project's scope never does: its
 * field is null whoever asks.
 */
export function presentProject(project: WithId<ProjectRecord>, unitNames: ReadonlyMap<string, string>) {
  return {
    id: project._id.toString(),
    seq: project.seq,
    units: project.unitIds.map((id) => unitNames.get(id.toString()) ?? '未知单位'),
    name: project.name,
    scope: project.classified ? null : project.scope,
    nature: project.nature,
    period: { startYear: project.period.startYear, endYear: project.period.endYear },
    classified: project.classified,
    investment: {
      total: project.investment.total,
      special: project.investment.special,
      other: project.investment.other,
    },
    yearInvestment: {
      year: project.yearInvestment.year,
      total: project.yearInvestment.total,
      special: project.yearInvestment.special,
      other: project.yearInvestment.other,
    },
  };
}

export type BatchView = ReturnType<typeof presentBatch>;
export type ProjectView = ReturnType<typeof presentProject>;
export type FindingView = ReturnType<typeof presentFindings>[number];

/** Presents a project in a list: `presentProject` without the scope and the period, plus per-stage states. */
export function presentProjectSummary<S>(project: WithId<ProjectRecord>, unitNames: ReadonlyMap<string, string>, stages: S) {
  const { id, seq, name, units, nature, classified, investment, yearInvestment } = presentProject(project, unitNames);
  return { id, seq, name, units, nature, classified, investment, yearInvestment, stages };
}
