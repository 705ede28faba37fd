import { useState, type ReactNode } from 'react';
import { Button, Checkbox, Form, Input, Toast } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { ApiError, importNotice, previewImport, type ImportFields, type ImportPreview } from '../../api/index.ts';
import { AdminOnly } from '../../common/AdminOnly.tsx';
import { PageLayout } from '../../common/PageLayout.tsx';
import { StatusBlock } from '../../common/StatusBlock.tsx';
import { FindingsTab } from '../admin-batch/FindingsTab.tsx';
import { PreviewSummary } from './PreviewSummary.tsx';
import './ImportPage.css';

const emptyFields: ImportFields = { docNo: '', title: '', issuedAt: '' };

/** True when saving would change rows of a batch that the units have already received. */
function changesPublishedBatch(preview: ImportPreview): boolean {
  const existing = preview.existingBatch;
  return existing !== null && existing.status === 'published' && existing.changedSeqs.length > 0;
}

function ImportForm(): ReactNode {
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [fields, setFields] = useState<ImportFields>(emptyFields);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [updatePublished, setUpdatePublished] = useState(false);
  const [busy, setBusy] = useState<'preview' | 'import' | null>(null);

  // Any change of the input discards the preview, so 确认导入 always saves what was previewed.
  const resetPreview = (): void => {
    setPreview(null);
    setError(null);
    setUpdatePublished(false);
  };
  const changeField = (name: keyof ImportFields, value: string): void => {
    setFields((current) => ({ ...current, [name]: value }));
    resetPreview();
  };

  const runPreview = async (): Promise<void> => {
    if (file === null) return;
    setBusy('preview');
    resetPreview();
    try {
      setPreview(await previewImport(file, fields));
      // An error toast of the previous attempt would otherwise cover the new preview.
      Toast.clear();
    } catch (caught) {
      // The request module has shown the message as a toast; it stays on the page as well, because
      // a message naming a line and column is read while fixing the file.
      if (caught instanceof ApiError) setError(caught.message);
    } finally {
      setBusy(null);
    }
  };

  const runImport = async (): Promise<void> => {
    if (file === null || preview === null) return;
    setBusy('import');
    try {
      const result = await importNotice(file, fields, updatePublished);
      Toast.show({ icon: 'success', content: result.created ? `已导入 ${result.docNo}` : `已更新 ${result.docNo}` });
      navigate(`/admin/batches/${result.batchId}`);
    } catch (caught) {
      if (caught instanceof ApiError) setError(caught.message);
    } finally {
      setBusy(null);
    }
  };

  const needsConsent = preview !== null && changesPublishedBatch(preview);

  return (
    <>
      <Form layout="vertical" className="jdt-import-form">
        <Form.Item label="通知文件" description="通知全文（.txt）、项目表（.tsv）或 Excel 工作簿（.xlsx）">
          <input
            className="jdt-import-file"
            type="file"
            accept=".txt,.tsv,.xlsx,text/plain,text/tab-separated-values,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            data-testid="import-file"
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              resetPreview();
            }}
          />
        </Form.Item>
        <Form.Item label="文号" description="文件只有项目表时必填；填写后覆盖文件中的文号">
          <Input id="import-doc-no" placeholder="例如 舟数管发〔2022〕4号" value={fields.docNo} onChange={(value) => changeField('docNo', value)} clearable />
        </Form.Item>
        <Form.Item label="通知标题" description="文件只有项目表时必填">
          <Input id="import-title" placeholder="关于下达……项目计划的通知" value={fields.title} onChange={(value) => changeField('title', value)} clearable />
        </Form.Item>
        <Form.Item label="发文日期" description="文件只有项目表时必填，格式 YYYY-MM-DD">
          <Input id="import-issued-at" placeholder="例如 2022-07-07" value={fields.issuedAt} onChange={(value) => changeField('issuedAt', value)} clearable />
        </Form.Item>
      </Form>
      <div className="jdt-import-actions">
        <Button block color="primary" fill="outline" disabled={file === null || busy !== null} loading={busy === 'preview'} onClick={() => void runPreview()}>
          预览
        </Button>
      </div>

      {error !== null && (
        <StatusBlock tone="error" title={preview === null ? '无法导入该文件' : '导入失败'} description={error} />
      )}
      {preview !== null && (
        <>
          <PreviewSummary preview={preview} />
          <h2 className="jdt-import-heading">核对结果</h2>
          <FindingsTab findings={preview.notice.findings} year={preview.notice.batch.year} />
          {needsConsent && (
            <div className="jdt-import-consent">
              <Checkbox checked={updatePublished} onChange={setUpdatePublished} data-testid="update-published">
                允许更新已发布批次（各单位已收到原计划，更新后请另行通知相关单位）
              </Checkbox>
            </div>
          )}
          <div className="jdt-import-actions">
            <Button
              block
              color="primary"
              size="large"
              disabled={busy !== null || (needsConsent && !updatePublished)}
              loading={busy === 'import'}
              loadingText="正在导入"
              onClick={() => void runImport()}
            >
              确认导入
            </Button>
          </div>
        </>
      )}
    </>
  );
}

/**
 * Creates or updates a batch from an uploaded notice: the file is parsed and checked first, and
 * nothing is saved until the admin confirms the preview.
 */
export default function ImportPage(): ReactNode {
  return (
    <PageLayout title="导入计划通知" backTo="/admin">
      <AdminOnly notice={{ title: '仅管理员可以导入计划', description: '只读账号可以在计划批次中查看已导入的项目' }}>
        <ImportForm />
      </AdminOnly>
    </PageLayout>
  );
}
