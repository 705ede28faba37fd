import { extname } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';

/** Types file-type detects that evidence may have: photos, scans and the usual office files. */
const acceptedExtensions = new Set(['jpg', 'png', 'webp', 'heic', 'pdf', 'docx', 'xlsx']);

/**
 * Legacy Word and Excel files are both OLE compound files, which file-type reports as 'cfb'
 * without telling them apart, so for those bytes alone the name's extension decides.
 */
const compoundFileTypes: Record<string, string> = {
  '.doc': 'application/msword',
  '.xls': 'application/vnd.ms-excel',
};

/** Returns the MIME type of an evidence file detected from its bytes, or undefined when it is not accepted. */
export async function detectEvidenceType(bytes: Uint8Array, name: string): Promise<string | undefined> {
  const detected = await fileTypeFromBuffer(bytes);
  if (detected === undefined) return undefined;
  if (detected.ext === 'cfb') return compoundFileTypes[extname(name).toLowerCase()];
  return acceptedExtensions.has(detected.ext) ? detected.mime : undefined;
}
