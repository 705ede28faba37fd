import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Button, Card, Dialog, Toast } from 'antd-mobile';
import { useLocation, useNavigate } from 'react-router-dom';
import type { ProjectDetailResponse } from '../../api/index.ts';
import { isFromProjectPage } from '../../common/form-origin.ts';
import { PageLayout } from '../../common/PageLayout.tsx';
import { formatBeijingTime } from '../../common/format.ts';
import { stageNames, type Stage } from '../../common/stages.ts';
import { sendDraft, type SendOutcome } from '../../drafts/send.ts';
import { getDraft, randomId, subscribeDrafts, type Draft, type DraftFile } from '../../drafts/store.ts';
import { useSendProgress } from '../../drafts/useDrafts.ts';
import { EvidenceSection, missingItems } from './EvidenceSection.tsx';
import { conditionalFields, specOf } from '../../common/field-specs.ts';
import { Field, type FieldProps } from './fields.tsx';
import { useAutosave, type SaveState } from './useAutosave.ts';
import { planContextOf, validateReport, visibleCommonFields, visibleStageFields, type FormValues } from './values.ts';

interface ReportFormProps {
  /** Resolves to true once the drafts page's code is loaded, so it can open without a network. */
  draftsPageReady: Promise<boolean>;
  detail: ProjectDetailResponse;
  stage: Stage;
  initial: Draft;
  /** Review of the report being corrected, shown above the form. */
  returnedReason: string | null;
}

type Group = keyof FormValues;

/** The server names a field `fields.<name>` or `common.<name>`; the form names it `<name>`. */
const formFieldOf = (serverField: string | undefined): string | undefined => serverField?.replace(/^(fields|common)\./, '');

function SaveLine({ saveState, draft }: { saveState: SaveState; draft: Draft }): ReactNode {
  if (saveState.status === 'failed') {
    return <p className="jdt-save-line jdt-save-line--failed">草稿未能保存到本机，请不要关闭页面，联网后尽快提交</p>;
  }
  if (saveState.status === 'saved') {
    return <p className="jdt-save-line">草稿已自动保存在本机 · {formatBeijingTime(saveState.at.toISOString())}</p>;
  }
  if (draft.createdAt !== draft.updatedAt) {
    return <p className="jdt-save-line">已打开 {formatBeijingTime(draft.updatedAt)} 保存的草稿</p>;
  }
  return <p className="jdt-save-line">填写内容会自动保存在本机，没有网络也不会丢失</p>;
}

function dateRangeOf(detail: ProjectDetailResponse): FieldProps['dateRange'] {
  const thisYear = new Date().getFullYear();
  return {
    min: new Date(detail.project.period.startYear - 2, 0, 1),
    max: new Date(Math.max(detail.project.period.endYear, thisYear) + 1, 11, 31),
  };
}

