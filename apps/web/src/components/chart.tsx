import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { formatAxisValue, formatDimensionValue, formatValue, labelIn, type LocalizedLabel, type ValueUnit } from './chart-format';
import type { ChartInstance, ChartOption } from './echarts';
import './chart.css';

export type ChartKind = 'line' | 'bar' | 'pie' | 'table';

export interface ChartColumn {
  key: string;
  kind: 'dimension' | 'metric';
  unit: ValueUnit | null;
  label: LocalizedLabel;
  /** On a line chart, a dashed line: a bound rather than a figure (a forecast's range). */
  isDashed?: boolean;
}

/** A report's answer as the chart reads it (the server's report result has this shape, and more). */
export interface ChartTable {
  columns: ChartColumn[];
  rows: Array<Record<string, string | number | null>>;
  totals?: Record<string, number | null>;
  labels?: Record<string, string>;
  period?: { timeZone: string };
}

interface ChartProps {
  table: ChartTable;
  kind: ChartKind;
  /** What the figures are (the report's title): the table's caption and the start of the chart's summary. */
  title: string;
  testId?: string;
}

/**
 * A report drawn as a line, bar or pie chart, with the same figures as a data table one click away. The chart is an
 * image to assistive technology, named by a sentence that sums it up; the table is the accessible reading of it.
 * A `table` report shows only the table.
 */
export function Chart({ table, kind, title, testId }: ChartProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [isTableShown, setTableShown] = useState(false);
  const model = useMemo(() => (kind === 'table' ? undefined : buildSeries(table, kind, t, language)), [table, kind, t, language]);
  const regionId = useId();

  // Groups with no figure at all (no ticket answered, none rated): nothing to draw, and a table of dashes.
  const hasFigures = table.rows.some((row) => table.columns.some((column) => column.kind === 'metric' && numberOf(row[column.key]) !== null));
  if (!hasFigures) return <p className="empty" data-testid={testId}>{t('analytics.chart.empty')}</p>;
  if (!model) return <DataTable table={table} title={title} testId={testId} />;

  const summary = summarize(model, kind as Exclude<ChartKind, 'table'>, title, t, language);
  return (
    <figure className="chart" data-testid={testId} data-chart-kind={kind}>
      <div className="chart-toolbar">
        <button type="button" onClick={() => setTableShown((shown) => !shown)} aria-controls={regionId} data-testid={testId && `${testId}-toggle`}>
          {isTableShown ? t('analytics.chart.showChart') : t('analytics.chart.showTable')}
        </button>
      </div>
      <div id={regionId}>
        {isTableShown ? <DataTable table={table} title={title} testId={testId && `${testId}-table`} /> : <ChartCanvas model={model} kind={kind as Exclude<ChartKind, 'table'>} summary={summary} />}
      </div>
      {!isTableShown && model.omitted.length > 0 && <figcaption className="hint">{t('analytics.chart.omitted', { metrics: model.omitted.join(', ') })}</figcaption>}
    </figure>
  );
}

// ── The figures as series ──────────────────────────────────────────────────────────────────────────────────────

interface Series {
  name: string;
  unit: ValueUnit | null;
  axis: number;
  values: Array<number | null>;
  isDashed?: boolean;
}

interface SeriesModel {
  categories: string[];
  series: Series[];
  /** The value axes' units, left then right: metrics of a third unit stay in the table. */
  axisUnits: Array<ValueUnit | null>;
  /** Metrics the chart leaves out (a third unit, or more than one metric across two groupings). */
  omitted: string[];
  /** What the chart measures and along what, for its summary: "Tickets created" by "Day · Priority". */
  subject: string;
  dimensionLabel: string;
}

const numberOf = (value: string | number | null | undefined) => (typeof value === 'number' ? value : value === null || value === undefined || value === '' ? null : Number(value));

/**
 * One grouping: a category per group, a series per metric (two units at most, one per axis). Two groupings: the
 * first along the axis, a series per value of the second, for the first metric (a time grouping first draws lines).
 */
