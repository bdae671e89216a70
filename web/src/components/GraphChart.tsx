/**
 * An ECharts graph (nodes and labelled edges) for the register: who is connected to the issuer and
 * through what. Drawn by the shared ECharts wrapper; the screen gives the same facts as text beside it.
 */
import { GraphChart as EGraphChart } from 'echarts/charts';
import { LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { EChart, type EChartOption } from './EChart';

const modules = [EGraphChart, LegendComponent, TooltipComponent, CanvasRenderer];

export type GraphOption = EChartOption;

export function GraphChart({
  option,
  label,
  height = 480,
}: {
  option: GraphOption;
  label: string;
  height?: number;
}) {
  return (
    <EChart modules={modules} option={option} label={label} height={height} className="chart graph-chart" />
  );
}
