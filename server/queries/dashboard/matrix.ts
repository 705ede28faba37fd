// The project × stage matrix: one row per project with each stage's state and date, and the
// project's planned, contracted and paid money.
import type { natures } from '../../models/project.ts';
import type { ReportState } from '../../models/report.ts';
import { stages, type Stage } from '../../reports/stage-names.ts';
import type { DashboardFilter } from './filter.ts';
import { loadDashboardPage, unitNames, type Page } from './projects.ts';

export interface MatrixCellView {
  state: 'none' | ReportState;
  /** When the stage's latest report last changed; null without a report. */
  at: string | null;
  /** Due date when the stage is overdue, YYYY-MM-DD; null otherwise. */
  overdueSince: string | null;
}

export interface MatrixRowView {
  projectId: string;
  docNo: string;
  seq: number;
  name: string;
  units: string[];
  nature: (typeof natures)[number];
  classified: boolean;
  /** 总投资 and 年度投资, totals of all fund sources, in 分. */
  investment: number;
  yearInvestment: number;
  contractAmount: number | null;
  paidToDate: number | null;
  stages: Record<Stage, MatrixCellView>;
}

export interface DashboardMatrix {
  total: number;
  page: number;
  pageSize: number;
  rows: MatrixRowView[];
}

export async function dashboardMatrix(filter: DashboardFilter, now: Date, page: number, pageSize: number, classifiedAmounts: boolean): Promise<DashboardMatrix> {
  const window: Page = { skip: (page - 1) * pageSize, limit: pageSize };
  const { batchOf, projects, total } = await loadDashboardPage(filter, now, window);
  const unitName = await unitNames(projects.flatMap((project) => project.unitIds));

  const rows = projects.map((project): MatrixRowView => {
    const cells = Object.fromEntries(
      stages.map((stage) => {
        const progress = project.progress.stages[stage];
        const overdue = project.owed.find((item) => item.stage === stage && item.kind === 'overdue');
        return [stage, { state: progress.state, at: progress.at === null ? null : progress.at.toISOString(), overdueSince: overdue?.dueDate ?? null }];
      }),
    ) as Record<Stage, MatrixCellView>;
    const amountsShown = classifiedAmounts || !project.classified;
    return {
      projectId: project._id.toString(),
      docNo: batchOf.get(project.batchId.toString())?.docNo ?? '',
      seq: project.seq,
      name: project.name,
      units: project.unitIds.map((id) => unitName.get(id.toString()) ?? '未知单位'),
      nature: project.nature,
      classified: project.classified,
      investment: project.investment.total,
      yearInvestment: project.yearInvestment.total,
      contractAmount: amountsShown ? project.progress.contractAmount : null,
      paidToDate: amountsShown ? project.progress.paidToDate : null,
      stages: cells,
    };
  });
  return { total, page, pageSize, rows };
}
