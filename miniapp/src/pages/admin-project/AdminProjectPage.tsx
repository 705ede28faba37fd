import type { ReactNode } from 'react';
import { Tag } from 'antd-mobile';
import { Link, useParams } from 'react-router-dom';
import { getProject, getProjectHistory } from '../../api/index.ts';
import { useMe } from '../../auth/AuthContext.tsx';
import { Loaded } from '../../common/Loaded.tsx';
import { PageLayout } from '../../common/PageLayout.tsx';
import { ProjectCard } from '../../common/ProjectCard.tsx';
import { ProjectHistory } from '../../common/ProjectHistory.tsx';
import { stageNames, stageOrder, stageStateLabels, stateColors } from '../../common/stages.ts';
import { useLoad } from '../../common/useLoad.ts';
import { LinkPrevious } from './LinkPrevious.tsx';
import './AdminProjectPage.css';

const adminProjectPath = (id: string): string => `/admin/projects/${id}`;

/** Shows a project to the bureau: its plan data, stage states, history across batches and, for admins, its audit trail and links. */
export default function AdminProjectPage(): ReactNode {
  const { id = '' } = useParams();
  const me = useMe();
  const detail = useLoad((options) => getProject(id, options), `project:${id}`);
  const history = useLoad((options) => getProjectHistory(id, options), `project-history:${id}`);

  return (
    <PageLayout title="项目详情" backTo="/admin">
      <Loaded load={detail}>
        {({ project, batch, stages }) => (
          <>
            <ProjectCard project={project} />
            <p className="jdt-admin-project__links">
              <span>
                所属计划：<Link to={`/admin/batches/${batch.id}`}>{batch.docNo}</Link>
              </span>
              {me.role === 'admin' && (
                <Link to={`/admin/audit?projectId=${project.id}`} data-testid="project-audit-link">
                  操作记录
                </Link>
              )}
            </p>
            <h2 className="jdt-admin-project__title">实施进度</h2>
            <div className="jdt-admin-project__stages">
              {stageOrder.map((stage) => (
                <div key={stage} className="jdt-admin-project__stage">
                  <span>{stageNames[stage]}</span>
                  <Tag color={stateColors[stages[stage].state]} fill="outline">
                    {stageStateLabels[stages[stage].state]}
                  </Tag>
                </div>
              ))}
            </div>
            <h2 className="jdt-admin-project__title">历年记录</h2>
            <Loaded load={history}>
              {(data) => (
                <>
                  {data.entries.length > 1 ? (
                    <ProjectHistory history={data} entryPath={adminProjectPath} />
                  ) : (
                    <p className="jdt-admin-project__empty">本项目只出现在 {batch.docNo} 中，没有关联往年批次的记录</p>
                  )}
                  {me.role === 'admin' && <LinkPrevious projectId={project.id} history={data} onChanged={(next) => history.setData(() => next)} />}
                </>
              )}
            </Loaded>
          </>
        )}
      </Loaded>
    </PageLayout>
  );
}
