import { useState, type ReactNode } from 'react';
import { Button, Dialog, TextArea } from 'antd-mobile';
import { ApiError, reviewReport, type ReportView, type ReviewDecision } from '../../api/index.ts';

import { limits } from '../../../../server/reports/stages.ts';

/** Maximum length of a return reason, the same limit the server enforces. */
export const maxReasonLength = limits.reviewReason;

/** Counts characters as a person does: a character outside the BMP counts once, and the edges are trimmed as the server trims them. */
const reasonLength = (reason: string): number => [...reason.trim()].length;

function ReasonField({ reason, touched, onChange, onBlur }: { reason: string; touched: boolean; onChange: (value: string) => void; onBlur: () => void }): ReactNode {
  const length = reasonLength(reason);
  let problem: string | null = null;
  if (length > maxReasonLength) problem = `退回理由不能超过 ${maxReasonLength} 字，请删减 ${length - maxReasonLength} 字`;
  else if (length === 0 && touched) problem = '请填写退回理由';

  return (
    <div className="jdt-return-dialog">
      <label className="jdt-return-dialog__label" htmlFor="return-reason">
        退回理由将通过工作通知发给报送人，请写明需要修改或补充的内容。
      </label>
      <TextArea
        id="return-reason"
        className="jdt-return-dialog__input"
        value={reason}
        onChange={onChange}
        onBlur={onBlur}
        placeholder="例如：中标通知书未盖章，请补充盖章扫描件"
        autoSize={{ minRows: 4, maxRows: 8 }}
        autoFocus
      />
      <div className="jdt-return-dialog__foot">
        <span className="jdt-return-dialog__error" role={problem === null ? undefined : 'alert'}>
          {problem}
        </span>
        <span className={length > maxReasonLength ? 'jdt-return-dialog__count jdt-return-dialog__count--over' : 'jdt-return-dialog__count'}>
          {length}/{maxReasonLength}
        </span>
      </div>
    </div>
  );
}

interface ReviewActionsProps {
  report: ReportView;
  /** Called after the server recorded the decision. */
  onReviewed: (decision: ReviewDecision['decision']) => void;
  /** Called when another admin reviewed the report first (409), so the page can show their decision. */
  onStale: () => void;
}

/** Offers the two decisions on a submitted report: 通过 after a confirmation, 退回 with a required reason. */
export function ReviewActions({ report, onReviewed, onStale }: ReviewActionsProps): ReactNode {
  const [sending, setSending] = useState<ReviewDecision['decision'] | null>(null);
  const [returnOpen, setReturnOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);

  /** Sends the decision and returns false when it failed. The request module has shown the failure already. */
  const send = async (review: ReviewDecision): Promise<boolean> => {
    setSending(review.decision);
    try {
      await reviewReport(report.id, review);
      onReviewed(review.decision);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) onStale();
      return false;
    } finally {
      setSending(null);
    }
  };

  const accept = async (): Promise<void> => {
    const confirmed = await Dialog.confirm({
      title: '通过该报告？',
      content: `通过后将以工作通知告知报送人 ${report.author.name}，该阶段记为已通过。`,
      confirmText: '确认通过',
      cancelText: '取消',
    });
    if (confirmed) await send({ decision: 'accept', reason: '', version: report.version });
  };

  const length = reasonLength(reason);
  const reasonValid = length >= 1 && length <= maxReasonLength;
  const closeReturn = (): void => setReturnOpen(false);

  return (
    <>
      <div className="jdt-review-actions">
        <Button
          block
          size="large"
          color="danger"
          fill="outline"
          disabled={sending !== null}
          onClick={() => {
            setTouched(false);
            setReturnOpen(true);
          }}
        >
          退回
        </Button>
        <Button block size="large" color="primary" loading={sending === 'accept'} loadingText="正在提交" disabled={sending === 'return'} onClick={() => void accept()}>
          通过
        </Button>
      </div>
      <Dialog
        visible={returnOpen}
        // Rendered into the body, because the page's footer has a transform and so contains fixed
        // elements. Inside it, the dialog and its mask would cover only the footer.
        getContainer={() => document.body}
        title="退回报告"
        content={<ReasonField reason={reason} touched={touched} onChange={setReason} onBlur={() => setTouched(true)} />}
        closeOnAction={false}
        onClose={closeReturn}
        actions={[
          [
            { key: 'cancel', text: '取消', disabled: sending !== null },
            { key: 'return', text: sending === 'return' ? '正在退回' : '确认退回', danger: true, bold: true, disabled: !reasonValid || sending !== null },
          ],
        ]}
        onAction={async (action) => {
          if (action.key === 'cancel') {
            closeReturn();
            return;
          }
          // On failure the dialog stays open with the reason, so it can be sent again.
          if (await send({ decision: 'return', reason: reason.trim(), version: report.version })) closeReturn();
        }}
      />
    </>
  );
}
