import { useEffect, useState, type ReactNode } from 'react';
import { Button, SearchBar } from 'antd-mobile';
import { useSearchParams } from 'react-router-dom';
import { isAbort, listAuditActors, listAuditEvents, type AuditEvent, type AuditFilter } from '../../api/index.ts';
import { PageSpinner } from '../../common/Loaded.tsx';
import { AdminOnly } from '../../common/AdminOnly.tsx';
import { PageLayout } from '../../common/PageLayout.tsx';
import { StatusBlock } from '../../common/StatusBlock.tsx';
import { useLoad } from '../../common/useLoad.ts';
import { AuditEventItem } from './AuditEventItem.tsx';
import './AuditPage.css';

const filterKeys = ['projectId', 'project', 'actor', 'from', 'to'] as const;

/** Reads and sets the filters. They are kept in the URL, so a project's page can link to its own trail. */
function useFilter(): [AuditFilter, (change: Partial<AuditFilter>) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const filter: AuditFilter = {};
  for (const key of filterKeys) {
    const value = searchParams.get(key);
    if (value !== null && value !== '') filter[key] = value;
  }
  const change = (update: Partial<AuditFilter>): void => {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(update)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    setSearchParams(next, { replace: true });
  };
  return [filter, change];
}

interface Pages {
  status: 'loading' | 'loaded' | 'failed';
  events: AuditEvent[];
  nextCursor: string | null;
  error?: string;
}

/** Loads the first page whenever the filter changes, and further pages on request. */
function useAuditPages(filter: AuditFilter): { pages: Pages; loadMore: () => void; loadingMore: boolean } {
  const key = JSON.stringify(filter);
  const [pages, setPages] = useState<Pages>({ status: 'loading', events: [], nextCursor: null });
  const [loadingMore, setLoadingMore] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    setPages({ status: 'loading', events: [], nextCursor: null });
    listAuditEvents(filter, null, { signal: controller.signal }).then(
      (page) => setPages({ status: 'loaded', events: page.events, nextCursor: page.nextCursor }),
      (error: unknown) => {
        if (isAbort(error) || controller.signal.aborted) return;
        setPages({ status: 'failed', events: [], nextCursor: null, error: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => controller.abort();
    // `filter` is a new object on every render, so its serialised form marks a change.
  }, [key]);

  const loadMore = (): void => {
    if (pages.nextCursor === null) return;
    setLoadingMore(true);
    listAuditEvents(filter, pages.nextCursor)
      .then((page) => setPages((current) => ({ ...current, events: [...current.events, ...page.events], nextCursor: page.nextCursor })))
      .catch(() => {
        // The request module has shown why; the list keeps what it has.
      })
      .finally(() => setLoadingMore(false));
  };
  return { pages, loadMore, loadingMore };
}

function Filters({ filter, onChange }: { filter: AuditFilter; onChange: (change: Partial<AuditFilter>) => void }): ReactNode {
  const actors = useLoad(listAuditActors, 'audit-actors');
  const [projectText, setProjectText] = useState(filter.project ?? '');
  const actorOptions = actors.state.status === 'loaded' ? actors.state.data : [];

  return (
    <div className="jdt-audit-filters">
      <SearchBar
        placeholder="搜索项目名称"
        value={projectText}
        onChange={setProjectText}
        onSearch={(value) => onChange({ project: value.trim() })}
        onClear={() => onChange({ project: '' })}
      />
      <div className="jdt-audit-filters__row">
        <label className="jdt-audit-filters__field">
          <span>人员</span>
          <select data-testid="filter-actor" value={filter.actor ?? ''} onChange={(event) => onChange({ actor: event.target.value })}>
            <option value="">全部人员</option>
            {actorOptions.map((actor) => (
              <option key={actor.userId} value={actor.userId}>
                {actor.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="jdt-audit-filters__row">
        <label className="jdt-audit-filters__field">
          <span>从</span>
          <input type="date" data-testid="filter-from" value={filter.from ?? ''} max={filter.to} onChange={(event) => onChange({ from: event.target.value })} />
        </label>
        <label className="jdt-audit-filters__field">
          <span>到</span>
          <input type="date" data-testid="filter-to" value={filter.to ?? ''} min={filter.from} onChange={(event) => onChange({ to: event.target.value })} />
        </label>
      </div>
    </div>
  );
}

function AuditTrail(): ReactNode {
  const [filter, changeFilter] = useFilter();
  const { pages, loadMore, loadingMore } = useAuditPages(filter);
  const projectName = pages.events.find((event) => event.project?.id === filter.projectId)?.project?.name;

  return (
    <>
      <Filters filter={filter} onChange={changeFilter} />
      {filter.projectId !== undefined && (
        <div className="jdt-audit-scope" data-testid="audit-scope">
          <span>只看项目：{projectName ?? '该项目'}</span>
          <Button size="mini" fill="none" color="primary" onClick={() => changeFilter({ projectId: '' })}>
            查看全部
          </Button>
        </div>
      )}
      {pages.status === 'loading' && <PageSpinner />}
      {pages.status === 'failed' && <StatusBlock tone="error" title="加载失败" description={pages.error} />}
      {pages.status === 'loaded' && pages.events.length === 0 && <StatusBlock title="没有符合条件的操作记录" description="换一个项目、人员或日期再试" />}
      {pages.events.length > 0 && (
        <ul className="jdt-audit-list">
          {pages.events.map((event) => (
            <AuditEventItem key={event.id} event={event} />
          ))}
        </ul>
      )}
      {pages.nextCursor !== null && (
        <div className="jdt-audit-more">
          <Button block fill="outline" loading={loadingMore} onClick={loadMore}>
            加载更多
          </Button>
        </div>
      )}
    </>
  );
}

/** Shows the audit trail to the bureau's admins: who changed what and when, with each change's before and after. */
export default function AuditPage(): ReactNode {
  return (
    <PageLayout title="操作记录" backTo="/admin">
      <AdminOnly notice={{ title: '仅管理员可以查看操作记录', description: '操作记录含各单位的报送内容和人员操作，由管理员查阅' }}>
        <AuditTrail />
      </AdminOnly>
    </PageLayout>
  );
}
