// Reports for every project of the published seed batch, sent through the API as the owner
// units' contacts would send them, so the dashboard and the export have progress to show.
import { randomUUID } from 'node:crypto';
import { Contact } from '../../server/models/contact.ts';
import { Project } from '../../server/models/project.ts';
import type { ReportView } from '../../server/presenters/responses.ts';
import { classifiedAllowedFields, stages, type Stage } from '../../server/reports/stages.ts';
import { ApiSession } from './product.ts';
import { roster, validFields } from './reports.ts';

/** What the generator sent for one project, to compute expected figures from. */
export interface GeneratedProject {
  id: string;
  seq: number;
  /** Stages reported, in order; the last one may have been returned. */
  stages: Stage[];
  /** State of the last reported stage after review. */
  lastState: 'submitted' | 'accepted' | 'returned';
  /** 合同金额 of the contract filing, in 分; null when none was sent. */
  contractAmount: number | null;
  /** 已支付 of each report, in stage order, in 分. */
  paid: number[];
}

/**
 * Reports `seq % 7` stages of each project in stage order: every third project has them all
 * accepted, every fifth has its last report returned, and the rest wait for review. Amounts
 * follow the project's plan: the contract is 90% of the total investment, and payments grow by a
 * fifth of the year investment (or of the contract, when smaller) per stage after it.
 */
export async function generateReports(baseUrl: string): Promise<GeneratedProject[]> {
  const admin = await new ApiSession(baseUrl).signInAs(roster.admin);
  const sessions = new Map<string, ApiSession>();
  const sessionOf = async (userId: string) => {
    let session = sessions.get(userId);
    if (session === undefined) {
      session = await new ApiSession(baseUrl).signInAs(userId);
      sessions.set(userId, session);
    }
    return session;
  };

  const generated: GeneratedProject[] = [];
  const projects = await Project.find().sort({ seq: 1 }).lean();
  for (const project of projects) {
    const reported = stages.slice(0, project.seq % 7);
    const contact = await Contact.findOne({ role: 'contact', active: true, unitIds: project.unitIds[0] }).sort({ userId: 1 }).lean();
    if (contact === null) throw new Error(`no contact for project ${project.seq}`);
    const session = await sessionOf(contact.userId);

    const contract = Math.floor((project.investment.total * 0.9) / 100) * 100;
    let lastState: GeneratedProject['lastState'] = 'submitted';
    const paid: number[] = [];
    for (const [index, stage] of reported.entries()) {
      const afterContract = index >= 1;
      const paidToDate = afterContract ? Math.floor((Math.min(contract, project.yearInvestment.total) * Math.min(1, index / 5)) / 100) * 100 : 0;
      const allFields: Record<string, unknown> = { ...validFields[stage] };
      if (stage === 'procurement') allFields.winningAmount = contract;
      if (stage === 'contractFiling') allFields.amount = contract;
      const fields = project.classified
        ? Object.fromEntries(Object.entries(allFields).filter(([key]) => (classifiedAllowedFields[stage] as readonly string[]).includes(key)))
        : allFields;
      const body = {
        idempotencyKey: randomUUID(),
        stage,
        fields,
        common: { paidToDate, progressPercent: Math.round(((index + 1) / 6) * 100), risks: '', note: '' },
        evidence: [],
      };
      const response = await session.post<ReportView>(`/api/projects/${project._id.toString()}/reports`, body);
      if (response.status !== 201) throw new Error(`project ${project.seq} ${stage}: ${response.status} ${JSON.stringify(response.body)}`);
      const report = response.body;
      paid.push(paidToDate);

      const isLast = index === reported.length - 1;
      let decision: 'accept' | 'return' | null = project.seq % 3 === 0 ? 'accept' : null;
      if (isLast && project.seq % 5 === 0) decision = 'return';
      if (decision !== null) {
        const review = await admin.post(`/api/reports/${report.id}/review`, { decision, reason: decision === 'return' ? '请补充合同扫描件' : '', version: report.version });
        if (review.status !== 200) throw new Error(`review failed: ${review.status} ${JSON.stringify(review.body)}`);
      }
      if (isLast && decision === 'accept') lastState = 'accepted';
      if (isLast && decision === 'return') lastState = 'returned';
    }
    generated.push({
      id: project._id.toString(),
      seq: project.seq,
      stages: reported,
      lastState,
      contractAmount: reported.includes('contractFiling') ? contract : null,
      paid,
    });
  }
  return generated;
}

/** The contract amount the dashboard should count for a project: none when its filing was returned. */
export function countedContract(project: GeneratedProject): number {
  const returnedContract = project.lastState === 'returned' && project.stages.at(-1) === 'contractFiling';
  return returnedContract ? 0 : (project.contractAmount ?? 0);
}

/** The payment the dashboard should count for a project: the largest of its reports not returned. */
export function countedPaid(project: GeneratedProject): number {
  const kept = project.lastState === 'returned' ? project.paid.slice(0, -1) : project.paid;
  return kept.length === 0 ? 0 : Math.max(...kept);
}
