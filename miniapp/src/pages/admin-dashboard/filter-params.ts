import { filterQuery, type DashboardFilter, type DashboardState } from '../../api/index.ts';
import { natureLabels } from '../../common/format.ts';
import { isStage, stageStateLabels } from '../../common/stages.ts';

export const dashboardStateLabels: Record<DashboardState, string> = { ...stageStateLabels, overdue: '已逾期' };
export const dashboardStates = Object.keys(dashboardStateLabels) as DashboardState[];

const isNature = (value: string): value is NonNullable<DashboardFilter['nature']> => Object.prototype.hasOwnProperty.call(natureLabels, value);
const isState = (value: string): value is DashboardState => Object.prototype.hasOwnProperty.call(dashboardStateLabels, value);

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

export const paramsFromFilter = (filter: DashboardFilter): URLSearchParams => new URLSearchParams(filterQuery(filter));

/** A stable key of a filter, for reloading when it changes. */
export const filterKey = (filter: DashboardFilter): string => filterQuery(filter);
