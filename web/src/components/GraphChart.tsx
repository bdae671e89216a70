/**
 * An ECharts graph (nodes and labelled edges) in React, for the register: who is connected to the
 * issuer and through what. The picture is for the eye only; the screen always gives the same facts
 * as text beside it, and the chart element carries a label saying what it shows.
 */
import * as echarts from 'echarts/core';
import { GraphChart as EGraphChart } from 'echarts/charts';
import { LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([EGraphChart, LegendComponent, TooltipComponent, CanvasRenderer]);

export type GraphOption = echarts.EChartsCoreOption;

export function GraphChart({
  option,
  label,
  height = 480,
}: {
  option: GraphOption;
  label: string;
  height?: number;
}) {
  const ref = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.setOption(option);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  return <div ref={ref} className="chart graph-chart" role="img" aria-label={label} style={{ height }} />;
}