function buildSeries(table: ChartTable, kind: ChartKind, t: TFunction, language: string): SeriesModel | undefined {
  const dimensions = table.columns.filter((column) => column.kind === 'dimension');
  const metrics = table.columns.filter((column) => column.kind === 'metric');
  const [first, second] = dimensions;
  if (!first || metrics.length === 0) return undefined;
  const context = { t, language, labels: table.labels, timeZone: table.period?.timeZone, isShort: true };
  const groupName = (dimension: ChartColumn, row: Record<string, string | number | null>) => formatDimensionValue(dimension.key, row[dimension.key], context);
  const dimensionLabel = dimensions.map((dimension) => labelIn(dimension.label, language)).join(' · ');

  if (kind === 'pie') {
    const [metric, ...others] = metrics;
    const rows = table.rows.filter((row) => (numberOf(row[metric!.key]) ?? 0) > 0);
    return {
      categories: rows.map((row) => dimensions.map((dimension) => groupName(dimension, row)).join(' · ')),
      series: [{ name: labelIn(metric!.label, language), unit: metric!.unit, axis: 0, values: rows.map((row) => numberOf(row[metric!.key])) }],
      axisUnits: [metric!.unit],
      omitted: others.map((other) => labelIn(other.label, language)),
      subject: labelIn(metric!.label, language),
      dimensionLabel,
    };
  }

  const categoryKeys: string[] = [];
  const categories: string[] = [];
  for (const row of table.rows) {
    const key = String(row[first.key]);
    if (categoryKeys.includes(key)) continue;
    categoryKeys.push(key);
    categories.push(groupName(first, row));
  }

  if (second) {
    const [metric, ...others] = metrics;
    const seriesKeys: string[] = [];
    const series: Series[] = [];
    for (const row of table.rows) {
      const key = String(row[second.key]);
      if (seriesKeys.includes(key)) continue;
      seriesKeys.push(key);
      series.push({ name: groupName(second, row), unit: metric!.unit, axis: 0, values: categoryKeys.map(() => null) });
    }
    for (const row of table.rows) {
      const target = series[seriesKeys.indexOf(String(row[second.key]))]!;
      target.values[categoryKeys.indexOf(String(row[first.key]))] = numberOf(row[metric!.key]);
    }
    return { categories, series, axisUnits: [metric!.unit], omitted: others.map((other) => labelIn(other.label, language)), subject: labelIn(metric!.label, language), dimensionLabel };
  }

  const axisUnits: Array<ValueUnit | null> = [];
  const series: Series[] = [];
  const omitted: string[] = [];
  for (const metric of metrics) {
    let axis = axisUnits.indexOf(metric.unit);
    if (axis < 0 && axisUnits.length < 2) axis = axisUnits.push(metric.unit) - 1;
    if (axis < 0) {
      omitted.push(labelIn(metric.label, language));
      continue;
    }
    const byCategory = new Map(table.rows.map((row) => [String(row[first.key]), numberOf(row[metric.key])]));
    series.push({ name: labelIn(metric.label, language), unit: metric.unit, axis, values: categoryKeys.map((key) => byCategory.get(key) ?? null), isDashed: metric.isDashed });
  }
  return { categories, series, axisUnits, omitted, subject: series.map((item) => item.name).join(', '), dimensionLabel };
}

/** The sentence that names the chart: what it shows, over how many groups, and where the first series peaks. */
function summarize(model: SeriesModel, kind: Exclude<ChartKind, 'table'>, title: string, t: TFunction, language: string): string {
  const sentences = [t('analytics.chart.summary', { kind: t(`analytics.chart.kinds.${kind}`), title, series: model.subject, dimension: model.dimensionLabel, count: model.categories.length })];
  const [series] = model.series;
  if (series) {
    const points = series.values.flatMap((value, index) => (value === null ? [] : [{ value, at: model.categories[index]! }]));
    if (points.length > 0) {
      const highest = points.reduce((best, point) => (point.value > best.value ? point : best));
      const lowest = points.reduce((best, point) => (point.value < best.value ? point : best));
      const format = (value: number) => formatValue(value, series.unit, t, language);
      if (kind === 'pie') {
        const sum = points.reduce((total, point) => total + point.value, 0);
        const share = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(sum > 0 ? highest.value / sum : 0);
        sentences.push(t('analytics.chart.summaryLargest', { name: highest.at, value: format(highest.value), share }));
      } else {
        sentences.push(t('analytics.chart.summaryRange', { series: series.name, max: format(highest.value), maxAt: highest.at, min: format(lowest.value), minAt: lowest.at }));
      }
    }
  }
  return sentences.join(' ');
}

