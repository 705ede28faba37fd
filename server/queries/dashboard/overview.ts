// The bureau's overview of published batches: counts, stage progress, funds, confirmations and
// what is overdue or returned, for one dashboard filter.
import type { Types } from 'mongoose';
import { Confirmation } from '../../models/confirmation.ts';
import { Contact } from '../../models/contact.ts';
import { Unit } from '../../models/unit.ts';
import { stages, type Stage } from '../../reports/stage-names.ts';
import type { DashboardFilter } from './filter.ts';
import { loadDashboardProjects, type DashboardProject } from './projects.ts';

/** Planned money against contracted and paid money, in 分. */
export interface FundsView {
  projects: number;
  /** 总投资 by fund source. */
  investment: { total: number; special: number; other: number };
  /** 年度投资 by fund source. */
  yearInvestment: { total: number; special: number; other: number };
  contractAmount: number;
  paidToDate: number;
  /** 资金执行率: paid ÷ year investment, from 0; null when no year investment is planned. */
  executionRate: number | null;
}

export interface StageCountView {
  stage: Stage;
  none: number;
  submitted: number;
  returned: number;
  accepted: number;
  /** Projects without a report of this stage past its due date; they also count as none. */
  overdue: number;
}

export interface OwedItemView {
  projectId: string;
  docNo: string;
  seq: number;
  name: string;
  units: string[];
  stage: Stage;
  /** YYYY-MM-DD for an overdue stage; null for a returned report. */
  dueDate: string | null;
  workingDaysLate: number;
}

export interface BatchConfirmationView {
  batchId: string;
  docNo: string;
  units: number;
  unitsConfirmed: number;
  contacts: number;
  contactsConfirmed: number;
  /** Units none of whose contacts has confirmed, with those contacts' names. */
  unconfirmed: Array<{ unitId: string; unit: string; contacts: string[] }>;
}

export interface DashboardOverview {
  /** Beijing date the overdue stages were computed for. */
  today: string;
  options: {
    batches: Array<{ id: string; docNo: string; title: string; year: number }>;
    units: Array<{ id: string; name: string }>;
  };
  totals: FundsView & { classified: number };
  stages: StageCountView[];
  byBatch: Array<FundsView & { batchId: string; docNo: string }>;
  /** Grouped by lead unit (the first owner unit), so no project's money counts twice. */
  byUnit: Array<FundsView & { unitId: string; unit: string }>;
  confirmations: BatchConfirmationView[];
  overdue: { count: number; items: OwedItemView[] };
  returned: { count: number; items: OwedItemView[] };
}

/** Most overdue or returned items the overview lists; the matrix shows them all. */
const listedItems = 20;

function sumFunds(projects: readonly DashboardProject[]): FundsView {
  const funds: FundsView = {
    projects: projects.length,
    investment: { total: 0, special: 0, other: 0 },
    yearInvestment: { total: 0, special: 0, other: 0 },
    contractAmount: 0,
    paidToDate: 0,
    executionRate: null,
  };
  for (const project of projects) {
    for (const source of ['total', 'special', 'other'] as const) {
      funds.investment[source] += project.investment[source];
      funds.yearInvestment[source] += project.yearInvestment[source];
    }
    funds.contractAmount += project.progress.contractAmount ?? 0;
    funds.paidToDate += project.progress.paidToDate ?? 0;
  }
  funds.executionRate = funds.yearInvestment.total === 0 ? null : funds.paidToDate / funds.yearInvestment.total;
  return funds;
}

function groupBy<K>(projects: readonly DashboardProject[], keyOf: (project: DashboardProject) => K): Map<K, DashboardProject[]> {
  const groups = new Map<K, DashboardProject[]>();
  for (const project of projects) {
    const key = keyOf(project);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [project]);
    else group.push(project);
  }
  return groups;
}

function countStages(projects: readonly DashboardProject[]): StageCountView[] {
  return stages.map((stage) => {
    const counts: StageCountView = { stage, none: 0, submitted: 0, returned: 0, accepted: 0, overdue: 0 };
    for (const project of projects) {
      counts[project.progress.stages[stage].state] += 1;
      if (project.owed.some((item) => item.stage === stage && item.kind === 'overdue')) counts.overdue += 1;
    }
    return counts;
  });
}

