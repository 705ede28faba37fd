import { fileReceiver } from '../upload.ts';

/** Largest notice file taken for import. A notice of a few hundred projects is far below it. */
export const noticeFileBytes = 5 * 1024 * 1024;

/** Reads one notice file (.txt, .tsv or .xlsx) for import. */
export const receiveNoticeFile = fileReceiver({
  maxBytes: noticeFileBytes,
  maxFields: 6,
  tooLargeMessage: `文件超过 ${noticeFileBytes / 1024 / 1024} MB，不像是项目计划通知或项目表，请检查选择的文件`,
  missingMessage: '请选择要导入的通知文件（.txt、.tsv 或 .xlsx）',
});
