import { useState, type ReactNode } from 'react';
import { Button, Input } from 'antd-mobile';
import { stageNames, type Stage } from '../../common/stages.ts';

/** One row of the editor: the item's text as typed, and a key that stays while the text changes. */
export interface EditedItem {
  key: string;
  text: string;
}

/** Returns, for each item whose trimmed name an earlier item already has, the 1-based number of that earlier item. */
function duplicatesOf(items: EditedItem[]): Map<number, number> {
  const firstIndex = new Map<string, number>();
  const duplicates = new Map<number, number>();
  items.forEach((item, index) => {
    const name = item.text.trim();
    if (name === '') return;
    const first = firstIndex.get(name);
    if (first === undefined) firstIndex.set(name, index);
    else duplicates.set(index, first + 1);
  });
  return duplicates;
}

interface ItemListProps {
  stage: Stage;
  items: EditedItem[];
  editable: boolean;
  /** Messages of the server's schema by item index. */
  itemErrors: ReadonlyMap<number, string>;
  /** A message about the whole list, e.g. too many items. */
  listError: string | null;
  /** True after a save attempt, when every message shows. Before it, only the messages of rows already left show. */
  showAllErrors: boolean;
  onChange: (items: EditedItem[]) => void;
  newKey: () => string;
}

/** Shows a stage's checklist items as editable rows with add and remove, or as a plain list for readers. */
export function ItemList({ stage, items, editable, itemErrors, listError, showAllErrors, onChange, newKey }: ItemListProps): ReactNode {
  const [blurred, setBlurred] = useState<ReadonlySet<string>>(new Set());
  const [focusKey, setFocusKey] = useState<string | null>(null);

  if (!editable) {
    if (items.length === 0) return <p className="jdt-checklist-empty">{stageNames[stage]}暂无材料要求</p>;
    return (
      <ol className="jdt-checklist-readonly">
        {items.map((item) => (
          <li key={item.key}>{item.text}</li>
        ))}
      </ol>
    );
  }

  const duplicates = duplicatesOf(items);
  const setText = (key: string, text: string): void => onChange(items.map((item) => (item.key === key ? { ...item, text } : item)));
  const remove = (key: string): void => onChange(items.filter((item) => item.key !== key));
  const add = (): void => {
    const key = newKey();
    setFocusKey(key);
    onChange([...items, { key, text: '' }]);
  };

  return (
    <div className="jdt-checklist" data-testid={`checklist-${stage}`}>
      {items.length === 0 && <p className="jdt-checklist-empty">{stageNames[stage]}暂无材料要求，联系人报送时不会被提示上传材料</p>}
      <ol className="jdt-checklist-items">
        {items.map((item, index) => {
          const duplicateOf = duplicates.get(index);
          const message = itemErrors.get(index) ?? (duplicateOf === undefined ? undefined : `与第 ${duplicateOf} 项重复`);
          const errorVisible = message !== undefined && (showAllErrors || blurred.has(item.key) || duplicateOf !== undefined);
          const id = `checklist-item-${item.key}`;
          return (
            <li key={item.key} className={errorVisible ? 'jdt-checklist-item jdt-checklist-item--error' : 'jdt-checklist-item'}>
              <div className="jdt-checklist-item__row">
                <label className="jdt-checklist-item__number" htmlFor={id}>
                  {index + 1}
                </label>
                <Input
                  id={id}
                  className="jdt-checklist-item__input"
                  value={item.text}
                  onChange={(text) => setText(item.key, text)}
                  onBlur={() => setBlurred((current) => new Set(current).add(item.key))}
                  placeholder="材料名称，例如：采购公告"
                  autoFocus={item.key === focusKey}
                  enterKeyHint="done"
                />
                <button type="button" className="jdt-checklist-item__remove" onClick={() => remove(item.key)} aria-label={`删除第 ${index + 1} 项 ${item.text}`}>
                  删除
                </button>
              </div>
              {errorVisible && <div className="jdt-checklist-item__error">{message}</div>}
            </li>
          );
        })}
      </ol>
      {listError !== null && (showAllErrors || duplicates.size > 0) && (
        <p className="jdt-checklist-list-error" role="alert">
          {listError}
        </p>
      )}
      <Button className="jdt-checklist-add" fill="outline" color="primary" size="small" onClick={add}>
        添加材料
      </Button>
    </div>
  );
}
