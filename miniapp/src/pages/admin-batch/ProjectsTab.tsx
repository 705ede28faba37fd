import { useState, type ReactNode } from 'react';
import { Ellipsis, List, SearchBar, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import type { Project } from '../../api/index.ts';
import { formatPeriod, formatWanyuan, natureLabels } from '../../common/format.ts';

function matches(project: Project, query: string): boolean {
  return String(project.seq) === query || project.name.includes(query) || project.units.some((unit) => unit.includes(query));
}

function ProjectRow({ project }: { project: Project }): ReactNode {
  const { investment, yearInvestment } = project;
  const navigate = useNavigate();
  return (
    <List.Item
      className="jdt-project-row"
      data-testid={`project-${project.seq}`}
      onClick={() => navigate(`/admin/projects/${project.id}`)}
      prefix={<span className="jdt-project-row__seq">{project.seq}</span>}
      description={
        <>
          <div className="jdt-project-row__line">
            {project.units.join('、')} · {natureLabels[project.nature]} · {formatPeriod(project.period)}
          </div>
          <div className="jdt-project-row__line">
            总投资 {formatWanyuan(investment.total)} 万元（专项 {formatWanyuan(investment.special)}，其他 {formatWanyuan(investment.other)}）
          </div>
          <div className="jdt-project-row__line">
            {yearInvestment.year}年 {formatWanyuan(yearInvestment.total)} 万元（专项 {formatWanyuan(yearInvestment.special)}，其他{' '}
            {formatWanyuan(yearInvestment.other)}）
          </div>
          {project.scope !== null && project.scope !== '' && (
            <Ellipsis className="jdt-project-row__scope" content={project.scope} rows={1} expandText="展开" collapseText="收起" />
          )}
        </>
      }
    >
      {project.name}
      {project.classified && (
        <Tag color="danger" className="jdt-project-row__classified">
          涉密
        </Tag>
      )}
    </List.Item>
  );
}

/** Lists the batch's whole table, one compact row per project, with a filter by name, unit or 序号. */
export function ProjectsTab({ projects }: { projects: Project[] }): ReactNode {
  const [query, setQuery] = useState('');
  const trimmed = query.trim();
  const matchingProjects = trimmed === '' ? projects : projects.filter((project) => matches(project, trimmed));

  return (
    <>
      <SearchBar className="jdt-tab-search" placeholder="搜索项目名称、建设单位或序号" value={query} onChange={setQuery} />
      {matchingProjects.length === 0 ? (
        <p className="jdt-empty-line">没有找到“{trimmed}”</p>
      ) : (
        <List className="jdt-project-list">
          {matchingProjects.map((project) => (
            <ProjectRow key={project.id} project={project} />
          ))}
        </List>
      )}
    </>
  );
}
