import { useState, type ReactNode } from 'react';
import { Button, Dialog, List, SearchBar, Toast } from 'antd-mobile';
import { linkPreviousProject, listLinkCandidates, unlinkPreviousProject, type LinkCandidate, type ProjectHistory } from '../../api/index.ts';

interface LinkPreviousProps {
  projectId: string;
  history: ProjectHistory;
  onChanged: (history: ProjectHistory) => void;
}

/**
 * Lets an admin link the project to its entry in an earlier batch when the import's name match
 * failed, or remove a wrong link. Either decision is kept when the batch is imported again.
 */
export function LinkPrevious({ projectId, history, onChanged }: LinkPreviousProps): ReactNode {
  const current = history.entries.find((entry) => entry.current);
  const [search, setSearch] = useState('');
  const [candidates, setCandidates] = useState<LinkCandidate[] | null>(null);
  const [busy, setBusy] = useState(false);

  const find = async (): Promise<void> => {
    setBusy(true);
    try {
      setCandidates(await listLinkCandidates(projectId, search));
    } catch {
      // The request module has shown why.
    } finally {
      setBusy(false);
    }
  };

  const link = async (candidate: LinkCandidate): Promise<void> => {
    const confirmed = await Dialog.confirm({
      title: '关联往年项目？',
      content: `本项目将作为 ${candidate.batch.docNo} 序号 ${candidate.seq}“${candidate.name}”的后续记录，重新导入本批次时保持这一关联。`,
      confirmText: '关联',
      cancelText: '取消',
    });
    if (!confirmed) return;
    try {
      onChanged(await linkPreviousProject(projectId, candidate.id));
      setCandidates(null);
      Toast.show({ icon: 'success', content: '已关联' });
    } catch {
      // The request module has shown why.
    }
  };

  const unlink = async (): Promise<void> => {
    const confirmed = await Dialog.confirm({
      title: '取消关联？',
      content: '本项目将不再与往年批次中的记录相连，重新导入本批次时也不会自动关联。',
      confirmText: '取消关联',
      cancelText: '保留',
    });
    if (!confirmed) return;
    try {
      onChanged(await unlinkPreviousProject(projectId));
      Toast.show({ icon: 'success', content: '已取消关联' });
    } catch {
      // The request module has shown why.
    }
  };

  if (current?.previousProjectId != null) {
    return (
      <div className="jdt-link-previous">
        <Button size="small" color="danger" fill="outline" onClick={() => void unlink()}>
          取消关联往年项目
        </Button>
      </div>
    );
  }

  return (
    <div className="jdt-link-previous">
      <p className="jdt-link-previous__hint">导入时没有找到本项目的往年记录。如项目名称有变化，可以搜索往年批次中的项目手动关联。</p>
      <SearchBar placeholder="搜索往年项目名称（留空列出同一牵头单位的项目）" value={search} onChange={setSearch} onSearch={() => void find()} />
      <Button className="jdt-link-previous__find" size="small" color="primary" fill="outline" loading={busy} onClick={() => void find()}>
        查找往年项目
      </Button>
      {candidates !== null &&
        (candidates.length === 0 ? (
          <p className="jdt-link-previous__hint">更早的批次中没有符合条件的项目</p>
        ) : (
          <List className="jdt-link-previous__list" data-testid="link-candidates">
            {candidates.map((candidate) => (
              <List.Item
                key={candidate.id}
                description={`${candidate.batch.docNo} · 序号 ${candidate.seq} · ${candidate.units.join('、')}`}
                extra={
                  <Button size="mini" color="primary" onClick={() => void link(candidate)}>
                    关联
                  </Button>
                }
              >
                {candidate.name}
              </List.Item>
            ))}
          </List>
        ))}
    </div>
  );
}
