import { useState, type ReactNode } from 'react';
import { Card, ImageViewer, Tag } from 'antd-mobile';
import { fileDownloadUrl, filePreviewUrl, type EvidenceFile } from '../../api/index.ts';
import { formatFileSize } from '../../common/format.ts';

const extensionOf = (name: string): string => /\.([a-z0-9]{1,5})$/i.exec(name)?.[1]?.toUpperCase() ?? '文件';

/** Shows an image's preview, which opens full screen on a tap, or the file's extension for documents. */
function Thumbnail({ file }: { file: EvidenceFile }): ReactNode {
  // The browser may fail to draw some images, such as HEIC photos, which then show their extension.
  const [broken, setBroken] = useState(false);
  if (file.contentType.startsWith('image/') && !broken) {
    const url = filePreviewUrl(file.id);
    return (
      <button type="button" className="jdt-review-file__thumb-button" onClick={() => ImageViewer.show({ image: url })} aria-label={`查看大图 ${file.name}`}>
        <img className="jdt-review-file__thumb" src={url} alt={file.name} loading="lazy" onError={() => setBroken(true)} />
      </button>
    );
  }
  return (
    <span className="jdt-review-file__thumb jdt-review-file__thumb--doc" aria-hidden="true">
      {extensionOf(file.name)}
    </span>
  );
}

function FileRow({ file }: { file: EvidenceFile }): ReactNode {
  return (
    <li className="jdt-review-file" data-testid="review-file">
      <Thumbnail file={file} />
      <div className="jdt-review-file__main">
        <div className="jdt-review-file__name">{file.name}</div>
        <div className="jdt-review-file__meta">{formatFileSize(file.size)}</div>
      </div>
      {/* The server sends the original name in Content-Disposition. `download` carries it too, in case a WebView ignores that header. */}
      <a className="jdt-review-file__download" href={fileDownloadUrl(file.id)} download={file.name} aria-label={`下载 ${file.name}`}>
        下载
      </a>
    </li>
  );
}

function ChecklistItem({ item, files, missing }: { item: string; files: EvidenceFile[]; missing: boolean }): ReactNode {
  return (
    <section className={missing ? 'jdt-review-item jdt-review-item--missing' : 'jdt-review-item'} data-testid={`checklist-${item}`} aria-label={item}>
      <div className="jdt-review-item__head">
        <span className="jdt-review-item__title">{item}</span>
        {missing ? (
          <Tag color="danger" fill="solid">
            缺少
          </Tag>
        ) : (
          <Tag color="success" fill="outline">
            已提供
          </Tag>
        )}
      </div>
      {files.length > 0 && (
        <ul className="jdt-review-item__files">
          {files.map((file) => (
            <FileRow key={file.id} file={file} />
          ))}
        </ul>
      )}
    </section>
  );
}

interface EvidenceListProps {
  evidence: EvidenceFile[];
  /** The stage's checklist as the bureau has set it now. */
  checklist: string[];
  /** Checklist items no file proves, as the server computed them. */
  missing: string[];
  classified: boolean;
}

/** Lists the report's evidence under the checklist items they prove, with the missing items marked, and then the other files. */
export function EvidenceList({ evidence, checklist, missing, classified }: EvidenceListProps): ReactNode {
  if (classified) {
    return (
      <Card className="jdt-review-card" title="证明材料">
        <p className="jdt-review-note">涉密项目不上传文件，只报送日期、金额和状态。</p>
      </Card>
    );
  }

  const others = evidence.filter((file) => file.item === null || !checklist.includes(file.item));
  return (
    <Card className="jdt-review-card" title="证明材料">
      {missing.length > 0 ? (
        <p className="jdt-review-evidence__summary jdt-review-evidence__summary--missing" data-testid="missing-summary">
          清单 {checklist.length} 项，缺 {missing.length} 项：{missing.join('、')}
        </p>
      ) : (
        checklist.length > 0 && <p className="jdt-review-evidence__summary">清单中的 {checklist.length} 项材料已齐全</p>
      )}
      {checklist.map((item) => (
        <ChecklistItem key={item} item={item} files={evidence.filter((file) => file.item === item)} missing={missing.includes(item)} />
      ))}
      {others.length > 0 && (
        <section className="jdt-review-item" aria-label="其他材料">
          <div className="jdt-review-item__head">
            <span className="jdt-review-item__title">其他材料</span>
          </div>
          <ul className="jdt-review-item__files">
            {others.map((file) => (
              <FileRow key={file.id} file={file} />
            ))}
          </ul>
        </section>
      )}
      {evidence.length === 0 && <p className="jdt-review-note">本报告没有附文件。</p>}
    </Card>
  );
}
