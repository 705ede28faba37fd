import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button, ProgressBar, Tag, Toast } from 'antd-mobile';
import { limits } from '../../../../server/reports/stages.ts';
import { formatFileSize } from '../../common/format.ts';
import type { DraftFile, SendProgress } from '../../drafts/store.ts';

// The types the server accepts, decided there from the bytes: images, PDF, Word and Excel.
const acceptedTypes = [
  'image/*',
  '.heic',
  'application/pdf',
  '.pdf',
  'application/msword',
  '.doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.docx',
  'application/vnd.ms-excel',
  '.xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.xlsx',
].join(',');

const acceptedExtensions = /\.(jpe?g|png|webp|heic|heif|pdf|docx?|xlsx?)$/i;

/** Checks a picked file before it goes into the draft; returns the reason to reject it, if any. */
function rejectionOf(file: File): string | null {
  if (file.size > limits.evidenceFileBytes) return `“${file.name}”超过 20 MB，请压缩或拆分后再上传`;
  if (file.size === 0) return `“${file.name}”是空文件`;
  if (!file.type.startsWith('image/') && !acceptedExtensions.test(file.name)) {
    return `“${file.name}”不是图片、PDF、Word 或 Excel 文件`;
  }
  return null;
}

/** Lists the checklist items without a file. */
export const missingItems = (checklist: string[], files: DraftFile[]): string[] =>
  checklist.filter((item) => !files.some((file) => file.item === item));

const extensionOf = (name: string): string => /\.([a-z0-9]{1,5})$/i.exec(name)?.[1]?.toUpperCase() ?? '文件';

