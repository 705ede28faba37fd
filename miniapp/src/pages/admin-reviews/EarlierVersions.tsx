import { useState, type ReactNode } from 'react';
import { Card, Collapse } from 'antd-mobile';
import type { ReportView } from '../../api/index.ts';
import { formatBeijingTime } from '../../common/format.ts';
import { fieldRows, formatValue } from './field-values.ts';

function decisionLabel(version: ReportView): string {
  if (version.review === null) return '未审核，已被新版本替换';
  return version.review.decision === 'accept' ? '已通过' : '已退回';
}

/** Lists the fields whose value differs from the current version, with both values. */
function Changes({ version, current, classified }: { version: ReportView; current: ReportView; classified: boolean }): ReactNode {
  const currentText = new Map(fieldRows(current, classified).map((row) => [row.name, formatValue(row)]));
  const changes = fieldRows(version, classified)
    .map((row) => ({ label: row.spec.label, before: formatValue(row), after: currentText.get(row.name) ?? '未填写' }))
    .filter((change) => change.before !== change.after);
  const files = version.evidence.map((file) => file.name);

  return (
    <>
      {changes.length === 0 ? (
        <p className="jdt-review-version__line">填报内容与第 {current.version} 版相同</p>
      ) : (
        <dl className="jdt-review-version__changes">
          {changes.map((change) => (
            <div key={change.label}>
              <dt>{change.label}</dt>
              <dd>
                第 {version.version} 版：{change.before}
                <br />第 {current.version} 版：{change.after}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {!classified && <p className="jdt-review-version__line">材料：{files.length === 0 ? '无' : files.join('、')}</p>}
    </>
  );
}

interface EarlierVersionsProps {
  /** Versions before the current one, newest first. */
  versions: ReportView[];
  current: ReportView;
  classified: boolean;
}

/** Shows the report's earlier versions, folded, each with the bureau's decision and what changed since. */
export function EarlierVersions({ versions, current, classified }: EarlierVersionsProps): ReactNode {
  const [open, setOpen] = useState<string[]>([]);
  if (versions.length === 0) return null;
  return (
    <Card className="jdt-review-card jdt-review-versions" title={`历史版本（${versions.length}）`}>
      <Collapse activeKey={open} onChange={setOpen}>
        {versions.map((version) => (
          <Collapse.Panel
            key={String(version.version)}
            title={
              <>
                <span className="jdt-review-version__title">
                  第 {version.version} 版 · {decisionLabel(version)}
                </span>
                {/* The reason's first line while folded; the panel shows all of it when open. */}
                {version.review?.decision === 'return' && !open.includes(String(version.version)) && (
                  <span className="jdt-review-version__preview">{version.review.reason}</span>
                )}
              </>
            }
          >
            <div className="jdt-review-version" data-testid={`version-${version.version}`}>
              {version.review !== null && version.review.reason !== '' && (
                <p className={version.review.decision === 'return' ? 'jdt-review-version__reason' : 'jdt-review-version__line'}>
                  {version.review.decision === 'return' ? '退回理由' : '审核意见'}：{version.review.reason}
                </p>
              )}
              {version.review !== null && (
                <p className="jdt-review-version__line">
                  {version.review.by.name} 审核于 {formatBeijingTime(version.review.at)}
                </p>
              )}
              <p className="jdt-review-version__line">
                {version.author.name} 提交于 {formatBeijingTime(version.submittedAt)}
              </p>
              <Changes version={version} current={current} classified={classified} />
            </div>
          </Collapse.Panel>
        ))}
      </Collapse>
    </Card>
  );
}