/** Renders the report form of one stage: fields, evidence, autosave to the draft, and submission. */
export function ReportForm({ draftsPageReady, detail, stage, initial, returnedReason }: ReportFormProps): ReactNode {
  const navigate = useNavigate();
  const location = useLocation();
  const { project, checklist } = detail;
  const classified = project.classified;
  const projectPath = `/projects/${project.id}`;

  const [draft, setDraft] = useState(initial);
  const [values, setValues] = useState(initial.values);
  const [files, setFiles] = useState(initial.files);
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [submitAttempted, setSubmitAttempted] = useState(initial.lastError !== null);
  const [submitting, setSubmitting] = useState(false);
  const { saveState, schedule, saveNow } = useAutosave();
  const progress = useSendProgress(draft.id);
  const draftRef = useRef(draft);
  draftRef.current = draft;

  const editable = draft.status === 'draft' && !submitting;
  const plan = useMemo(() => planContextOf(detail, draft.correctsReportId), [detail, draft.correctsReportId]);
  const validation = useMemo(() => validateReport(stage, values, classified, plan), [stage, values, classified, plan]);
  const stageChecklist = classified ? [] : (checklist[stage] ?? []);
  const serverField = formFieldOf(draft.lastError?.field);

  // Once submitted, the draft is written by the sender (file ids, the outcome), which may also be
  // the drafts page or the automatic sender. While it is being edited, the form is its only writer.
  useEffect(
    () =>
      subscribeDrafts(() => {
        void getDraft(initial.id).then((latest) => {
          if (latest === undefined || draftRef.current.status === 'draft') return;
          setDraft(latest);
          setFiles(latest.files);
        });
      }),
    [initial.id],
  );

  const edit = (nextValues: FormValues, nextFiles: DraftFile[]): void => {
    const next: Draft = { ...draftRef.current, values: nextValues, files: nextFiles, updatedAt: new Date().toISOString() };
    setDraft(next);
    schedule(next);
  };

  const change = (group: Group, name: string) => (value: string) => {
    const nextValues = { ...values, [group]: { ...values[group], [name]: value } };
    setValues(nextValues);
    setTouched((current) => new Set(current).add(name));
    edit(nextValues, files);
  };

  const addFiles = (picked: File[], item: string | null): void => {
    const added: DraftFile[] = picked.map((file) => ({
      localId: randomId(),
      name: file.name,
      size: file.size,
      type: file.type,
      item,
      blob: file,
      fileId: null,
    }));
    const nextFiles = [...files, ...added];
    setFiles(nextFiles);
    edit(values, nextFiles);
  };

  const removeFile = (localId: string): void => {
    const nextFiles = files.filter((file) => file.localId !== localId);
    setFiles(nextFiles);
    edit(values, nextFiles);
  };

  const errorOf = (name: string): string | undefined => {
    if (serverField === name && !touched.has(name)) return draft.lastError?.message;
    const message = validation.errors[name];
    if (message === undefined) return undefined;
    return touched.has(name) || submitAttempted || validation.planFields.has(name) ? message : undefined;
  };

  const renderField = (group: Group, name: string): ReactNode => {
    const spec = specOf(stage, name);
    if (spec === undefined) return null;
    const value = values[group][name] ?? '';
    if (conditionalFields.has(name) && value === '' && validation.errors[name] === undefined) return null;
    return (
      <Field
        key={name}
        name={name}
        spec={spec}
        value={value}
        onChange={change(group, name)}
        error={errorOf(name)}
        disabled={!editable}
        dateRange={dateRangeOf(detail)}
      />
    );
  };

  const afterSend = async (outcome: SendOutcome): Promise<void> => {
    switch (outcome.kind) {
      case 'sent':
        Toast.show({ icon: 'success', content: `已提交第 ${outcome.report.version} 版` });
        if (isFromProjectPage(location.state)) navigate(-1);
        else navigate(projectPath, { replace: true });
        return;
      case 'pending':
        Toast.show({ content: '网络不可用，报告已存为待发送，联网后自动发送', duration: 4000 });
        // Without a network the drafts page opens only if its code was loaded before; otherwise
        // the form stays, showing 待发送 itself.
        if (await draftsPageReady) navigate('/drafts', { replace: true });
        else setDraft((current) => ({ ...current, status: 'pending' }));
        return;
      case 'rejected':
        // The request module has shown the server's message; the form marks the field.
        void getDraft(draft.id).then((latest) => {
          if (latest === undefined) return;
          setDraft(latest);
          setFiles(latest.files);
          setTouched(new Set());
        });
        return;
      case 'skipped':
        return;
    }
  };

  const send = async (): Promise<void> => {
    setSubmitting(true);
    try {
      await afterSend(await sendDraft(draft.id));
    } finally {
      setSubmitting(false);
    }
  };

  const submit = async (): Promise<void> => {
    setSubmitAttempted(true);
    const { body, formErrors } = validation;
    if (body === null) {
      Toast.show({ content: formErrors[0] ?? '请按提示修改后再提交' });
      document.querySelector('.jdt-field--error')?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      return;
    }
    const missing = missingItems(stageChecklist, files);
    if (missing.length > 0) {
      const proceed = await Dialog.confirm({
        title: `还缺 ${missing.length} 项材料`,
        content: `${missing.join('、')}。可以先提交，以后修改报告时补充。`,
        confirmText: '仍要提交',
        cancelText: '继续补充',
      });
      if (!proceed) return;
    }

    // The key is saved with the draft before the first attempt, so every retry, also after a
    // restart, sends the same key. The server then returns the report it created first.
    const now = new Date().toISOString();
    const queued: Draft = {
      ...draftRef.current,
      values,
      files,
      status: 'pending',
      submission: { idempotencyKey: randomId(), fields: body.fields, common: body.common, queuedAt: now },
      lastError: null,
      updatedAt: now,
    };
    setDraft(queued);
    await saveNow(queued);
    await send();
  };

  const stageName = stageNames[stage];
  const nextVersion = draft.correctsReportId === null ? null : (detail.reports.find((report) => report.id === draft.correctsReportId)?.version ?? 0) + 1;
  let footer: ReactNode;
  if (draft.status === 'pending') {
    footer = (
      <Button block color="primary" size="large" loading={submitting || progress !== undefined} loadingText="正在发送" onClick={() => void send()}>
        重试发送
      </Button>
    );
  } else if (draft.status === 'sent') {
    footer = (
      <Button block color="primary" size="large" onClick={() => navigate(projectPath, { replace: true })}>
        查看项目
      </Button>
    );
  } else {
    footer = (
      <Button block color="primary" size="large" loading={submitting} loadingText="正在提交" onClick={() => void submit()}>
        {nextVersion === null ? '提交报告' : `重新提交（第 ${nextVersion} 版）`}
      </Button>
    );
  }

  // A server message about a field the form does not show (e.g. `evidence`) goes above the form.
  const shownFields = [...visibleStageFields(stage, classified), ...visibleCommonFields(classified)];
  const fieldOnForm = serverField !== undefined && (shownFields.includes(serverField) || serverField.startsWith('file:'));
  const formLevelError = draft.lastError !== null && !fieldOnForm ? draft.lastError.message : null;
  return (
    <PageLayout title={nextVersion === null ? `报送${stageName}` : `修改${stageName}报告`} backTo={projectPath} footer={footer}>
      <div className="jdt-report-form">
        <div className="jdt-report-form__project">
          <span>序号 {project.seq}</span>
          <strong>{project.name}</strong>
        </div>
        {classified && <p className="jdt-banner jdt-banner--secret">涉密项目只报送日期和状态，不上传文件和文字内容</p>}
        {returnedReason !== null && (
          <p className="jdt-banner jdt-banner--returned">
            <strong>退回原因：</strong>
            {returnedReason}
          </p>
        )}
        {draft.status === 'pending' && (
          <p className="jdt-banner jdt-banner--pending" role="status">
            待发送：报告已保存在本机，联网后会自动发送{draft.lastError === null ? '' : `（上次失败：${draft.lastError.message}）`}
          </p>
        )}
        {draft.status === 'sent' && <p className="jdt-banner">报告已提交</p>}
        {formLevelError !== null && (
          <p className="jdt-banner jdt-banner--error" role="alert">
            {formLevelError}
          </p>
        )}

        <Card title={`${stageName}情况`} className="jdt-form-card">
          {visibleStageFields(stage, classified).map((name) => renderField('fields', name))}
        </Card>
        <Card title="资金和进度" className="jdt-form-card">
          {visibleCommonFields(classified).map((name) => renderField('common', name))}
        </Card>
        {!classified && (
          <Card title="证明材料" className="jdt-form-card">
            <EvidenceSection
              checklist={stageChecklist}
              files={files}
              progress={progress}
              fileError={
                serverField?.startsWith('file:') === true && draft.lastError !== null
                  ? { localId: serverField.slice('file:'.length), message: draft.lastError.message }
                  : null
              }
              disabled={!editable}
              onAdd={addFiles}
              onRemove={removeFile}
            />
          </Card>
        )}
        {validation.formErrors.map((message) => (
          <p key={message} className="jdt-banner jdt-banner--error">
            {message}
          </p>
        ))}
        <SaveLine saveState={saveState} draft={draft} />
      </div>
    </PageLayout>
  );
}
