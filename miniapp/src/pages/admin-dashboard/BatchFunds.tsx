import type { ReactNode } from 'react';
import { batchWorkbookUrl, type DashboardOverview } from '../../api/index.ts';
import { formatWanyuan } from '../../common/format.ts';
import { formatRate } from './Summary.tsx';

/** Shows each batch's planned, contracted and paid money with its execution rate, and its Excel workbook. */
export function BatchFunds({ byBatch }: { byBatch: DashboardOverview['byBatch'] }): ReactNode {
  return (
    <section className="jdt-dash-section" aria-label="分批次资金" data-testid="dashboard-batches">
      <h2 className="jdt-dash-section__title">分批次资金（万元）</h2>
      {byBatch.length === 0 ? (
        <p className="jdt-dash-empty">没有符合条件的项目</p>
      ) : (
        <div className="jdt-matrix-scroll">
          <table className="jdt-matrix">
            <thead>
              <tr>
                <th scope="col">批次</th>
                <th scope="col">项目</th>
                <th scope="col">年度投资</th>
                <th scope="col">合同金额</th>
                <th scope="col">已支付</th>
                <th scope="col">执行率</th>
                <th scope="col">Excel</th>
              </tr>
            </thead>
            <tbody>
              {byBatch.map((batch) => (
                <tr key={batch.batchId}>
                  <td>{batch.docNo}</td>
                  <td className="jdt-matrix__money">{batch.projects}</td>
                  <td className="jdt-matrix__money">{formatWanyuan(batch.yearInvestment.total)}</td>
                  <td className="jdt-matrix__money">{formatWanyuan(batch.contractAmount)}</td>
                  <td className="jdt-matrix__money">{formatWanyuan(batch.paidToDate)}</td>
                  <td className="jdt-matrix__money">{formatRate(batch.executionRate)}</td>
                  <td>
                    {/* The workbook holds the whole batch, whatever the dashboard's filter. */}
                    <a href={batchWorkbookUrl(batch.batchId)} download>
                      导出
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
