/**
 * The one ECharts wrapper: registers the given modules, draws the option on a canvas, follows the
 * window's size and disposes of the chart when it leaves. The picture is for the eye only; the
 * screens always give the same figures as text beside it (presentation.md: never only colour, never
 * only a picture), and the chart element carries a label saying what it shows.
 */
import * as echarts from 'echarts/core';
import { useEffect, useRef } from 'react';

export type EChartOption = echarts.EChartsCoreOption;
export type EChartModules = Parameters<typeof echarts.use>[0];

export function EChart({
  modules,
  option,
  label,
  height,
  className,
}: {
  modules: EChartModules;
  option: EChartOption;
  label: string;
  height: number;
  className: string;
}) {
  const ref = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    echarts.use(modules);
    const chart = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.setOption(option);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [modules, option]);
  return <div ref={ref} className={className} role="img" aria-label={label} style={{ height }} />;
}
