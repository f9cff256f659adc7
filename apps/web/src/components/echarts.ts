import { BarChart, LineChart, PieChart, type BarSeriesOption, type LineSeriesOption, type PieSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption } from 'echarts/components';
import { init, use, type ComposeOption, type EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

/**
 * The parts of ECharts the app draws with, and nothing else: line, bar and pie series on a grid, with a legend and a
 * tooltip, drawn as SVG (crisp at any zoom, and smaller than the canvas renderer with its extras).
 */
use([LineChart, BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = ComposeOption<LineSeriesOption | BarSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;
export type ChartInstance = EChartsType;

export function createChart(element: HTMLElement): ChartInstance {
  return init(element, undefined, { renderer: 'svg' });
}
