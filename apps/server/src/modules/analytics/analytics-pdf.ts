/// <reference path="./svg-to-pdfkit.d.ts" />
import * as echarts from 'echarts';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { ExportLanguage } from './analytics-export.js';
import type { TReportResult } from './analytics.schema.js';

const PAGE_MARGIN = 40;
const CHART_WIDTH = 760;
const CHART_HEIGHT = 300;
const NONE = { en: 'None', fr: 'Aucun' };

/** A value as a person reads it in the PDF: durations in h and min, shares in %, scores to one decimal. */
export function formatValue(value: string | number | null, unit: string | null, language: ExportLanguage): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  const decimal = (number: number, digits: number) => number.toLocaleString(language === 'fr' ? 'fr-CA' : 'en-CA', { maximumFractionDigits: digits });
  if (unit === 'ratio') return `${decimal(value * 100, 1)} %`;
  if (unit === 'seconds') {
    const minutes = Math.round(value / 60);
    return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min` : `${minutes} min`;
  }
  if (unit === 'score') return decimal(value, 2);
  return decimal(value, 0);
}

function dimensionLabel(result: TReportResult, key: string, value: string | number | null, language: ExportLanguage): string {
  if (value === null) return NONE[language];
  return (key === 'team' || key === 'agent') && typeof value === 'string' ? (result.labels[value] ?? value) : String(value);
}

/** The report's chart as SVG, drawn by ECharts on the server (no browser): line, bar or pie, as the report asks. */
export function reportChartSvg(result: TReportResult, language: ExportLanguage): string | undefined {
  const chartType = result.definition.chart;
  const [dimension] = result.columns.filter((column) => column.kind === 'dimension');
  const metrics = result.columns.filter((column) => column.kind === 'metric');
  if (chartType === 'table' || !dimension || result.rows.length === 0) return undefined;
  const categories = result.rows.map((row) => dimensionLabel(result, dimension.key, row[dimension.key] ?? null, language));
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH, height: CHART_HEIGHT });
  try {
    if (chartType === 'pie') {
      const metric = metrics[0]!;
      chart.setOption({
        animation: false,
        title: { text: metric.label[language], left: 'center', textStyle: { fontSize: 13 } },
        series: [{ type: 'pie', radius: '60%', data: result.rows.map((row, index) => ({ name: categories[index], value: Number(row[metric.key] ?? 0) })), label: { formatter: '{b}: {d}%' } }],
      });
    } else {
      // Counts and durations do not share an axis: the chart draws the metrics of the first metric's unit.
      const unit = metrics[0]!.unit;
      const drawn = metrics.filter((metric) => metric.unit === unit);
      chart.setOption({
        animation: false,
        legend: { top: 0, data: drawn.map((metric) => metric.label[language]) },
        grid: { left: 60, right: 20, top: 40, bottom: 50 },
        xAxis: { type: 'category', data: categories, axisLabel: { rotate: categories.length > 12 ? 45 : 0, fontSize: 10 } },
        yAxis: { type: 'value', axisLabel: { formatter: (value: number) => formatValue(value, unit, language) } },
        series: drawn.map((metric) => ({ type: chartType, name: metric.label[language], data: result.rows.map((row) => row[metric.key] ?? null), showSymbol: result.rows.length <= 31 })),
      });
    }
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The report as a PDF: title, period, warnings, the chart, then the table of numbers with its totals. */
export async function reportToPdf(result: TReportResult, language: ExportLanguage): Promise<Buffer> {
  const document = new PDFDocument({ size: 'A4', layout: 'landscape', margin: PAGE_MARGIN, info: { Title: result.title[language], Creator: 'Switchboard' } });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve) => document.on('end', () => resolve()));
  const fr = language === 'fr';

  document.fontSize(18).font('Helvetica-Bold').text(result.title[language]);
  document
    .moveDown(0.3)
    .fontSize(10)
    .font('Helvetica')
    .text(`${fr ? 'Période' : 'Period'}: ${result.period.from.slice(0, 10)} – ${result.period.to.slice(0, 10)} (${fr ? 'exclu' : 'excluded'}) · ${result.period.timeZone} · ${result.period.hours === 'business' ? (fr ? 'heures ouvrables' : 'business hours') : fr ? 'heures civiles' : 'calendar hours'}`);
  for (const flag of result.flags) document.moveDown(0.2).fillColor('#a40000').text(`${fr ? 'Attention' : 'Warning'}: ${flag.message[language]}`).fillColor('black');

  const svg = reportChartSvg(result, language);
  if (svg) {
    document.moveDown(0.5);
    SVGtoPDF(document, svg, PAGE_MARGIN, document.y, { width: CHART_WIDTH, height: CHART_HEIGHT });
    document.y += CHART_HEIGHT + 10;
  }

  // The table: dimensions, then metrics, then a bold total line.
  const columns = result.columns;
  const width = (document.page.width - PAGE_MARGIN * 2) / columns.length;
  const drawRow = (cells: string[], isBold: boolean) => {
    if (document.y > document.page.height - PAGE_MARGIN - 20) document.addPage();
    const top = document.y;
    document.font(isBold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    let height = 0;
    cells.forEach((cell, index) => {
      const x = PAGE_MARGIN + index * width;
      const align = columns[index]!.kind === 'metric' ? 'right' : 'left';
      document.text(cell, x + 2, top, { width: width - 4, align });
      height = Math.max(height, document.y - top);
    });
    document.y = top + height + 3;
    document.x = PAGE_MARGIN;
  };
  document.moveDown(0.5);
  drawRow(columns.map((column) => column.label[language]), true);
  for (const row of result.rows) {
    drawRow(columns.map((column) => (column.kind === 'metric' ? formatValue(row[column.key] ?? null, column.unit, language) : dimensionLabel(result, column.key, row[column.key] ?? null, language))), false);
  }
  if (columns.some((column) => column.kind === 'dimension')) {
    drawRow(columns.map((column, index) => (column.kind === 'metric' ? formatValue(result.totals[column.key] ?? null, column.unit, language) : index === 0 ? 'Total' : '')), true);
  }
  document.end();
  await finished;
  return Buffer.concat(chunks);
}