/** Lists who has not confirmed each batch, among the units of the filtered projects. */
async function confirmationsOf(
  projects: readonly DashboardProject[],
  docNoOf: (batchId: Types.ObjectId) => string,
  unitName: ReadonlyMap<string, string>,
): Promise<BatchConfirmationView[]> {
  const byBatch = groupBy(projects, (project) => project.batchId.toString());
  const unitKeys = [...new Set(projects.flatMap((project) => project.unitIds.map(String)))];
  const [contacts, confirmations] = await Promise.all([
    Contact.find({ role: 'contact', active: true, unitIds: { $in: unitKeys } }, { name: 1, unitIds: 1 }).sort({ userId: 1 }).lean(),
    Confirmation.find({ batchId: { $in: [...byBatch.keys()] } }, { batchId: 1, contactId: 1 }).lean(),
  ]);
  const confirmed = new Set(confirmations.map((confirmation) => `${confirmation.batchId.toString()}:${confirmation.contactId.toString()}`));

  return [...byBatch].map(([batchKey, batchProjects]) => {
    const batchUnits = [...new Set(batchProjects.flatMap((project) => project.unitIds.map(String)))];
    const batchContacts = contacts.filter((contact) => contact.unitIds.some((id) => batchUnits.includes(id.toString())));
    const hasConfirmed = (contactId: Types.ObjectId) => confirmed.has(`${batchKey}:${contactId.toString()}`);
    const unconfirmed = batchUnits
      .map((unitKey) => ({ unitKey, unitContacts: batchContacts.filter((contact) => contact.unitIds.some((id) => id.toString() === unitKey)) }))
      .filter(({ unitContacts }) => !unitContacts.some((contact) => hasConfirmed(contact._id)))
      .map(({ unitKey, unitContacts }) => ({ unitId: unitKey, unit: unitName.get(unitKey) ?? '未知单位', contacts: unitContacts.map((contact) => contact.name) }));
    return {
      batchId: batchKey,
      docNo: docNoOf(batchProjects[0]!.batchId),
      units: batchUnits.length,
      unitsConfirmed: batchUnits.length - unconfirmed.length,
      contacts: batchContacts.length,
      contactsConfirmed: batchContacts.filter((contact) => hasConfirmed(contact._id)).length,
      unconfirmed,
    };
  });
}

export async function dashboardOverview(filter: DashboardFilter, now: Date): Promise<DashboardOverview> {
  const { batches, batchOf, projects, today } = await loadDashboardProjects(filter, now);
  const allUnits = await Unit.find({}, { name: 1 }).sort({ name: 1 }).lean();
  const unitName = new Map(allUnits.map((unit) => [unit._id.toString(), unit.name]));
  const docNoOf = (batchId: Types.ObjectId) => batchOf.get(batchId.toString())?.docNo ?? '';

  const owedItems = (kind: 'overdue' | 'returned'): OwedItemView[] =>
    projects.flatMap((project) =>
      project.owed
        .filter((item) => item.kind === kind)
        .map((item) => ({
          projectId: project._id.toString(),
          docNo: docNoOf(project.batchId),
          seq: project.seq,
          name: project.name,
          units: project.unitIds.map((id) => unitName.get(id.toString()) ?? '未知单位'),
          stage: item.stage,
          dueDate: item.dueDate,
          workingDaysLate: item.workingDaysLate,
        })),
    );
  const overdue = owedItems('overdue').sort((a, b) => b.workingDaysLate - a.workingDaysLate);
  const returned = owedItems('returned');

  const byUnit = [...groupBy(projects, (project) => project.unitIds[0]!.toString())]
    .map(([unitId, group]) => ({ unitId, unit: unitName.get(unitId) ?? '未知单位', ...sumFunds(group) }))
    .sort((a, b) => b.yearInvestment.total - a.yearInvestment.total);
  const byBatch = [...groupBy(projects, (project) => project.batchId.toString())].map(([batchId, group]) => ({
    batchId,
    docNo: docNoOf(group[0]!.batchId),
    ...sumFunds(group),
  }));

  return {
    today,
    options: {
      batches: batches.map((batch) => ({ id: batch._id.toString(), docNo: batch.docNo, title: batch.title, year: batch.year })),
      units: allUnits.map((unit) => ({ id: unit._id.toString(), name: unit.name })),
    },
    totals: { ...sumFunds(projects), classified: projects.filter((project) => project.classified).length },
    stages: countStages(projects),
    byBatch,
    byUnit,
    confirmations: await confirmationsOf(projects, docNoOf, unitName),
    overdue: { count: overdue.length, items: overdue.slice(0, listedItems) },
    returned: { count: returned.length, items: returned.slice(0, listedItems) },
  };
}
