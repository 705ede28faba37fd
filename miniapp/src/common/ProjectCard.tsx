import type { ReactNode } from 'react';
import { Card, Ellipsis, Tag } from 'antd-mobile';
import type { Project } from '../api/index.ts';
import { formatPeriod, formatWanyuan, natureLabels } from './format.ts';
import './ProjectCard.css';

function Amount({ label, amount }: { label: string; amount: Project['investment'] }): ReactNode {
  return (
    <div className="jdt-project__amount">
      <div className="jdt-project__amount-label">{label}</div>
      <div className="jdt-project__amount-total">
        {formatWanyuan(amount.total)}
        <small> 万元</small>
      </div>
      <div className="jdt-project__amount-sources">
        信息化专项 {formatWanyuan(amount.special)} · 其他 {formatWanyuan(amount.other)}
      </div>
    </div>
  );
}

/** Shows one project of the contact's unit with everything the plan table prints about it. */
export function ProjectCard({ project }: { project: Project }): ReactNode {
  return (
    <Card className="jdt-project" data-testid={`project-${project.seq}`}>
      <div className="jdt-project__tags">
        <span className="jdt-project__seq">序号 {project.seq}</span>
        <Tag color="primary" fill="outline">
          {natureLabels[project.nature]}
        </Tag>
        {project.classified && <Tag color="danger">涉密</Tag>}
      </div>
      <h3 className="jdt-project__name">{project.name}</h3>
      <dl className="jdt-project__facts">
        <dt>建设单位</dt>
        <dd>{project.units.join('、')}</dd>
        <dt>建设年限</dt>
        <dd>{formatPeriod(project.period)}</dd>
      </dl>
      {project.scope !== null && project.scope !== '' && (
        <div className="jdt-project__scope">
          <div className="jdt-project__scope-label">建设内容</div>
          <Ellipsis content={project.scope} rows={3} expandText="展开" collapseText="收起" />
        </div>
      )}
      <div className="jdt-project__amounts">
        <Amount label="总投资" amount={project.investment} />
        <Amount label={`${project.yearInvestment.year}年投资`} amount={project.yearInvestment} />
      </div>
    </Card>
  );
}
