import { stageLabels, stages, type Stage } from '../../../server/reports/stage-names.ts';
import type { StageState } from '../api/index.ts';

export type { Stage };

/** The six stages in the order a project goes through them. */
export const stageOrder = stages;

export const stageNames = stageLabels;

export const isStage = (value: string | undefined): value is Stage => stageOrder.some((stage) => stage === value);

export const stageStateLabels: Record<StageState['state'], string> = {
  none: '未报送',
  submitted: '已提交',
  returned: '已退回',
  accepted: '已通过',
};

/** antd-mobile Tag colors of the report states. */
export const stateColors: Record<StageState['state'], 'default' | 'primary' | 'danger' | 'success'> = {
  none: 'default',
  submitted: 'primary',
  returned: 'danger',
  accepted: 'success',
};
