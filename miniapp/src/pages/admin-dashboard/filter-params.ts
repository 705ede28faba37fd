import type { DashboardFilter, DashboardState } from '../../api/index.ts';
import { isStage, stageStateLabels } from '../../common/stages.ts';

const natures = ['new', 'upgrade', 'continuing'] as const;
export const dashboardStates: readonly DashboardState[] = ['none', 'submitted', 'returned', 'accepted', 'overdue'];

export const dashboardStateLabels: Record<DashboardState, string> = { ...stageStateLabels, overdue: '已逾期' };

const isNature = (value: string): value is NonNullable<DashboardFilter['nature']> => natures.some((nature) => nature === value);
const isState = (value: string): value is DashboardState => dashboardStates.some((state) => state === value);

/** Reads the filter from the page's address, so a filtered view can be bookmarked and shared. */
export function filterFromParams(params: URLSearchParams): DashboardFilter {
  const filter: DashboardFilter = {};
  const text = (key: string) => params.get(key) ?? '';
  const [batchId, unitId, nature, stage, state, q] = ['batchId', 'unitId', 'nature', 'stage', 'state', 'q'].map(text) as [string, string, string, string, string, string];
  if (/^[0-9a-f]{24}$/.test(batchId)) filter.batchId = batchId;
  if (/^[0-9a-f]{24}$/.test(unitId)) filter.unitId = unitId;
  if (isNature(nature)) filter.nature = nature;
  if (isStage(stage)) filter.stage = stage;
  if (isState(state)) filter.state = state;
  if (q.trim() !== '') filter.q = q.trim().slice(0, 50);
  return filter;
}

export function paramsFromFilter(filter: DashboardFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (typeof value === 'string' && value !== '') params.set(key, value);
  }
  return params;
}

/** A stable key of a filter, for reloading when it changes. */
export const filterKey = (filter: DashboardFilter): string => paramsFromFilter(filter).toString();
