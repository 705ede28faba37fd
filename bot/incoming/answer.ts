import { Batch } from '../../server/models/batch.ts';
import { Confirmation } from '../../server/models/confirmation.ts';
import { Contact } from '../../server/models/contact.ts';
import { Project } from '../../server/models/project.ts';
import { confirmationStatus } from '../../server/queries/confirmation-status.ts';
import { confirmBatch } from '../../server/services/confirm-batch.ts';
import type { Viewer } from '../../server/auth/viewer.ts';
import { helpText } from '../messages/robot-replies.ts';
import type { Command } from './robot-message.ts';

/** Published batches holding projects of the viewer's units that the viewer has not confirmed. */
async function unconfirmedBatches(viewer: Viewer) {
  const batchIds = await Project.distinct('batchId', { unitIds: { $in: viewer.unitIds } });
  const confirmed = await Confirmation.distinct('batchId', { contactId: viewer.contactId });
  return Batch.find({ _id: { $in: batchIds, $nin: confirmed }, status: 'published' }).sort({ publishedAt: -1 }).lean();
}

async function confirmLatest(viewer: Viewer): Promise<string> {
  const [latest] = await unconfirmedBatches(viewer);
  if (latest === undefined) return '您没有待确认的项目计划。';
  const result = await confirmBatch({
    batchId: latest._id,
    viewer,
    actor: { userId: viewer.userId, name: viewer.name, address: '钉钉机器人' },
    channel: 'bot',
  });
  return result.alreadyConfirmed ? `您已确认过 ${latest.docNo}。` : `已为您确认收到 ${latest.docNo}，请按通知要求报送项目实施情况。`;
}

async function todo(viewer: Viewer): Promise<string> {
  const pending = await unconfirmedBatches(viewer);
  if (pending.length === 0) return '您目前没有待确认的项目计划。';
  return ['您还需要确认收到：', ...pending.map((batch, index) => `${index + 1}. ${batch.docNo}`), '回复“确认”即可确认最新一批。'].join('\n');
}

async function progress(viewer: Viewer, query: string): Promise<string> {
  const batches = await Batch.find({ status: 'published' }).sort({ publishedAt: -1 }).limit(3).lean();
  if (batches.length === 0) return '还没有已发布的项目计划。';
  const lines: string[] = [];

  for (const batch of batches) {
    const status = await confirmationStatus(batch._id);
    const ownUnitKeys = new Set(viewer.unitIds.map(String));
    const visible = viewer.role === 'contact' ? status.units.filter((unit) => ownUnitKeys.has(unit.unitId)) : status.units;
    const matched = query === '' ? visible : visible.filter((unit) => unit.unit.includes(query) || query.includes(unit.unit));

    if (query === '' && viewer.role !== 'contact') {
      const { totals } = status;
      lines.push(`${batch.docNo}：已确认 ${totals.unitsConfirmed}/${totals.units} 个单位，${totals.contactsConfirmed}/${totals.contacts} 位联系人`);
      continue;
    }
    if (matched.length === 0) {
      const projects = await Project.find({ batchId: batch._id, name: { $regex: escapeRegex(query) }, ...(viewer.role === 'contact' ? { unitIds: { $in: viewer.unitIds } } : {}) }).limit(3).lean();
      for (const project of projects) {
        const units = status.units.filter((unit) => project.unitIds.some((id) => id.toString() === unit.unitId));
        lines.push(`${batch.docNo} 第 ${project.seq} 项 ${project.name}：${units.map((unit) => `${unit.unit}${unit.confirmed ? '已确认' : '未确认'}`).join('，')}`);
      }
      continue;
    }
    for (const unit of matched.slice(0, 10)) {
      const who = unit.contacts.map((contact) => `${contact.name}${contact.confirmedAt === null ? '未确认' : '已确认'}`).join('、');
      lines.push(`${batch.docNo} ${unit.unit}（${unit.projectCount} 个项目）：${who || '无联系人'}`);
    }
  }
  return lines.length === 0 ? `没有找到与“${query}”有关的单位或项目。` : lines.join('\n');
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Carries out a robot command for the sender and returns the Chinese reply. */
export async function answerCommand(senderStaffId: string, command: Command): Promise<string> {
  if (command.name === '帮助') return helpText;
  const contact = senderStaffId === '' ? null : await Contact.findOne({ userId: senderStaffId, active: true }).lean();
  if (contact === null) return '您不在进度通的联系人名单中，请联系市大数据局项目管理处。';
  const viewer: Viewer = { contactId: contact._id, userId: contact.userId, name: contact.name, role: contact.role, unitIds: contact.unitIds };

  switch (command.name) {
    case '确认':
      return viewer.role === 'contact' ? confirmLatest(viewer) : '只有建设单位联系人需要确认收到。';
    case '待办':
      return todo(viewer);
    case '进度':
      return progress(viewer, command.query);
    case '未知':
      return `没有“${command.text}”这个指令。\n${helpText}`;
  }
}

