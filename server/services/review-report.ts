import { refreshProjectProgress } from '../reports/progress.ts';
import mongoose, { type Types } from 'mongoose';
import { reportReviewedCard } from '../../bot/messages/report-reviewed.ts';
import { conflict, notFound } from '../errors.ts';
import { OutboxMessage } from '../models/outbox-message.ts';
import { Project } from '../models/project.ts';
import { Report } from '../models/report.ts';
import { ReportVersion } from '../models/report-version.ts';
import { recordAudit, type Actor } from './audit.ts';

export interface ReviewReportProps {
  reportId: Types.ObjectId;
  decision: 'accept' | 'return';
  /** Required to return; may be empty to accept. The route's schema enforces it. */
  reason: string;
  /** The version the reviewer read. */
  version: number;
  actor: Actor;
  /** Builds the absolute URL of a micro-app page, e.g. appUrl('/projects/…'). */
  appUrl: (path: string) => string;
}

/**
 * Records the bureau's decision on the current version of a submitted report and, in the same
 * transaction, queues a work notification to the person who submitted that version.
 */
export async function reviewReport({ reportId, decision, reason, version, actor, appUrl }: ReviewReportProps): Promise<void> {
  await mongoose.connection.transaction(async (session) => {
    const report = await Report.findById(reportId).session(session);
    if (report === null) throw notFound('找不到该报送');
    if (report.state === 'accepted') throw conflict('该报送已审核通过，无需再次审核');
    if (report.state === 'returned') throw conflict('该报送已退回，请等待建设单位重新报送');
    if (report.version !== version) throw conflict(`建设单位已修改该报送（现为第 ${report.version} 版），请查看新版本后再审核`);
    const project = await Project.findById(report.projectId).session(session).lean();
    if (project === null) throw notFound('找不到该报送的项目');

    const at = new Date();
    const review = { decision, reason, byUserId: actor.userId, byName: actor.name, at };
    const state = decision === 'accept' ? 'accepted' : 'returned';
    report.set({ state, review });
    await report.save({ session });
    await ReportVersion.updateOne({ reportId, version: report.version }, { $set: { review } }, { session });
    await refreshProjectProgress(report.projectId, session);

    const card = reportReviewedCard(
      {
        projectSeq: project.seq,
        projectName: project.name,
        stage: report.stage,
        version: report.version,
        decision,
        reason,
        reviewerName: actor.name,
      },
      appUrl(`/projects/${project._id.toString()}`),
    );
    await OutboxMessage.create(
      [
        {
          // One decision per version, so a second review of the same version cannot queue another card.
          dedupeKey: `report-reviewed:${report.id}:v${report.version}`,
          kind: 'work-notification',
          batchId: report.batchId,
          userIds: [report.submittedBy.userId],
          body: card,
        },
      ],
      { session },
    );
    await recordAudit(
      session,
      actor,
      {
        action: decision === 'accept' ? 'report.accept' : 'report.return',
        targetKind: 'Report',
        targetId: report.id,
        projectId: report.projectId,
        before: { state: 'submitted', version: report.version },
        after: { state, version: report.version, reason },
      },
      at,
    );
  });
}
