/**
 * A line chart (the dashboard's utilisation against the cap), drawn by the shared ECharts wrapper.
 */
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { EChart, type EChartOption } from './EChart';

const modules = [
  LineChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  MarkLineComponent,
  CanvasRenderer,
];

export type ChartOption = EChartOption;

export function Chart({
  option,
  label,
  height = 260,
}: {
  option: ChartOption;
  label: string;
  height?: number;
}) {
  return <EChart modules={modules} option={option} label={label} height={height} className="chart" />;
}
