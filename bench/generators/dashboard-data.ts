// Generates the bureau's data at scale for the dashboard benchmark: units with one contact each,
// batches of 50 projects, and about 20 reports per project over the six stages. Each project's
// progress summary is computed as the submit service computes it. Writes go straight to
// the collections in chunks, because the services would take hours for millions of reports.
import { Types } from 'mongoose';
import { Batch } from '../../server/models/batch.ts';
import { Contact } from '../../server/models/contact.ts';
import { Project } from '../../server/models/project.ts';
import { Report, type ReportState } from '../../server/models/report.ts';
import { Unit } from '../../server/models/unit.ts';
import { summarizeProgress, type ProgressReport } from '../../server/reports/progress.ts';
import { stages } from '../../server/reports/stage-names.ts';
import { validFields } from '../../test/helpers/reports.ts';

const unitCount = 200;
const projectsPerBatch = 50;
/** Projects written per insertMany round, with their reports. */
const chunkProjects = 1000;
const natures = ['new', 'upgrade', 'continuing'] as const;
const dayMs = 86_400_000;

/** A small deterministic generator, so that every run writes the same data. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

interface Roster {
  units: Types.ObjectId[];
  contacts: Array<{ contactId: Types.ObjectId; userId: string; name: string; unitId: Types.ObjectId }>;
}

export class DashboardData {
  private roster: Roster | undefined;
  private projectCount = 0;
  private readonly random = seededRandom(20221);

  constructor(private readonly reportsPerProject: number) {}

  get projects(): number {
    return this.projectCount;
  }

  private async ensureRoster(): Promise<Roster> {
    if (this.roster !== undefined) return this.roster;
    const now = new Date();
    const units = Array.from({ length: unitCount }, (_, index) => ({ _id: new Types.ObjectId(), name: `基准单位${String(index + 1).padStart(3, '0')}`, aliases: [], createdAt: now, updatedAt: now }));
    await Unit.collection.insertMany(units);
    const contacts = units.map((unit, index) => ({
      _id: new Types.ObjectId(),
      userId: `bench-u${String(index + 1).padStart(3, '0')}`,
      name: `联系人${index + 1}`,
      mobile: '',
      title: '信息化联络员',
      role: 'contact',
      unitIds: [unit._id],
      leaderOfUnitIds: [],
      active: true,
      createdAt: now,
      updatedAt: now,
    }));
    await Contact.collection.insertMany(contacts);
    this.roster = {
      units: units.map((unit) => unit._id),
      contacts: contacts.map((contact, index) => ({ contactId: contact._id, userId: contact.userId, name: contact.name, unitId: units[index]!._id })),
    };
    return this.roster;
  }

  /** Adds projects (with their batches and reports) until there are `total` generated projects. */
  async growTo(total: number): Promise<void> {
    const roster = await this.ensureRoster();
    while (this.projectCount < total) {
      const count = Math.min(chunkProjects, total - this.projectCount);
      await this.writeChunk(roster, this.projectCount, count);
      this.projectCount += count;
    }
  }

  private async writeChunk(roster: Roster, first: number, count: number): Promise<void> {
    const now = new Date();
    const batches = [];
    const projects = [];
    const reports = [];
    let batchId = new Types.ObjectId();
    for (let index = first; index < first + count; index += 1) {
      const seq = (index % projectsPerBatch) + 1;
      if (seq === 1 || index === first) {
        batchId = new Types.ObjectId();
        if (seq !== 1) throw new Error('chunks must start at a batch boundary');
        const number = index / projectsPerBatch + 1;
        batches.push({
          _id: batchId,
          docNo: `基准发〔2030〕${number}号`,
          title: `基准批次 ${number}`,
          issuedAt: '2030-01-15',
          year: 2030,
          issuers: ['舟山市大数据发展管理局'],
          status: 'published',
          publishedAt: now,
          findings: [],
          importedAt: now,
          createdAt: now,
          updatedAt: now,
        });
      }
      const contact = roster.contacts[index % roster.contacts.length]!;
      const projectId = new Types.ObjectId();
      const total = 500_000 + Math.floor(this.random() * 500) * 1_000_000;
      const projectReports = this.reportsFor(projectId, batchId, contact, index);
      reports.push(...projectReports);
      projects.push({
        _id: projectId,
        batchId,
        seq,
        unitIds: [contact.unitId],
        name: `基准项目 ${index + 1}`,
        scope: '生成的建设内容',
        nature: natures[index % natures.length],
        period: { startYear: 2030, endYear: 2031 },
        classified: index % 40 === 0,
        investment: { total, special: total, other: 0 },
        yearInvestment: { year: 2030, total: total / 2, special: total / 2, other: 0 },
        progress: summarizeProgress(projectReports as ProgressReport[]),
        createdAt: now,
        updatedAt: now,
      });
    }
    await Batch.collection.insertMany(batches, { ordered: false });
    await Project.collection.insertMany(projects, { ordered: false });
    for (let start = 0; start < reports.length; start += 10_000) {
      await Report.collection.insertMany(reports.slice(start, start + 10_000), { ordered: false });
    }
  }

  /** Picks a state: the latest report of a stage may still wait for review, earlier ones were reviewed. */
  private stateOf(isLatestOfStage: boolean): ReportState {
    const roll = this.random();
    if (!isLatestOfStage) return roll < 0.6 ? 'accepted' : 'returned';
    if (roll < 0.5) return 'accepted';
    if (roll < 0.85) return 'submitted';
    return 'returned';
  }

  /** About `reportsPerProject` reports over the six stages; earlier ones of a stage were returned or accepted. */
  private reportsFor(projectId: Types.ObjectId, batchId: Types.ObjectId, contact: Roster['contacts'][number], index: number) {
    const count = Math.max(1, Math.round(this.reportsPerProject * (0.75 + this.random() * 0.5)));
    const start = Date.UTC(2030, 1, 1) + (index % 300) * dayMs;
    return Array.from({ length: count }, (_, n) => {
      const stage = stages[n % stages.length]!;
      const isLatestOfStage = n + stages.length >= count;
      const state = this.stateOf(isLatestOfStage);
      const submittedAt = new Date(start + n * dayMs);
      return {
        _id: new Types.ObjectId(),
        projectId,
        batchId,
        stage,
        authorContactId: contact.contactId,
        authorUnitIds: [contact.unitId],
        idempotencyKey: `bench-${index}-${n}`,
        state,
        version: 1,
        fields: validFields[stage],
        common: { paidToDate: 1_000_000 * n, progressPercent: Math.min(100, n * 5), risks: '', note: '' },
        evidenceFileIds: [],
        submittedBy: { contactId: contact.contactId, userId: contact.userId, name: contact.name },
        submittedAt,
        review: state === 'submitted' ? null : { decision: state === 'accepted' ? 'accept' : 'return', reason: state === 'returned' ? '材料不全' : '', byUserId: 'jdt-admin-01', byName: '方思齐', at: submittedAt },
        createdAt: submittedAt,
        updatedAt: submittedAt,
      };
    });
  }
}
