import { useEffect, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { getDashboardMatrix, getDashboardOverview, type DashboardFilter } from '../../api/index.ts';
import { Loaded } from '../../common/Loaded.tsx';
import { PageLayout } from '../../common/PageLayout.tsx';
import { formatNoticeDate } from '../../common/format.ts';
import { useLoad } from '../../common/useLoad.ts';
import { BatchFunds } from './BatchFunds.tsx';
import { FundsChart, StageChart } from './Charts.tsx';
import { Filters } from './Filters.tsx';
import { filterFromParams, filterKey, paramsFromFilter } from './filter-params.ts';
import { ConfirmationList, OwedList } from './Lists.tsx';
import { ProjectMatrix } from './ProjectMatrix.tsx';
import { Summary } from './Summary.tsx';
import './DashboardPage.css';

const pageSize = 20;

/** Lets the page use a desktop's width while it is open; every other page keeps the phone layout. */
function useWidePage(): void {
  useEffect(() => {
    document.body.classList.add('jdt-wide');
    return () => document.body.classList.remove('jdt-wide');
  }, []);
}

/**
 * Shows the bureau's dashboard (驾驶舱) over the published batches: headline figures, stage
 * progress and funds charts, confirmations, overdue and returned stages, and the project matrix,
 * all under one filter kept in the address.
 */
export default function DashboardPage(): ReactNode {
  useWidePage();
  const [params, setParams] = useSearchParams();
  const filter = filterFromParams(params);
  const key = filterKey(filter);
  const [page, setPage] = useState(1);
  useEffect(() => setPage(1), [key]);

  const overview = useLoad((options) => getDashboardOverview(filter, options), `overview:${key}`);
  const matrix = useLoad((options) => getDashboardMatrix(filter, page, pageSize, options), `matrix:${key}:${page}`);
  const options = overview.state.status === 'loaded' ? overview.state.data.options : undefined;
  const change = (next: DashboardFilter) => setParams(paramsFromFilter(next), { replace: true });

  return (
    <PageLayout title="驾驶舱" backTo="/admin">
      <Filters filter={filter} options={options} onChange={change} />
      <Loaded load={overview}>
        {(data) => (
          <>
            <p className="jdt-dash-note">
              统计已发布批次，逾期按{formatNoticeDate(data.today)}及各阶段报送期限计算；按牵头单位汇总资金，每个项目只计一次。
              {!data.classifiedAmounts && '涉密项目的合同金额和已支付金额不计入。'}
            </p>
            <Summary totals={data.totals} />
            <div className="jdt-dash-columns">
              <section className="jdt-dash-section" aria-label="阶段进度">
                <h2 className="jdt-dash-section__title">各阶段报送情况</h2>
                {data.totals.projects === 0 ? <p className="jdt-dash-empty">没有符合条件的项目</p> : <StageChart stages={data.stages} />}
              </section>
              <section className="jdt-dash-section" aria-label="资金">
                <h2 className="jdt-dash-section__title">资金情况（年度投资前十的牵头单位）</h2>
                {data.byUnit.length === 0 ? <p className="jdt-dash-empty">没有符合条件的项目</p> : <FundsChart byUnit={data.byUnit} />}
              </section>
            </div>
            <div className="jdt-dash-columns">
              <OwedList title="逾期未报送" owed={data.overdue} empty="没有逾期的阶段" testId="dashboard-overdue" />
              <OwedList title="退回待修改" owed={data.returned} empty="没有退回的报送" testId="dashboard-returned" />
            </div>
            <div className="jdt-dash-columns">
              <BatchFunds byBatch={data.byBatch} />
              <ConfirmationList confirmations={data.confirmations} />
            </div>
          </>
        )}
      </Loaded>
      <Loaded load={matrix}>{(data) => <ProjectMatrix matrix={data} onPage={setPage} />}</Loaded>
    </PageLayout>
  );
}
