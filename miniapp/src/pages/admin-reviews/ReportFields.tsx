import type { ReactNode } from 'react';
import { Card, Tag } from 'antd-mobile';
import type { ReportView } from '../../api/index.ts';
import { formatWanyuan, formatYuan } from '../../common/format.ts';
import { fieldRows, formatValue, type FieldRow } from './field-values.ts';

/** Describes an amount as a share of the total investment, e.g. "为总投资的 97.8%". The share is rounded, the amounts are not. */
function shareOfTotal(fen: number, investmentTotal: number): string {
  if (fen === 0 || investmentTotal <= 0) return '';
  return `，为总投资的 ${((fen / investmentTotal) * 100).toFixed(1)}%`;
}

function AmountValue({ fen, investmentTotal }: { fen: number; investmentTotal: number }): ReactNode {
  return (
    <>
      <div className="jdt-review-amount__yuan">{formatYuan(fen)} 元</div>
      <div className="jdt-review-amount__wanyuan">
        合 {formatWanyuan(fen)} 万元{shareOfTotal(fen, investmentTotal)}
      </div>
      {fen > investmentTotal && (
        <Tag color="danger" fill="outline" className="jdt-review-amount__over">
          超过总投资
        </Tag>
      )}
    </>
  );
}

function FieldValue({ row, investmentTotal }: { row: FieldRow; investmentTotal: number }): ReactNode {
  if (row.spec.kind === 'amount' && typeof row.value === 'number') return <AmountValue fen={row.value} investmentTotal={investmentTotal} />;
  const text = formatValue(row);
  const empty = typeof row.value === 'string' && row.value.trim() === '';
  const className = row.spec.kind === 'longText' ? 'jdt-review-fields__long' : undefined;
  return empty ? <span className="jdt-review-fields__empty">{text}</span> : <span className={className}>{text}</span>;
}

interface ReportFieldsProps {
  report: ReportView;
  classified: boolean;
  /** The project's 总投资额 in 分, which each amount is compared with. */
  investmentTotal: number;
}

/** Shows the report's content field by field with the form's Chinese labels. */
export function ReportFields({ report, classified, investmentTotal }: ReportFieldsProps): ReactNode {
  return (
    <Card className="jdt-review-card" title="报告内容">
      <dl className="jdt-review-fields" data-testid="report-fields">
        {fieldRows(report, classified).map((row) => (
          <div key={row.name} className="jdt-review-fields__row" data-field={row.name}>
            <dt>{row.spec.label}</dt>
            <dd>
              <FieldValue row={row} investmentTotal={investmentTotal} />
            </dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}
