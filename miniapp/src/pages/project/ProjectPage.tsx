import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { getProject, getProjectHistory } from '../../api/index.ts';
import { useMe } from '../../auth/AuthContext.tsx';
import { Loaded } from '../../common/Loaded.tsx';
import { PageLayout } from '../../common/PageLayout.tsx';
import { ProjectCard } from '../../common/ProjectCard.tsx';
import { ProjectHistory } from '../../common/ProjectHistory.tsx';
import { useLoad } from '../../common/useLoad.ts';
import { useDraftList } from '../../drafts/useDrafts.ts';
import { StageTimeline } from './StageTimeline.tsx';
import './ProjectPage.css';

/** Shows a project of the contact's unit: its plan data and the six stages with their reports. */
export default function ProjectPage(): ReactNode {
  const { id = '' } = useParams();
  const me = useMe();
  const load = useLoad((options) => getProject(id, options), `project:${id}`);
  const drafts = useDraftList(me.userId) ?? [];
  const history = useLoad((options) => getProjectHistory(id, options), `project-history:${id}`);

  return (
    <PageLayout title="项目详情" backTo="/">
      <Loaded load={load}>
        {(detail) => (
          <>
            <ProjectCard project={detail.project} />
            <p className="jdt-project-batch">
              所属计划：<Link to={`/batches/${detail.batch.id}`}>{detail.batch.docNo}</Link>
            </p>
            <h2 className="jdt-stages-title">实施进度</h2>
            {detail.project.classified && <p className="jdt-project-secret">涉密项目只报送日期和状态，不上传文件和文字内容</p>}
            <StageTimeline detail={detail} drafts={drafts.filter((draft) => draft.projectId === detail.project.id)} />
            {history.state.status === 'loaded' && history.state.data.entries.length > 1 && (
              <>
                <h2 className="jdt-stages-title">历年记录</h2>
                <ProjectHistory history={history.state.data} entryPath={(projectId) => `/projects/${projectId}`} />
              </>
            )}
          </>
        )}
      </Loaded>
    </PageLayout>
  );
}
