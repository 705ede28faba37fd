import type { ReactNode } from 'react';
import { Tag } from 'antd-mobile';
import { Link } from 'react-router-dom';
import { getMyProjects, listBatches, type Batch, type ProjectSummary, type RequestOptions } from '../../api/index.ts';
import { useMe } from '../../auth/AuthContext.tsx';
import { Loaded } from '../../common/Loaded.tsx';
import { PageLayout } from '../../common/PageLayout.tsx';
import { formatNoticeDate } from '../../common/format.ts';
import { stageNames, stageOrder, stageStateLabels } from '../../common/stages.ts';
import { StatusBlock } from '../../common/StatusBlock.tsx';
import { useLoad } from '../../common/useLoad.ts';
import { useDraftList } from '../../drafts/useDrafts.ts';
import './ContactHomePage.css';

interface HomeData {
  groups: Array<{ batch: Batch; projects: ProjectSummary[]; confirmedAt: string | null }>;
}

/** Loads the contact's projects by batch, with the contact's confirmation of each batch. */
async function loadHome(options: RequestOptions): Promise<HomeData> {
  const [mine, batches] = await Promise.all([getMyProjects(options), listBatches(options)]);
  const confirmedAt = new Map(batches.map((batch) => [batch.id, batch.myConfirmedAt]));
  return { groups: mine.batches.map(({ batch, projects }) => ({ batch, projects, confirmedAt: confirmedAt.get(batch.id) ?? null })) };
}

function StageGrid({ project }: { project: ProjectSummary }): ReactNode {
  return (
    <ul className="jdt-stage-grid" aria-label="六个阶段的报送情况">
      {stageOrder.map((stage) => {
        const { state } = project.stages[stage];
        return (
          <li key={stage} className={`jdt-stage-grid__cell jdt-stage-grid__cell--${state}`}>
            <span className="jdt-stage-grid__name">{stageNames[stage]}</span>
            <span className="jdt-stage-grid__state">{stageStateLabels[state]}</span>
          </li>
        );
      })}
    </ul>
  );
}

function ProjectRow({ project }: { project: ProjectSummary }): ReactNode {
  return (
    <Link to={`/projects/${project.id}`} className="jdt-home-project" data-testid={`home-project-${project.seq}`}>
      <div className="jdt-home-project__head">
        <span className="jdt-home-project__seq">序号 {project.seq}</span>
        {project.classified && <Tag color="danger">涉密</Tag>}
      </div>
      <div className="jdt-home-project__name">{project.name}</div>
      <StageGrid project={project} />
    </Link>
  );
}

function BatchGroup({ batch, projects, confirmedAt }: HomeData['groups'][number]): ReactNode {
  const confirmed = confirmedAt !== null;
  return (
    <section className="jdt-home-batch" aria-label={batch.docNo}>
      <Link to={`/batches/${batch.id}`} className="jdt-home-batch__head">
        <div className="jdt-home-batch__line">
          <span className="jdt-home-batch__doc-no">{batch.docNo}</span>
          <Tag color={confirmed ? 'success' : 'warning'} fill="outline">
            {confirmed ? '已确认' : '待确认'}
          </Tag>
        </div>
        <div className="jdt-home-batch__title">{batch.title}</div>
        <div className="jdt-home-batch__meta">
          {formatNoticeDate(batch.issuedAt)} · 本单位项目 {projects.length} 个{confirmed ? '' : ' · 点此查看通知并确认收到'}
        </div>
      </Link>
      {projects.map((project) => (
        <ProjectRow key={project.id} project={project} />
      ))}
    </section>
  );
}

function DraftsLink(): ReactNode {
  const me = useMe();
  const drafts = useDraftList(me.userId);
  const open = drafts?.filter((draft) => draft.status !== 'sent') ?? [];
  const pending = open.filter((draft) => draft.status === 'pending').length;
  let summary = '填写中的报告自动保存在本机';
  if (pending > 0) summary = `${pending} 份待发送，联网后自动发送`;
  else if (open.length > 0) summary = `${open.length} 份未提交`;

  return (
    <Link to="/drafts" className={pending > 0 ? 'jdt-home-drafts jdt-home-drafts--pending' : 'jdt-home-drafts'}>
      <span className="jdt-home-drafts__title">我的草稿</span>
      <span className="jdt-home-drafts__summary">{summary}</span>
    </Link>
  );
}

/**
 * Lists the projects of the contact's units grouped by batch, each with the state of its six
 * stages, together with each batch's confirmation and a link to the drafts on this phone. This is
 * the contact's home page.
 */
export default function ContactHomePage(): ReactNode {
  const home = useLoad(loadHome, 'home');

  return (
    <PageLayout title="我的项目">
      <DraftsLink />
      <Loaded load={home}>
        {({ groups }) =>
          groups.length === 0 ? (
            <StatusBlock title="暂无项目" description="市大数据局下达涉及您单位的项目计划后，会显示在这里" />
          ) : (
            groups.map((group) => <BatchGroup key={group.batch.id} {...group} />)
          )
        }
      </Loaded>
    </PageLayout>
  );
}