// ── The drawing ───────────────────────────────────────────────────────────────────────────────────────────────

interface Palette {
  series: string[];
  text: string;
  muted: string;
  border: string;
  surface: string;
  fontFamily: string;
}

/** The theme's colours (styles.css and chart.css), read again when the light/dark theme changes. */
function readPalette(element: HTMLElement): Palette {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const series = Array.from({ length: 8 }, (_, index) => read(`--chart-${index + 1}`, '')).filter(Boolean);
  return {
    series: series.length > 0 ? series : ['#1d4ed8'],
    text: read('--text', '#1b1f24'),
    muted: read('--muted', '#4d5561'),
    border: read('--border', '#d0d5dc'),
    surface: read('--surface', '#ffffff'),
    // The page's own font, by name: the library measures labels with it.
    fontFamily: style.fontFamily || 'sans-serif',
  };
}

/** Bumps when the app's theme changes: the picker's `data-theme` on <html>, or the system's preference. */
function useThemeVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion((value) => value + 1);
    const observer = new MutationObserver(bump);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class'] });
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', bump);
    return () => {
      observer.disconnect();
      media.removeEventListener('change', bump);
    };
  }, []);
  return version;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

function ChartCanvas({ model, kind, summary }: { model: SeriesModel; kind: Exclude<ChartKind, 'table'>; summary: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const element = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<ChartInstance | undefined>();
  const themeVersion = useThemeVersion();

  // The charting library is a chunk of its own, fetched the first time a chart is drawn.
  useEffect(() => {
    const container = element.current!;
    let instance: ChartInstance | undefined;
    let isCurrent = true;
    const observer = new ResizeObserver(() => instance?.resize());
    void import('./echarts').then(({ createChart }) => {
      if (!isCurrent) return;
      instance = createChart(container);
      observer.observe(container);
      setChart(instance);
    });
    return () => {
      isCurrent = false;
      observer.disconnect();
      instance?.dispose();
    };
  }, []);

  useEffect(() => {
    if (!chart) return;
    const palette = readPalette(element.current!);
    const isReducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    chart.setOption(chartOption(model, kind, palette, isReducedMotion, t, language), { notMerge: true });
  }, [chart, model, kind, themeVersion, t, language]);

  return <div ref={element} className="chart-canvas" role="img" aria-label={summary} data-testid="chart-canvas" />;
}

function chartOption(model: SeriesModel, kind: Exclude<ChartKind, 'table'>, palette: Palette, isReducedMotion: boolean, t: TFunction, language: string): ChartOption {
  const format = (value: unknown, unit: ValueUnit | null) => formatValue(typeof value === 'number' ? value : null, unit, t, language);
  const common = {
    animation: !isReducedMotion,
    color: palette.series,
    textStyle: { color: palette.text, fontFamily: palette.fontFamily },
    tooltip: {
      backgroundColor: palette.surface,
      borderColor: palette.border,
      textStyle: { color: palette.text },
    },
  };
  if (kind === 'pie') {
    const [series] = model.series;
    return {
      ...common,
      tooltip: {
        ...common.tooltip,
        trigger: 'item',
        formatter: (params: unknown) => {
          const item = params as { name: string; value: number; percent: number; marker: string };
          return `${item.marker}${escapeHtml(item.name)}: ${escapeHtml(format(item.value, series?.unit ?? null))} (${escapeHtml(formatValue(item.percent / 100, 'ratio', t, language))})`;
        },
      },
      legend: { type: 'scroll', bottom: 0, textStyle: { color: palette.text }, pageTextStyle: { color: palette.text } },
      series: [
        {
          type: 'pie',
          name: series?.name,
          radius: ['35%', '65%'],
          center: ['50%', '45%'],
          itemStyle: { borderColor: palette.surface, borderWidth: 2 },
          label: { color: palette.text, formatter: '{b}: {d}%' },
          data: model.categories.map((name, index) => ({ name, value: series?.values[index] ?? 0 })),
        },
      ],
    };
  }
  const unitOf = new Map(model.series.map((series) => [series.name, series.unit]));
  return {
    ...common,
    tooltip: {
      ...common.tooltip,
      trigger: 'axis',
      formatter: (params: unknown) => {
        const items = params as Array<{ axisValueLabel: string; seriesName: string; value: unknown; marker: string }>;
        const heading = items[0] ? `${escapeHtml(items[0].axisValueLabel)}<br/>` : '';
        return heading + items.map((item) => `${item.marker}${escapeHtml(item.seriesName)}: ${escapeHtml(format(item.value, unitOf.get(item.seriesName) ?? null))}`).join('<br/>');
      },
    },
    legend: { show: model.series.length > 1, type: 'scroll', top: 0, textStyle: { color: palette.text }, pageTextStyle: { color: palette.text } },
    // Axis labels stay inside the drawing, whatever their length.
    grid: { left: 8, right: 16, top: model.series.length > 1 ? 40 : 16, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: {
      type: 'category',
      data: model.categories,
      boundaryGap: kind === 'bar',
      axisLabel: { color: palette.muted, hideOverlap: true },
      axisLine: { lineStyle: { color: palette.border } },
      axisTick: { lineStyle: { color: palette.border } },
    },
    yAxis: model.axisUnits.map((unit, index) => ({
      type: 'value' as const,
      position: index === 0 ? ('left' as const) : ('right' as const),
      min: 0,
      max: unit === 'ratio' ? 1 : unit === 'score' ? 5 : undefined,
      minInterval: unit === 'count' ? 1 : undefined,
      axisLabel: { color: palette.muted, formatter: (value: number) => formatAxisValue(value, unit, t, language) },
      splitLine: { show: index === 0, lineStyle: { color: palette.border } },
    })),
    series: model.series.map((series) =>
      kind === 'line'
        ? { type: 'line' as const, name: series.name, yAxisIndex: series.axis, data: series.values, showSymbol: model.categories.length <= 31, symbolSize: 6, lineStyle: series.isDashed ? { width: 1.5, type: 'dashed' as const } : { width: 2.5 } }
        : { type: 'bar' as const, name: series.name, yAxisIndex: series.axis, data: series.values, barMaxWidth: 48 },
    ),
  };
}

// ── The data table ────────────────────────────────────────────────────────────────────────────────────────────

/** The figures as a table: a row per group, a column per grouping and metric, the period's totals at the foot. */
export function DataTable({ table, title, testId }: { table: ChartTable; title: string; testId?: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const dimensions = table.columns.filter((column) => column.kind === 'dimension');
  const metrics = table.columns.filter((column) => column.kind === 'metric');
  const context = { t, language, labels: table.labels, timeZone: table.period?.timeZone };
  // Groupings first, then metrics, so the totals line up under their metrics.
  const columns = [...dimensions, ...metrics];
  const hasTotals = dimensions.length > 0 && table.totals !== undefined && metrics.some((metric) => metric.key in table.totals!);
  return (
    <div className="chart-table-scroll" role="region" aria-label={title} tabIndex={0}>
      <table className="chart-table" data-testid={testId}>
        <caption className="visually-hidden">{title}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col" className={column.kind === 'metric' ? 'chart-number' : undefined} data-column={column.key}>
                {labelIn(column.label, language)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, index) => (
            <tr key={index}>
              {columns.map((column, columnIndex) => {
                if (column.kind === 'dimension') {
                  const text = formatDimensionValue(column.key, row[column.key], context);
                  return columnIndex === 0 ? (
                    <th key={column.key} scope="row" data-column={column.key}>
                      {text}
                    </th>
                  ) : (
                    <td key={column.key} data-column={column.key}>
                      {text}
                    </td>
                  );
                }
                return (
                  <td key={column.key} className="chart-number" data-column={column.key}>
                    {formatValue(numberOf(row[column.key]), column.unit, t, language)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
        {hasTotals && (
          <tfoot>
            <tr>
              <th scope="row" colSpan={dimensions.length}>
                {t('analytics.chart.total')}
              </th>
              {metrics.map((metric) => (
                <td key={metric.key} className="chart-number" data-column={metric.key}>
                  {formatValue(table.totals![metric.key], metric.unit, t, language)}
                </td>
              ))}
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}
