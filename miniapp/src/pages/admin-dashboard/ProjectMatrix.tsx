import { useEffect, useState, type ReactNode } from 'react';
import { Button } from 'antd-mobile';
import { Link } from 'react-router-dom';
import type { DashboardMatrix, MatrixRow } from '../../api/index.ts';
import { formatBeijingTime, formatWanyuan, natureLabels } from '../../common/format.ts';
import { stageNames, stageOrder, stageStateLabels } from '../../common/stages.ts';

/** True while the viewport is at least `minWidth` pixels wide, following resizes. */
function useWideScreen(minWidth: number): boolean {
  const query = `(min-width: ${minWidth}px)`;
  const [wide, setWide] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const media = window.matchMedia(query);
    const update = () => setWide(media.matches);
    media.addEventListener('change', update);
    return () => media.removeEventListener('change', update);
  }, [query]);
  return wide;
}

const amount = (fen: number | null): string => (fen === null ? '—' : formatWanyuan(fen));

function StageCell({ cell }: { cell: MatrixRow['stages'][keyof MatrixRow['stages']] }): ReactNode {
  if (cell.overdueSince !== null) return <span className="jdt-cell jdt-cell--overdue">逾期</span>;
  return (
    <span className={`jdt-cell jdt-cell--${cell.state}`}>
      {stageStateLabels[cell.state]}
      {cell.at !== null && <span className="jdt-cell__date">{formatBeijingTime(cell.at).slice(0, 10)}</span>}
    </span>
  );
}

function MatrixTable({ rows }: { rows: MatrixRow[] }): ReactNode {
  return (
    <div className="jdt-matrix-scroll">
      <table className="jdt-matrix">
        <thead>
          <tr>
            <th scope="col">序号</th>
            <th scope="col" className="jdt-matrix__name">项目名称 / 建设单位</th>
            <th scope="col">年度投资</th>
            <th scope="col">合同金额</th>
            <th scope="col">已支付</th>
            {stageOrder.map((stage) => (
              <th key={stage} scope="col">
                {stageNames[stage]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.projectId}>
              <td>{row.seq}</td>
              <td className="jdt-matrix__name">
                <Link to={`/admin/projects/${row.projectId}`}>{row.name}</Link>
                <div className="jdt-matrix__units">
                  {row.docNo} · {natureLabels[row.nature]} · {row.units.join('、')}
                </div>
              </td>
              <td className="jdt-matrix__money">{formatWanyuan(row.yearInvestment)}</td>
              <td className="jdt-matrix__money">{amount(row.contractAmount)}</td>
              <td className="jdt-matrix__money">{amount(row.paidToDate)}</td>
              {stageOrder.map((stage) => (
                <td key={stage}>
                  <StageCell cell={row.stages[stage]} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MatrixCards({ rows }: { rows: MatrixRow[] }): ReactNode {
  return (
    <ul className="jdt-matrix-cards">
      {rows.map((row) => (
        <li key={row.projectId} className="jdt-matrix-card">
          <Link className="jdt-matrix-card__title" to={`/admin/projects/${row.projectId}`}>
            {row.seq}. {row.name}
          </Link>
          <div className="jdt-matrix__units">
            {row.docNo} · {natureLabels[row.nature]} · {row.units.join('、')}
          </div>
          <div className="jdt-matrix-card__money">
            年度投资 {formatWanyuan(row.yearInvestment)} · 合同 {amount(row.contractAmount)} · 已支付 {amount(row.paidToDate)} 万元
          </div>
          <dl className="jdt-matrix-card__stages">
            {stageOrder.map((stage) => (
              <div key={stage}>
                <dt>{stageNames[stage]}</dt>
                <dd>
                  <StageCell cell={row.stages[stage]} />
                </dd>
              </div>
            ))}
          </dl>
        </li>
      ))}
    </ul>
  );
}

interface ProjectMatrixProps {
  matrix: DashboardMatrix;
  onPage: (page: number) => void;
}

/** Projects × stages, as a table on wide screens and as cards on a phone, one page at a time. */
export function ProjectMatrix({ matrix, onPage }: ProjectMatrixProps): ReactNode {
  const wide = useWideScreen(900);
  const pages = Math.max(1, Math.ceil(matrix.total / matrix.pageSize));

  return (
    <section className="jdt-dash-section" aria-label="项目进度" data-testid="dashboard-matrix">
      <h2 className="jdt-dash-section__title">项目进度（{matrix.total} 个，金额单位：万元）</h2>
      {matrix.rows.length === 0 ? (
        <p className="jdt-dash-empty">没有符合条件的项目</p>
      ) : wide ? (
        <MatrixTable rows={matrix.rows} />
      ) : (
        <MatrixCards rows={matrix.rows} />
      )}
      {pages > 1 && (
        <nav className="jdt-matrix-pager" aria-label="翻页">
          <Button size="small" disabled={matrix.page <= 1} onClick={() => onPage(matrix.page - 1)}>
            上一页
          </Button>
          <span>
            第 {matrix.page} / {pages} 页
          </span>
          <Button size="small" disabled={matrix.page >= pages} onClick={() => onPage(matrix.page + 1)}>
            下一页
          </Button>
        </nav>
      )}
    </section>
  );
}
