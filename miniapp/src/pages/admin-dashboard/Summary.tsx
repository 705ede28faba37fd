import type { ReactNode } from 'react';
import type { DashboardOverview } from '../../api/index.ts';
import { formatWanyuan } from '../../common/format.ts';

/** Formats a rate such as 0.4567 as 45.7%; a dash when there is nothing to divide by. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

function Figure({ label, value, unit, note }: { label: string; value: string; unit?: string; note?: string }): ReactNode {
  return (
    <div className="jdt-dash-figure">
      <div className="jdt-dash-figure__label">{label}</div>
      <div className="jdt-dash-figure__value">
        {value}
        {unit !== undefined && <span className="jdt-dash-figure__unit">{unit}</span>}
      </div>
      {note !== undefined && <div className="jdt-dash-figure__note">{note}</div>}
    </div>
  );
}

/** Shows the headline figures: projects, planned money by fund source, contracted and paid, and the execution rate. */
export function Summary({ totals }: { totals: DashboardOverview['totals'] }): ReactNode {
  return (
    <section className="jdt-dash-figures" aria-label="总体情况" data-testid="dashboard-figures">
      <Figure label="项目数" value={String(totals.projects)} unit="个" note={totals.classified > 0 ? `含涉密 ${totals.classified} 个` : undefined} />
      <Figure label="总投资" value={formatWanyuan(totals.investment.total)} unit="万元" />
      <Figure
        label="年度投资"
        value={formatWanyuan(totals.yearInvestment.total)}
        unit="万元"
        note={`信息化专项 ${formatWanyuan(totals.yearInvestment.special)}，其他 ${formatWanyuan(totals.yearInvestment.other)}`}
      />
      <Figure label="合同金额" value={formatWanyuan(totals.contractAmount)} unit="万元" />
      <Figure label="已支付" value={formatWanyuan(totals.paidToDate)} unit="万元" />
      <Figure label="资金执行率" value={formatRate(totals.executionRate)} note="已支付 ÷ 年度投资" />
    </section>
  );
}
