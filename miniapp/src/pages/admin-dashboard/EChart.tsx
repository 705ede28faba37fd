import { useEffect, useRef, type ReactNode } from 'react';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type EChartsCoreOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only the parts the dashboard draws, so the chunk stays a fraction of the full library.
use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const fontFamily = "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif";

interface EChartProps {
  option: EChartsCoreOption;
  height: number;
  /** Description of the chart for screen readers. */
  label: string;
  testId?: string;
}

/** Draws an ECharts option in a box of the given height that follows its container's width. */
export function EChart({ option, height, label, testId }: EChartProps): ReactNode {
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = box.current;
    if (element === null) return undefined;
    const chart = init(element, undefined, { renderer: 'canvas' });
    chart.setOption({ textStyle: { fontFamily }, animation: false, ...option });
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.dispose();
    };
  }, [option]);

  return <div ref={box} role="img" aria-label={label} data-testid={testId} style={{ width: '100%', height }} />;
}
