// Shapes of the JSON bodies of the import routes, for the bureau's console.
import type { ReimportChanges, SaveResult } from '../../importer/save.ts';
import type { ParsedNotice } from '../../importer/types.ts';
import type { BatchRecord } from '../../models/batch.ts';

/**
 * Preview of an uploaded notice's import, with the stored batch of the same 文号 if there is one
 * and the rows that importing the file would change in it.
 */
export interface ImportPreviewResponse {
  /** The uploaded file's name as sent. */
  fileName: string;
  notice: ParsedNotice;
  existingBatch: ({ id: string; status: BatchRecord['status'] } & ReimportChanges) | null;
}

/** The saved batch, and the findings of the checks on its table. */
export interface ImportResponse extends SaveResult {
  docNo: string;
  findings: ParsedNotice['findings'];
}
