import { once } from 'node:events';
import mongoose, { type Types } from 'mongoose';
import type { Viewer } from '../auth/viewer.ts';
import { badRequest, HttpError, unprocessable } from '../errors.ts';
import { logger } from '../log.ts';
import { EvidenceFile, evidenceBucket } from '../models/evidence-file.ts';
import { loadEvidenceChecklist } from '../reports/checklist.ts';
import { detectEvidenceType } from '../reports/evidence-types.ts';
import { recordAudit, type Actor } from './audit.ts';

const log = logger('db');

export const classifiedUploadRefusal = '涉密项目不上传附件：附件可能泄露建设内容，请按保密规定线下报送材料';

export interface StoreEvidenceFileProps {
  project: { _id: Types.ObjectId; classified: boolean };
  viewer: Viewer;
  actor: Actor;
  /** The file name as the uploader's device sent it. */
  name: string;
  bytes: Buffer;
  /** Checklist item the file proves; empty for none. */
  item: string;
}

/**
 * Stores an evidence file of a project in GridFS, with its type detected from the bytes, and
 * records the upload in the audit trail.
 */
export async function storeEvidenceFile({ project, viewer, actor, name, bytes, item }: StoreEvidenceFileProps) {
  if (project.classified) throw unprocessable(classifiedUploadRefusal, 'file');
  const contentType = await detectEvidenceType(bytes, name);
  if (contentType === undefined) {
    throw new HttpError(415, 'unsupported_type', '不支持该文件类型，请上传照片（JPEG、PNG、WebP、HEIC）、PDF、Word 或 Excel 文件', 'file');
  }
  if (item !== '') {
    const checklist = await loadEvidenceChecklist();
    if (!Object.values(checklist).some((items) => items.includes(item))) {
      throw badRequest(`“${item}”不在佐证材料清单中，请重新选择材料类别`, 'item');
    }
  }

  // NOTE: the driver's GridFS upload stream takes no session, so the file is written before
  // the audit transaction and removed again if that transaction fails.
  const upload = evidenceBucket().openUploadStream(name, {
    metadata: {
      projectId: project._id,
      uploaderContactId: viewer.contactId,
      uploaderUserId: viewer.userId,
      originalName: name,
      contentType,
      size: bytes.length,
      item,
    },
  });
  upload.end(bytes);
  await once(upload, 'finish');
  const fileId = upload.id;

  try {
    await mongoose.connection.transaction(async (session) => {
      await recordAudit(session, actor, {
        action: 'file.upload',
        targetKind: 'EvidenceFile',
        targetId: fileId.toString(),
        projectId: project._id,
        after: { projectId: project._id.toString(), name, contentType, size: bytes.length, item },
      });
    });
  } catch (error) {
    await evidenceBucket()
      .delete(fileId)
      .catch((deleteError: unknown) => log.error({ err: deleteError, fileId: fileId.toString() }, 'unaudited evidence file not removed'));
    throw error;
  }

  const file = await EvidenceFile.findById(fileId).lean();
  if (file === null) throw new Error(`evidence file ${fileId.toString()} missing right after upload`);
  return file;
}
