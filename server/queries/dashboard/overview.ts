// The bureau's overview of published batches: counts, stage progress, funds, confirmations and
// what is overdue or returned, for one dashboard filter.
import type { PipelineStage, Types } from 'mongoose';
import { Confirmation } from '../../models/confirmation.ts';
import { Contact } from '../../models/contact.ts';
import { Unit } from '../../models/unit.ts';
import { stages, type Stage } from '../../reports/stage-names.ts';
import { batchIdsOf, type DashboardFilter } from './filter.ts';
import { Project } from '../../models/project.ts';
import { compareChinese, sortByChineseName } from '../../presenters/chinese-order.ts';
import type { OverdueCondition } from './overdue.ts';
import { dashboardScope, owedOn, type DashboardProject } from './projects.ts';

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
  /** Units none of whose contacts has confirmed. */
  unconfirmedUnits: number;
  /** The first of those units in pinyin order, with their contacts' names; the rest are only counted. */
  unconfirmed: Array<{ unitId: string; unit: string; contacts: string[] }>;
}

/**
 * Most unconfirmed units named per batch. With hundreds of batches the full lists made the overview
 * close to a megabyte, while a screen shows a few names per batch.
 */
const namedUnconfirmedUnits = 8;

export interface DashboardOverview {
  /** Beijing date the overdue stages were computed for. */
  today: string;
  /** False when classified projects' contracted and paid money is left out, as for viewers. */
  classifiedAmounts: boolean;
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

/** Sums of one group of projects, as the aggregation returns them. */
interface FundSums {
  _id: Types.ObjectId | null;
  projects: number;
  classified: number;
  investmentTotal: number;
  investmentSpecial: number;
  investmentOther: number;
  yearTotal: number;
  yearSpecial: number;
  yearOther: number;
  contractAmount: number;
  paidToDate: number;
}

/** Accumulators of a group's money; without `classifiedAmounts`, classified projects add no contracted or paid money. */
function fundSums(classifiedAmounts: boolean) {
  const reported = (field: string) =>
    classifiedAmounts ? { $sum: { $ifNull: [field, 0] } } : { $sum: { $cond: ['$classified', 0, { $ifNull: [field, 0] }] } };
  return {
    projects: { $sum: 1 },
    classified: { $sum: { $cond: ['$classified', 1, 0] } },
    investmentTotal: { $sum: '$investment.total' },
    investmentSpecial: { $sum: '$investment.special' },
    investmentOther: { $sum: '$investment.other' },
    yearTotal: { $sum: '$yearInvestment.total' },
    yearSpecial: { $sum: '$yearInvestment.special' },
    yearOther: { $sum: '$yearInvestment.other' },
    contractAmount: reported('$progress.contractAmount'),
    paidToDate: reported('$progress.paidToDate'),
  };
}

const sumKeys = Object.keys(fundSums(true)) as Array<keyof ReturnType<typeof fundSums>>;

/** Adds up the sums of several groups; undefined when there are none. */
function sumsOf(groups: readonly FundSums[]): FundSums | undefined {
  if (groups.length === 0) return undefined;
  const total: FundSums = { _id: null, projects: 0, classified: 0, investmentTotal: 0, investmentSpecial: 0, investmentOther: 0, yearTotal: 0, yearSpecial: 0, yearOther: 0, contractAmount: 0, paidToDate: 0 };
  for (const group of groups) {
    for (const key of sumKeys) total[key] += group[key];
  }
  return total;
}

function fundsOf(sums: FundSums | undefined): FundsView {
  if (sums === undefined) return fundsOf({ _id: null, projects: 0, classified: 0, investmentTotal: 0, investmentSpecial: 0, investmentOther: 0, yearTotal: 0, yearSpecial: 0, yearOther: 0, contractAmount: 0, paidToDate: 0 });
  return {
    projects: sums.projects,
    investment: { total: sums.investmentTotal, special: sums.investmentSpecial, other: sums.investmentOther },
    yearInvestment: { total: sums.yearTotal, special: sums.yearSpecial, other: sums.yearOther },
    contractAmount: sums.contractAmount,
    paidToDate: sums.paidToDate,
    executionRate: sums.yearTotal === 0 ? null : sums.paidToDate / sums.yearTotal,
  };
}

const stateField = (stage: Stage) => `$progress.stages.${stage}.state`;
/** A stage the bureau returned with no other report kept, as `owedStages` lists it. */
const returnedCondition = (stage: Stage) => ({ [`progress.stages.${stage}.state`]: 'returned', [`progress.stages.${stage}.reportedOn`]: null });
const returnedExpression = (stage: Stage) => ({
  $and: [{ $eq: [stateField(stage), 'returned'] }, { $eq: [{ $ifNull: [`$progress.stages.${stage}.reportedOn`, null] }, null] }],
});

/**
 * Groups projects by the combination of their stages' states, returned-and-owed flags and overdue
 * flags. Projects share few combinations, so one group key per project costs far less than a
 * conditional sum per stage and state.
 */
function stateCombinationGroup(overdue: readonly OverdueCondition[]): PipelineStage.Group {
  return {
    $group: {
      _id: {
        states: stages.map(stateField),
        returned: stages.map(returnedExpression),
        overdue: overdue.map((item) => item.expression),
      },
      projects: { $sum: 1 },
    },
  };
}

interface StateCombination {
  _id: { states: string[]; returned: boolean[]; overdue: boolean[] };
  projects: number;
}

/** Adds up the combinations into counts keyed `stage:state`, `stage:owedReturned` and `stage:overdue`. */
function countCombinations(combinations: readonly StateCombination[], overdue: readonly OverdueCondition[]): Record<string, number> {
  const counts: Record<string, number> = {};
  const add = (key: string, projects: number) => {
    counts[key] = (counts[key] ?? 0) + projects;
  };
  for (const { _id: combination, projects } of combinations) {
    stages.forEach((stage, index) => {
      add(`${stage}:${combination.states[index] ?? 'none'}`, projects);
      if (combination.returned[index] === true) add(`${stage}:owedReturned`, projects);
    });
    overdue.forEach((item, index) => {
      if (combination.overdue[index] === true) add(`${item.stage}:overdue`, projects);
    });
  }
  return counts;
}

const itemFields = { batchId: 1, seq: 1, name: 1, unitIds: 1, progress: 1 } as const;

type ItemProject = Pick<DashboardProject, '_id' | 'batchId' | 'seq' | 'name' | 'unitIds'> & { progress?: unknown };

/** One batch's sums, stage counts (keyed `stage:state`) and the owner unit lists of its projects. */
type BatchSums = FundSums & { unitLists: Types.ObjectId[][] };

/**
 * Reads the active unit contacts and the confirmations of the given batches. Read beside the
 * project passes rather than after them, so their time does not add to the overview's.
 */
async function loadConfirmations(batchIds: readonly Types.ObjectId[]) {
  const [contacts, confirmations] = await Promise.all([
    Contact.find({ role: 'contact', active: true }, { name: 1, unitIds: 1 }).sort({ userId: 1 }).lean(),
    Confirmation.find({ batchId: { $in: batchIds } }, { batchId: 1, contactId: 1 }).lean(),
  ]);
  return { contacts, confirmations };
}

/** Lists who has not confirmed each batch, among the units of the filtered projects. */
function confirmationsOf(
  batchUnits: Array<{ _id: Types.ObjectId; units: Types.ObjectId[] }>,
  { contacts, confirmations }: Awaited<ReturnType<typeof loadConfirmations>>,
  docNoOf: (batchId: Types.ObjectId) => string,
  unitName: ReadonlyMap<string, string>,
): BatchConfirmationView[] {
  const confirmed = new Set(confirmations.map((confirmation) => `${confirmation.batchId.toString()}:${confirmation.contactId.toString()}`));
  // Built once for all batches: with hundreds of batches, filtering every contact per batch and
  // per unit, and a localeCompare that sets up its collator on every call, took most of the time.
  const contactsOfUnit = new Map<string, typeof contacts>();
  for (const contact of contacts) {
    for (const unitId of contact.unitIds) {
      const unitKey = unitId.toString();
      contactsOfUnit.set(unitKey, [...(contactsOfUnit.get(unitKey) ?? []), contact]);
    }
  }

  return batchUnits.map((batch) => {
    const batchKey = batch._id.toString();
    const units = batch.units.map(String).sort((a, b) => compareChinese(unitName.get(a) ?? '', unitName.get(b) ?? ''));
    const batchContacts = [...new Set(units.flatMap((unitKey) => contactsOfUnit.get(unitKey) ?? []))];
    const hasConfirmed = (contactId: Types.ObjectId) => confirmed.has(`${batchKey}:${contactId.toString()}`);
    const unconfirmed = units
      .map((unitKey) => ({ unitKey, unitContacts: contactsOfUnit.get(unitKey) ?? [] }))
      .filter(({ unitContacts }) => !unitContacts.some((contact) => hasConfirmed(contact._id)))
      .map(({ unitKey, unitContacts }) => ({ unitId: unitKey, unit: unitName.get(unitKey) ?? '未知单位', contacts: unitContacts.map((contact) => contact.name) }));
    return {
      batchId: batchKey,
      docNo: docNoOf(batch._id),
      units: units.length,
      unitsConfirmed: units.length - unconfirmed.length,
      contacts: batchContacts.length,
      contactsConfirmed: batchContacts.filter((contact) => hasConfirmed(contact._id)).length,
      unconfirmedUnits: unconfirmed.length,
      unconfirmed: unconfirmed.slice(0, namedUnconfirmedUnits),
    };
  });
}

/**
 * Computes the overview in one aggregation over the filtered projects, so the server receives
 * sums and at most a few dozen projects however many match.
 */
// NOTE: at 10,000 projects this takes about 155 ms on a 2-core machine (npm run bench), just above
// the 150 ms target, because its passes read every matching project. Sums and stage counts per
// batch, kept up to date by the services that change reports, would avoid reading the projects.
export async function dashboardOverview(filter: DashboardFilter, now: Date, classifiedAmounts: boolean): Promise<DashboardOverview> {
  const sums = fundSums(classifiedAmounts);
  const { batches, batchOf, context, overdue, query } = await dashboardScope(filter, now);

  // Separate passes rather than one $facet, so MongoDB runs them side by side on several cores and
  // no pass keeps every matching project in memory. The listed items come from small sorted reads.
  // Without a batch or unit filter the passes read nearly every project, which a collection scan
  // does faster than the (batchId, seq) index the planner would pick.
  const scan = filter.batchId === undefined && filter.unitId === undefined ? { $natural: 1 } : undefined;
  const pass = <T>(pipeline: PipelineStage[]) => {
    const aggregate = Project.aggregate<T>([{ $match: query }, ...pipeline]);
    return scan === undefined ? aggregate : aggregate.hint(scan);
  };
  const [byBatch, byStates, byUnit, returnedProjects, overdueProjects, allUnits, confirmationData] = await Promise.all([
    pass<BatchSums>([{ $group: { _id: '$batchId', ...sums, unitLists: { $addToSet: '$unitIds' } } }]),
    pass<StateCombination>([stateCombinationGroup(overdue)]),
    pass<FundSums>([{ $group: { _id: { $arrayElemAt: ['$unitIds', 0] }, ...sums } }, { $sort: { yearTotal: -1, _id: 1 } }]),
    Project.find({ $and: [query, { $or: stages.map(returnedCondition) }] }, itemFields)
      .sort({ batchId: -1, seq: 1 })
      .limit(listedItems)
      .lean<ItemProject[]>(),
    Promise.all(
      overdue.map((item) =>
        Project.aggregate<ItemProject>([{ $match: { $and: [query, item.condition] } }, ...item.order, { $limit: listedItems }, { $project: itemFields }]),
      ),
    ),
    Unit.find({}, { name: 1 }).lean(),
    loadConfirmations(batchIdsOf(filter, batches)),
  ]);

  sortByChineseName(allUnits);
  const unitName = new Map(allUnits.map((unit) => [unit._id.toString(), unit.name]));
  const docNoOf = (batchId: Types.ObjectId) => batchOf.get(batchId.toString())?.docNo ?? '';

  const counts = countCombinations(byStates, overdue);
  const totals = sumsOf(byBatch);
  const batchUnits = byBatch.map((row) => ({
    _id: row._id!,
    units: [...new Map(row.unitLists.flat().map((unitId) => [unitId.toString(), unitId])).values()],
  }));
  const stageCounts: StageCountView[] = stages.map((stage) => ({
    stage,
    none: counts[`${stage}:none`] ?? 0,
    submitted: counts[`${stage}:submitted`] ?? 0,
    returned: counts[`${stage}:returned`] ?? 0,
    accepted: counts[`${stage}:accepted`] ?? 0,
    overdue: counts[`${stage}:overdue`] ?? 0,
  }));

  // The listed items carry their progress, so their due dates come from the same rules as the reminders.
  const owedItems = (projects: readonly ItemProject[], kind: 'overdue' | 'returned'): OwedItemView[] =>
    projects.flatMap((project) =>
      owedOn(project, batchOf, context)
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
  const overdueItems = overdue
    .flatMap((item, index) => owedItems(overdueProjects[index] ?? [], 'overdue').filter((owed) => owed.stage === item.stage))
    .sort((a, b) => b.workingDaysLate - a.workingDaysLate)
    .slice(0, listedItems);
  const returnedItems = owedItems(returnedProjects, 'returned').slice(0, listedItems);
  // Positions looked up once: converting every batch id to a string inside the sort's
  // comparator cost more than the aggregation with hundreds of batches.
  const batchOrder = new Map(batches.map((batch, index) => [batch._id.toString(), index]));

  return {
    today: context.today,
    classifiedAmounts,
    options: {
      batches: batches.map((batch) => ({ id: batch._id.toString(), docNo: batch.docNo, title: batch.title, year: batch.year })),
      units: allUnits.map((unit) => ({ id: unit._id.toString(), name: unit.name })),
    },
    totals: { ...fundsOf(totals), classified: totals?.classified ?? 0 },
    stages: stageCounts,
    byBatch: byBatch
      .map((sums) => ({ batchId: sums._id!.toString(), docNo: docNoOf(sums._id!), ...fundsOf(sums) }))
      .sort((a, b) => (batchOrder.get(a.batchId) ?? 0) - (batchOrder.get(b.batchId) ?? 0)),
    byUnit: byUnit.map((sums) => ({ unitId: sums._id!.toString(), unit: unitName.get(sums._id!.toString()) ?? '未知单位', ...fundsOf(sums) })),
    confirmations: confirmationsOf(batchUnits, confirmationData, docNoOf, unitName),
    overdue: { count: stageCounts.reduce((sum, stage) => sum + stage.overdue, 0), items: overdueItems },
    returned: { count: stages.reduce((sum, stage) => sum + (counts[`${stage}:owedReturned`] ?? 0), 0), items: returnedItems },
  };
}

