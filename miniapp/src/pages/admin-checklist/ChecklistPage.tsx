import { useEffect, useState, type ReactNode } from 'react';
import { Badge, Button, Tabs, Toast } from 'antd-mobile';
import { useSearchParams } from 'react-router-dom';
import { checklistBody } from '../../../../server/routes/evidence-checklist/schema.ts';
import { getEvidenceChecklist, updateEvidenceChecklist, type EvidenceChecklist } from '../../api/index.ts';
import { useMe } from '../../auth/AuthContext.tsx';
import { Loaded } from '../../common/Loaded.tsx';
import { PageLayout } from '../../common/PageLayout.tsx';
import { isStage, stageNames, stageOrder, type Stage } from '../../common/stages.ts';
import { useLoad } from '../../common/useLoad.ts';
import { ItemList, type EditedItem } from './ItemList.tsx';
import './ChecklistPage.css';

/** Reads and sets the open stage. It is kept in the URL (?stage=…), so reloading the page keeps it. */
function useStageTab(): [Stage, (stage: Stage) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const value = searchParams.get('stage') ?? undefined;
  const stage: Stage = isStage(value) ? value : 'procurement';
  const setStage = (next: Stage): void => setSearchParams(next === 'procurement' ? {} : { stage: next }, { replace: true });
  return [stage, setStage];
}

let lastKey = 0;
/** Returns a key for a row of the editor, stable while the row's text changes. */
const newKey = (): string => `item-${(lastKey += 1)}`;

const toEdited = (items: string[]): EditedItem[] => items.map((text) => ({ key: newKey(), text }));

const rowsOf = (checklist: EvidenceChecklist): Record<Stage, EditedItem[]> =>
  Object.fromEntries(stageOrder.map((stage) => [stage, toEdited(checklist[stage])])) as Record<Stage, EditedItem[]>;

const sameItems = (edited: EditedItem[], saved: string[]): boolean =>
  edited.length === saved.length && edited.every((item, index) => item.text === saved[index]);

/** Checks a stage's items with the server's own schema, so both reject the same lists with the same message. */
function validate(items: EditedItem[]): { itemErrors: Map<number, string>; listError: string | null; valid: string[] | null } {
  const result = checklistBody.safeParse({ items: items.map((item) => item.text) });
  if (result.success) return { itemErrors: new Map(), listError: null, valid: result.data.items };

  const itemErrors = new Map<number, string>();
  let listError: string | null = null;
  for (const issue of result.error.issues) {
    const index = issue.path[1];
    if (typeof index === 'number') itemErrors.set(index, itemErrors.get(index) ?? issue.message);
    else listError ??= issue.message;
  }
  return { itemErrors, listError, valid: null };
}

/** Warns before the browser leaves the page (reload, closing the tab) while edits are unsaved. */
function useLeaveWarning(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const warn = (event: BeforeUnloadEvent): void => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [active]);
}

function ChecklistEditor({ initial, editable }: { initial: EvidenceChecklist; editable: boolean }): ReactNode {
  const [stage, setStage] = useStageTab();
  const [saved, setSaved] = useState(initial);
  // The rows of every stage, edited or not. Switching stages keeps the edits, and saving sends only the open stage.
  const [rows, setRows] = useState(() => rowsOf(initial));
  const [attempted, setAttempted] = useState<ReadonlySet<Stage>>(new Set());
  const [saving, setSaving] = useState(false);

  const isDirty = (target: Stage): boolean => !sameItems(rows[target], saved[target]);
  const items = rows[stage];
  const dirty = isDirty(stage);
  const { itemErrors, listError, valid } = validate(items);
  useLeaveWarning(stageOrder.some(isDirty));

  const change = (next: EditedItem[]): void => setRows((current) => ({ ...current, [stage]: next }));
  const revert = (): void => change(toEdited(saved[stage]));

  const save = async (): Promise<void> => {
    setAttempted((current) => new Set(current).add(stage));
    if (valid === null) return;

    setSaving(true);
    try {
      const next = await updateEvidenceChecklist(stage, valid);
      // Takes the server's lists of the other stages too, unless they have unsaved edits.
      setRows((current) => {
        const updated = { ...current };
        for (const other of stageOrder) {
          if (other === stage || sameItems(current[other], saved[other])) updated[other] = toEdited(next[other]);
        }
        return updated;
      });
      setSaved(next);
      Toast.show({ icon: 'success', content: '清单已保存' });
    } catch {
      // The request module has shown why. The edits stay, so they can be saved again.
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Tabs activeKey={stage} onChange={(key) => setStage(isStage(key) ? key : 'procurement')} className="jdt-checklist-tabs">
        {stageOrder.map((tabStage) => (
          <Tabs.Tab
            key={tabStage}
            title={
              <Badge content={isDirty(tabStage) ? Badge.dot : null} style={{ '--right': '-6px', '--top': '2px' }}>
                {stageNames[tabStage]}
              </Badge>
            }
          />
        ))}
      </Tabs>
      <p className="jdt-checklist-intro">
        联系人报送{stageNames[stage]}时，表单按此清单逐项提示上传材料。缺少材料不影响提交，审核时会标出缺少的项目。修改后，已有报告的缺项也按新清单计算。
      </p>
      <ItemList
        stage={stage}
        items={items}
        editable={editable}
        itemErrors={itemErrors}
        listError={listError}
        showAllErrors={attempted.has(stage)}
        onChange={change}
        newKey={newKey}
      />
      {editable && (
        <div className="jdt-checklist-actions">
          <Button block fill="outline" disabled={!dirty || saving} onClick={revert}>
            撤销修改
          </Button>
          <Button block color="primary" disabled={!dirty} loading={saving} loadingText="正在保存" onClick={() => void save()}>
            保存{stageNames[stage]}清单
          </Button>
        </div>
      )}
    </>
  );
}

/** Lets the bureau's admins set the evidence items other stage's report should carry; others read them. */
export default function ChecklistPage(): ReactNode {
  const me = useMe();
  const load = useLoad(getEvidenceChecklist, 'evidence-checklist');
  return (
    <PageLayout title="材料清单设置" backTo="/admin">
      <Loaded load={load}>{(checklist) => <ChecklistEditor initial={checklist} editable={me.role === 'admin'} />}</Loaded>
    </PageLayout>
  );
}
