import type { ReactNode } from 'react';
import { Tag } from 'antd-mobile';
import { Link } from 'react-router-dom';
import type { ProjectHistory as History, ProjectHistoryEntry } from '../api/index.ts';
import { formatNoticeDate, formatWanyuan, natureLabels } from './format.ts';
import { stageNames, stageOrder, stageStateLabels, stateColors } from './stages.ts';
import './ProjectHistory.css';

const linkSourceLabels: Record<ProjectHistoryEntry['linkSource'], string> = {
  none: '',
  import: '导入时按项目名称和牵头单位关联',
  manual: '由管理员关联',
};

interface ProjectHistoryProps {
  history: History;
  /** The page of an entry, e.g. the bureau's or the contact's project page. */
  entryPath: (projectId: string) => string;
}

function HistoryEntry({ entry, entryPath }: { entry: ProjectHistoryEntry; entryPath: ProjectHistoryProps['entryPath'] }): ReactNode {
  return (
    <li className={entry.current ? 'jdt-history__entry jdt-history__entry--current' : 'jdt-history__entry'} data-testid="history-entry">
      <div className="jdt-history__head">
        {entry.current ? <strong>{entry.batch.docNo}</strong> : <Link to={entryPath(entry.projectId)}>{entry.batch.docNo}</Link>}
        {entry.current && (
          <Tag color="primary" fill="solid">
            本批次
          </Tag>
        )}
      </div>
      <div className="jdt-history__meta">
        {formatNoticeDate(entry.batch.issuedAt)} · 序号 {entry.seq} · {natureLabels[entry.nature]}
      </div>
      <div className="jdt-history__meta">
        {entry.yearInvestment.year}年投资 {formatWanyuan(entry.yearInvestment.total)} 万元
      </div>
      <div className="jdt-history__stages">
        {stageOrder.map((stage) => (
          <Tag key={stage} color={stateColors[entry.stages[stage].state]} fill="outline">
            {stageNames[stage]} {stageStateLabels[entry.stages[stage].state]}
          </Tag>
        ))}
      </div>
      {entry.previousProjectId !== null && linkSourceLabels[entry.linkSource] !== '' && (
        <div className="jdt-history__source">{linkSourceLabels[entry.linkSource]}</div>
      )}
    </li>
  );
}

/** Shows a carried-over project's entries in every batch as one timeline, oldest first. */
export function ProjectHistory({ history, entryPath }: ProjectHistoryProps): ReactNode {
  return (
    <ol className="jdt-history" data-testid="project-history">
      {history.entries.map((entry) => (
        <HistoryEntry key={entry.projectId} entry={entry} entryPath={entryPath} />
      ))}
    </ol>
  );
}
