import type { ReactNode } from 'react';
import { List, Tag } from 'antd-mobile';
import type { Finding } from '../../api/index.ts';
import { formatWanyuan, formatWanyuanDifference } from '../../common/format.ts';
import { StatusBlock } from '../../common/StatusBlock.tsx';
import './FindingsTab.css';

const kindLabels: Record<string, string> = {
  'row-sum': '行内合计不符',
  'year-exceeds-total': '年度投资超出总投资',
  subtotal: '小计不符',
  total: '合计不符',
};

function columnLabel(column: string, year: number): string {
  const labels: Record<string, string> = {
    'investment.total': '总投资额',
    'investment.special': '总投资·信息化专项',
    'investment.other': '总投资·其他',
    'yearInvestment.total': `${year}年投资额`,
    'yearInvestment.special': `${year}年投资·信息化专项`,
    'yearInvestment.other': `${year}年投资·其他`,
  };
  return labels[column] ?? column;
}

/** Names the compared amounts: a year's share is compared with its limit, everything else with a sum. */
function amountLabels(kind: string): [printed: string, computed: string, difference: string] {
  return kind === 'year-exceeds-total' ? ['年度投资', '总投资', '超出'] : ['表中数', '计算数', '差额'];
}

function FindingRow({ finding, year }: { finding: Finding; year: number }): ReactNode {
  const row = /^\d+$/.test(finding.row) ? `序号 ${finding.row}` : finding.row;
  const [printedLabel, computedLabel, differenceLabel] = amountLabels(finding.kind);
  return (
    <List.Item
      className="jdt-finding"
      description={
        <>
          <div className="jdt-finding__where">
            <Tag color="warning" fill="outline">
              {kindLabels[finding.kind] ?? '核对'}
            </Tag>
            <span>
              {row} · {columnLabel(finding.column, year)}
            </span>
          </div>
          <dl className="jdt-finding__amounts">
            <div>
              <dt>{printedLabel}</dt>
              <dd>{formatWanyuan(finding.printed)}</dd>
            </div>
            <div>
              <dt>{computedLabel}</dt>
              <dd>{formatWanyuan(finding.computed)}</dd>
            </div>
            <div>
              <dt>{differenceLabel}</dt>
              <dd>{formatWanyuanDifference(finding.difference)}</dd>
            </div>
          </dl>
        </>
      }
    >
      {finding.message}
    </List.Item>
  );
}

/** Lists what the importer's checks of row sums and printed subtotals found. Findings do not block publishing. */
export function FindingsTab({ findings, year }: { findings: Finding[]; year: number }): ReactNode {
  if (findings.length === 0) {
    return <StatusBlock tone="info" title="表内合计全部一致" description="各行合计与印出的小计、合计均已核对" />;
  }
  return (
    <List header={`共 ${findings.length} 处不一致，金额单位：万元`}>
      {findings.map((finding, index) => (
        <FindingRow key={`${finding.row}:${finding.column}:${index}`} finding={finding} year={year} />
      ))}
    </List>
  );
}
