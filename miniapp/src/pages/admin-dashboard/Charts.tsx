import { useMemo, type ReactNode } from 'react';
import type { DashboardOverview } from '../../api/index.ts';
import { formatWanyuan } from '../../common/format.ts';
import { stageNames, stageStateLabels } from '../../common/stages.ts';
import { EChart } from './EChart.tsx';

const stateSeries = [
  { key: 'accepted', color: '#00b578' },
  { key: 'submitted', color: '#1677ff' },
  { key: 'returned', color: '#ff8f1f' },
  { key: 'none', color: '#cccccc' },
] as const;

/** Stacked bars of each stage's report states across the filtered projects. */
export function StageChart({ stages }: { stages: DashboardOverview['stages'] }): ReactNode {
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 32, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: stages.map((row) => stageNames[row.stage]) },
      series: stateSeries.map((series) => ({
        type: 'bar',
        stack: 'stages',
        name: stageStateLabels[series.key],
        itemStyle: { color: series.color },
        data: stages.map((row) => row[series.key]),
      })),
    }),
    [stages],
  );
  return <EChart option={option} height={260} label="各阶段报送情况" testId="chart-stages" />;
}

/** An amount in 分 as a number of 万元 for a chart axis; exact to the table's decimals. */
const wanyuan = (fen: number): number => Number(formatWanyuan(fen));

/** Bars of planned, contracted and paid money for the units with the largest year investment. */
export function FundsChart({ byUnit }: { byUnit: DashboardOverview['byUnit'] }): ReactNode {
  const shown = useMemo(() => byUnit.slice(0, 10), [byUnit]);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (value: number) => `${value} 万元` },
      legend: { top: 0 },
      grid: { left: 8, right: 32, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', name: '万元', nameLocation: 'end' },
      yAxis: {
        type: 'category',
        inverse: true,
        data: shown.map((unit) => unit.unit),
        axisLabel: { width: 96, overflow: 'truncate' },
      },
      series: [
        { type: 'bar', name: '年度投资', itemStyle: { color: '#91caff' }, data: shown.map((unit) => wanyuan(unit.yearInvestment.total)) },
        { type: 'bar', name: '合同金额', itemStyle: { color: '#1677ff' }, data: shown.map((unit) => wanyuan(unit.contractAmount)) },
        { type: 'bar', name: '已支付', itemStyle: { color: '#00b578' }, data: shown.map((unit) => wanyuan(unit.paidToDate)) },
      ],
    }),
    [shown],
  );
  return <EChart option={option} height={Math.max(220, 60 + shown.length * 48)} label="年度投资前十的牵头单位：年度投资、合同金额与已支付" testId="chart-funds" />;
}