function Thumbnail({ file }: { file: DraftFile }): ReactNode {
  const [url, setUrl] = useState<string | null>(null);
  const isImage = file.type.startsWith('image/');

  useEffect(() => {
    if (!isImage || file.blob === null) return;
    const objectUrl = URL.createObjectURL(file.blob);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [file.blob, isImage]);

  // Evidence taken over from a returned report has no local copy; the server serves a preview.
  const source = url ?? (isImage && file.fileId !== null ? `/api/files/${encodeURIComponent(file.fileId)}?preview=1` : null);
  if (source !== null) return <img className="jdt-evidence-file__thumb" src={source} alt={file.name} />;
  return (
    <span className="jdt-evidence-file__thumb jdt-evidence-file__thumb--doc" aria-hidden="true">
      {extensionOf(file.name)}
    </span>
  );
}

interface FileRowProps {
  file: DraftFile;
  progress: SendProgress | undefined;
  error: string | undefined;
  disabled: boolean;
  onRemove: () => void;
}

function FileRow({ file, progress, error, disabled, onRemove }: FileRowProps): ReactNode {
  const uploading = progress?.fileLocalId === file.localId;
  const percent = uploading && progress.totalBytes > 0 ? Math.min(100, Math.round((progress.sentBytes / progress.totalBytes) * 100)) : 0;
  let state: ReactNode;
  if (uploading) state = `正在上传 ${percent}%`;
  else if (file.fileId !== null) state = '已上传';
  else state = '提交时上传';

  return (
    <li className="jdt-evidence-file" data-testid="evidence-file">
      <Thumbnail file={file} />
      <div className="jdt-evidence-file__main">
        <div className="jdt-evidence-file__name">{file.name}</div>
        <div className="jdt-evidence-file__meta">
          {formatFileSize(file.size)} · {state}
        </div>
        {uploading && <ProgressBar percent={percent} />}
        {error !== undefined && <div className="jdt-field__error">{error}</div>}
      </div>
      {!disabled && (
        <button type="button" className="jdt-evidence-file__remove" onClick={onRemove} aria-label={`删除 ${file.name}`}>
          删除
        </button>
      )}
    </li>
  );
}

interface ItemProps {
  /** The checklist item, or null for other material. */
  item: string | null;
  files: DraftFile[];
  progress: SendProgress | undefined;
  fileError: { localId: string; message: string } | null;
  disabled: boolean;
  onAdd: (files: File[], item: string | null) => void;
  onRemove: (localId: string) => void;
}

function EvidenceItem({ item, files, progress, fileError, disabled, onAdd, onRemove }: ItemProps): ReactNode {
  const cameraInput = useRef<HTMLInputElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const title = item ?? '其他材料';

  const picked = (input: HTMLInputElement): void => {
    const chosen = [...(input.files ?? [])];
    // Clearing lets the same file be picked again after it was removed.
    input.value = '';
    if (chosen.length > 0) onAdd(chosen, item);
  };

  return (
    <section className="jdt-evidence-item" data-testid={`evidence-${title}`} aria-label={title}>
      <div className="jdt-evidence-item__head">
        <span className="jdt-evidence-item__title">{title}</span>
        {item !== null &&
          (files.length > 0 ? (
            <Tag color="success" fill="outline">
              已添加
            </Tag>
          ) : (
            <Tag color="warning" fill="outline">
              缺
            </Tag>
          ))}
      </div>
      {files.length > 0 && (
        <ul className="jdt-evidence-item__files">
          {files.map((file) => (
            <FileRow
              key={file.localId}
              file={file}
              progress={progress}
              error={fileError?.localId === file.localId ? fileError.message : undefined}
              disabled={disabled}
              onRemove={() => onRemove(file.localId)}
            />
          ))}
        </ul>
      )}
      {!disabled && (
        <div className="jdt-evidence-item__actions">
          <Button size="small" fill="outline" color="primary" onClick={() => cameraInput.current?.click()}>
            拍照
          </Button>
          <Button size="small" fill="outline" onClick={() => fileInput.current?.click()}>
            选择文件
          </Button>
          {/* capture opens the camera directly on a phone; the other input offers the album and files. */}
          <input ref={cameraInput} type="file" accept="image/*" capture="environment" hidden onChange={(event) => picked(event.currentTarget)} />
          <input ref={fileInput} type="file" accept={acceptedTypes} multiple hidden onChange={(event) => picked(event.currentTarget)} />
        </div>
      )}
    </section>
  );
}

interface EvidenceSectionProps {
  checklist: string[];
  files: DraftFile[];
  progress: SendProgress | undefined;
  fileError: { localId: string; message: string } | null;
  disabled: boolean;
  onAdd: (files: File[], item: string | null) => void;
  onRemove: (localId: string) => void;
}

/** Lists the stage's evidence checklist with the files picked for each item and what is still missing. */
export function EvidenceSection({ checklist, files, onAdd, ...rest }: EvidenceSectionProps): ReactNode {
  const missing = missingItems(checklist, files);
  const add = (picked: File[], item: string | null): void => {
    const accepted: File[] = [];
    for (const file of picked) {
      const reason = rejectionOf(file);
      if (reason === null) accepted.push(file);
      else Toast.show({ content: reason, duration: 3000 });
    }
    const room = limits.evidencePerReport - files.length;
    if (accepted.length > room) {
      Toast.show({ content: `每份报告最多附 ${limits.evidencePerReport} 个文件`, duration: 3000 });
      accepted.splice(Math.max(room, 0));
    }
    if (accepted.length > 0) onAdd(accepted, item);
  };
  // Files of items the bureau has since removed from the checklist stay visible under their own name.
  const otherItems = [...new Set(files.map((file) => file.item).filter((item): item is string => item !== null && !checklist.includes(item)))];

  return (
    <div className="jdt-evidence">
      <p className={missing.length === 0 ? 'jdt-evidence__summary jdt-evidence__summary--done' : 'jdt-evidence__summary'} role="status">
        {missing.length === 0 ? '清单中的材料已齐全' : `还缺 ${missing.length} 项材料：${missing.join('、')}`}
      </p>
      {[...checklist, ...otherItems, null].map((item) => (
        <EvidenceItem
          key={item ?? ''}
          item={item}
          files={files.filter((file) => file.item === item)}
          onAdd={add}
          {...rest}
        />
      ))}
      <p className="jdt-evidence__note">可拍照或上传图片、PDF、Word、Excel，单个文件不超过 20 MB。没有网络时文件先存在手机上，联网后随报告一起上传。</p>
    </div>
  );
}
