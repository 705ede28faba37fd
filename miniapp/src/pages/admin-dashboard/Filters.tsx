import { useEffect, useState, type ReactNode } from 'react';
import { SearchBar } from 'antd-mobile';
import type { DashboardFilter, DashboardOverview } from '../../api/index.ts';
import { natureLabels } from '../../common/format.ts';
import { stageNames, stageOrder } from '../../common/stages.ts';
import { dashboardStateLabels, dashboardStates } from './filter-params.ts';

interface FiltersProps {
  filter: DashboardFilter;
  options: DashboardOverview['options'] | undefined;
  onChange: (filter: DashboardFilter) => void;
}

interface ChoiceProps {
  label: string;
  value: string | undefined;
  choices: ReadonlyArray<{ value: string; label: string }>;
  onChange: (value: string | undefined) => void;
}

/** Renders a native select, which phones show as their own picker and desktops as a dropdown. */
function Choice({ label, value, choices, onChange }: ChoiceProps): ReactNode {
  return (
    <label className="jdt-dash-filter">
      <span className="jdt-dash-filter__label">{label}</span>
      <select aria-label={label} value={value ?? ''} onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}>
        <option value="">全部</option>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Renders the dashboard's filters: batch, unit, nature, stage, state and a search over names. */
export function Filters({ filter, options, onChange }: FiltersProps): ReactNode {
  const [search, setSearch] = useState(filter.q ?? '');
  useEffect(() => setSearch(filter.q ?? ''), [filter.q]);
  const set = (patch: Partial<DashboardFilter>) => {
    const next: DashboardFilter = { ...filter, ...patch };
    for (const key of Object.keys(next) as Array<keyof DashboardFilter>) {
      if (next[key] === undefined || next[key] === '') delete next[key];
    }
    onChange(next);
  };

  return (
    <section className="jdt-dash-filters" aria-label="筛选">
      <SearchBar
        className="jdt-dash-search"
        placeholder="搜索项目名称或建设单位"
        value={search}
        maxLength={50}
        onChange={setSearch}
        onSearch={(text) => set({ q: text.trim() })}
        onClear={() => set({ q: undefined })}
      />
      <div className="jdt-dash-filters__grid">
        <Choice
          label="批次"
          value={filter.batchId}
          choices={(options?.batches ?? []).map((batch) => ({ value: batch.id, label: batch.docNo }))}
          onChange={(batchId) => set({ batchId })}
        />
        <Choice
          label="建设单位"
          value={filter.unitId}
          choices={(options?.units ?? []).map((unit) => ({ value: unit.id, label: unit.name }))}
          onChange={(unitId) => set({ unitId })}
        />
        <Choice
          label="建设性质"
          value={filter.nature}
          choices={Object.entries(natureLabels).map(([value, label]) => ({ value, label }))}
          onChange={(nature) => set({ nature: nature as DashboardFilter['nature'] })}
        />
        <Choice
          label="阶段"
          value={filter.stage}
          choices={stageOrder.map((stage) => ({ value: stage, label: stageNames[stage] }))}
          onChange={(stage) => set({ stage: stage as DashboardFilter['stage'] })}
        />
        <Choice
          label="状态"
          value={filter.state}
          choices={dashboardStates.map((state) => ({ value: state, label: dashboardStateLabels[state] }))}
          onChange={(state) => set({ state: state as DashboardFilter['state'] })}
        />
      </div>
    </section>
  );
}
