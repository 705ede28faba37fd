import { limits } from '../../reports/stages.ts';
import { fileReceiver } from '../upload.ts';

/** Reads one evidence file of at most `limits.evidenceFileBytes`. */
export const receiveEvidenceFile = fileReceiver({
  maxBytes: limits.evidenceFileBytes,
  maxFields: 4,
  tooLargeMessage: `文件超过 ${limits.evidenceFileBytes / 1024 / 1024} MB`,
  missingMessage: '请选择要上传的文件',
});
