/**
 * ECharts, imported piecewise (only bar and line charts, canvas renderer) to keep the bundle small
 * (ADR 0060). Each view registers its charts so the router can dispose them on navigation.
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, MarkLineComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  MarkLineComponent,
  CanvasRenderer,
]);

export type Chart = echarts.ECharts;
export type ChartOption = echarts.EChartsCoreOption;

const live = new Set<Chart>();

function baseFont(): number {
  return document.body.classList.contains('projector') ? 18 : 13;
}

export function makeChart(el: HTMLElement, option: ChartOption): Chart {
  const chart = echarts.init(el, undefined, { renderer: 'canvas' });
  chart.setOption({ textStyle: { fontSize: baseFont() }, animationDuration: 300, ...option });
  live.add(chart);
  return chart;
}

export function disposeCharts(): void {
  for (const c of live) c.dispose();
  live.clear();
}

export function resizeCharts(): void {
  for (const c of live) c.resize();
}

export interface Bar {
  readonly key: string;
  readonly label: string;
  readonly value: number;
  readonly color?: string;
}

/** A horizontal bar chart; `onClick` receives the bar's key (rule id, district code). */
export function barChart(el: HTMLElement, bars: readonly Bar[], onClick?: (key: string) => void): Chart {
  const font = baseFont();
  const sorted = [...bars].reverse();
  // Tall enough for every label, never a single fat bar.
  el.style.height = `${Math.max(180, sorted.length * (font + 14) + 60)}px`;
  const chart = makeChart(el, {
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: font } },
    yAxis: { type: 'category', data: sorted.map((b) => b.label), axisLabel: { fontSize: font, interval: 0 } },
    series: [
      {
        type: 'bar',
        data: sorted.map((b) => ({ value: b.value, itemStyle: b.color ? { color: b.color } : undefined })),
        label: { show: true, position: 'right', fontSize: font },
        barMaxWidth: 28,
      },
    ],
  });
  if (onClick) {
    chart.on('click', (params) => {
      const idx = (params as { dataIndex?: number }).dataIndex;
      if (typeof idx === 'number' && sorted[idx]) onClick(sorted[idx].key);
    });
  }
  return chart;
}

export interface Line {
  readonly name: string;
  readonly points: ReadonlyArray<readonly [string, number]>;
}

export function lineChart(el: HTMLElement, categories: readonly string[], lines: readonly Line[]): Chart {
  const font = baseFont();
  return makeChart(el, {
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { fontSize: font } },
    xAxis: { type: 'category', data: [...categories], axisLabel: { fontSize: font } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { fontSize: font } },
    series: lines.map((l) => ({
      type: 'line',
      name: l.name,
      data: categories.map((c) => l.points.find((p) => p[0] === c)?.[1] ?? null),
      connectNulls: true,
      symbolSize: 8,
    })),
  });
}
