import type { Types } from 'mongoose';
import { CLASSIFIED_SCOPE } from '../importer/cells.ts';
import type { Nature } from '../importer/types.ts';
import { Batch } from '../models/batch.ts';
import { Project } from '../models/project.ts';
import { Unit } from '../models/unit.ts';
import { progressOf, type ProjectProgress, type StageProgress as StoredStageProgress } from '../reports/progress.ts';
import { confirmationStatus } from '../queries/confirmation-status.ts';
import { stages, type Stage } from '../reports/stage-names.ts';

export type StageProgress = Pick<StoredStageProgress, 'state' | 'at'>;

/** One row of the plan table with the project's progress. Amounts are in 分. */
export interface PlanExportProject {
  seq: number;
  units: string[];
  name: string;
  /** 建设内容; "涉密，略" for a classified project, whatever is stored. */
  scope: string;
  nature: Nature;
  period: { startYear: number; endYear: number };
  investment: { total: number; special: number; other: number };
  yearInvestment: { total: number; special: number; other: number };
  stages: Record<Stage, StageProgress>;
  /** Amount of the latest submitted or accepted 合同备案 report; null when there is none. */
  contractAmount: number | null;
  /** Largest 已支付 of the project's submitted or accepted reports; null when there is none. */
  paidToDate: number | null;
}

/** One contact of a unit with projects in the batch, or the unit alone when it has no contact. */
export interface PlanExportConfirmation {
  unit: string;
  projectCount: number;
  contact: string | null;
  confirmedAt: Date | null;
}

/** Everything the plan workbook shows of one batch, with classified scope already removed. */
export interface PlanExport {
  batch: { docNo: string; title: string; issuedAt: string; year: number; issuers: string[] };
  /** In 序号 order. */
  projects: PlanExportProject[];
  /** Messages of the importer's findings on the printed table, such as a 合计 that does not add up. */
  findings: string[];
  confirmations: PlanExportConfirmation[];
  exportedAt: Date;
}

/**
 * Reads a batch, its projects with their progress, and its confirmations; null when there is no
 * such batch. Without `classifiedAmounts` a classified row carries no contracted or paid amount,
 * for readers who see such projects only as their plan row.
 */
export async function loadPlanExport(batchId: Types.ObjectId, { classifiedAmounts = true } = {}): Promise<PlanExport | null> {
  const batch = await Batch.findById(batchId).lean();
  if (batch === null) return null;

  const projects = await Project.find({ batchId }).sort({ seq: 1 }).lean();
  const units = await Unit.find({ _id: { $in: projects.flatMap((project) => project.unitIds) } }, { name: 1 }).lean();
  const unitName = new Map(units.map((unit) => [unit._id.toString(), unit.name]));
  const status = await confirmationStatus(batchId);

  return {
    batch: { docNo: batch.docNo, title: batch.title, issuedAt: batch.issuedAt, year: batch.year, issuers: batch.issuers },
    projects: projects.map((project) => ({
      seq: project.seq,
      units: project.unitIds.map((id) => unitName.get(id.toString()) ?? '未知单位'),
      name: project.name,
      scope: project.classified ? CLASSIFIED_SCOPE : project.scope,
      nature: project.nature,
      period: { startYear: project.period.startYear, endYear: project.period.endYear },
      investment: { total: project.investment.total, special: project.investment.special, other: project.investment.other },
      yearInvestment: {
        total: project.yearInvestment.total,
        special: project.yearInvestment.special,
        other: project.yearInvestment.other,
      },
      ...withoutAmountsUnless(classifiedAmounts || !project.classified, exportedProgress(progressOf(project))),
    })),
    findings: batch.findings.map((finding) => finding.message),
    confirmations: status.units.flatMap((unit): PlanExportConfirmation[] => {
      if (unit.contacts.length === 0) return [{ unit: unit.unit, projectCount: unit.projectCount, contact: null, confirmedAt: null }];
      return unit.contacts.map((contact) => ({
        unit: unit.unit,
        projectCount: unit.projectCount,
        contact: contact.name,
        confirmedAt: contact.confirmedAt === null ? null : new Date(contact.confirmedAt),
      }));
    }),
    exportedAt: new Date(),
  };
}

function exportedProgress(progress: ProjectProgress): Pick<PlanExportProject, 'stages' | 'contractAmount' | 'paidToDate'> {
  const stageProgress = Object.fromEntries(
    stages.map((stage) => [stage, { state: progress.stages[stage].state, at: progress.stages[stage].at }]),
  ) as Record<Stage, StageProgress>;
  return { stages: stageProgress, contractAmount: progress.contractAmount, paidToDate: progress.paidToDate };
}

function withoutAmountsUnless(
  shown: boolean,
  progress: Pick<PlanExportProject, 'stages' | 'contractAmount' | 'paidToDate'>,
): Pick<PlanExportProject, 'stages' | 'contractAmount' | 'paidToDate'> {
  return shown ? progress : { ...progress, contractAmount: null, paidToDate: null };
}
