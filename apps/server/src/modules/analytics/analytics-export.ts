import ExcelJS from 'exceljs';
import type { TReportResult } from './analytics.schema.js';

export type ExportLanguage = 'en' | 'fr';

const UNIT_SUFFIX: Record<string, { en: string; fr: string }> = {
  seconds: { en: ' (seconds)', fr: ' (secondes)' },
  ratio: { en: ' (share, 0–1)', fr: ' (proportion, 0 à 1)' },
  score: { en: '', fr: '' },
  count: { en: '', fr: '' },
};
const NONE = { en: 'None', fr: 'Aucun' };
const TOTAL = { en: 'Total', fr: 'Total' };

/** The header and rows of a report as a file shows them: names for team and agent ids, numbers as the API gives them. */
function tableOf(result: TReportResult, language: ExportLanguage): { header: string[]; rows: Array<Array<string | number | null>>; total: Array<string | number | null> } {
  const header = result.columns.map((column) => column.label[language] + (column.unit ? UNIT_SUFFIX[column.unit]![language] : ''));
  const rows = result.rows.map((row) =>
    result.columns.map((column) => {
      const value = row[column.key] ?? null;
      if (column.kind === 'metric') return value;
      if (value === null) return NONE[language];
      return (column.key === 'team' || column.key === 'agent') && typeof value === 'string' ? (result.labels[value] ?? value) : value;
    }),
  );
  const dimensions = result.columns.filter((column) => column.kind === 'dimension').length;
  const total = result.columns.map((column, index) => (column.kind === 'metric' ? (result.totals[column.key] ?? null) : index === 0 && dimensions > 0 ? TOTAL[language] : ''));
  return { header, rows, total };
}

const csvCell = (value: string | number | null) => {
  if (value === null) return '';
  const text = String(value);
  // A leading = + - @ would run as a formula in a spreadsheet: quote it as text.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function reportToCsv(result: TReportResult, language: ExportLanguage): string {
  const { header, rows, total } = tableOf(result, language);
  const lines = [header, ...rows, ...(result.columns.some((column) => column.kind === 'dimension') ? [total] : [])];
  return `\uFEFF${lines.map((line) => line.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export async function reportToXlsx(result: TReportResult, language: ExportLanguage): Promise<Buffer> {
  const { header, rows, total } = tableOf(result, language);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Switchboard';
  const sheet = workbook.addWorksheet(result.title[language].slice(0, 31));
  sheet.addRow(header).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  if (result.columns.some((column) => column.kind === 'dimension')) sheet.addRow(total).font = { bold: true };
  result.columns.forEach((column, index) => {
    const sheetColumn = sheet.getColumn(index + 1);
    sheetColumn.width = Math.max(12, Math.min(40, header[index]!.length + 2));
    if (column.unit === 'ratio') sheetColumn.numFmt = '0.0%';
    else if (column.unit === 'seconds' || column.unit === 'score') sheetColumn.numFmt = '0.##';
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const about = workbook.addWorksheet(language === 'fr' ? 'À propos' : 'About');
  about.addRows([
    [language === 'fr' ? 'Rapport' : 'Report', result.title[language]],
    [language === 'fr' ? 'Du' : 'From', result.period.from],
    [language === 'fr' ? 'Au (exclu)' : 'To (excluded)', result.period.to],
    [language === 'fr' ? 'Fuseau horaire' : 'Time zone', result.period.timeZone],
    [language === 'fr' ? 'Heures' : 'Hours', result.period.hours],
    [language === 'fr' ? 'Sources' : 'Sources', result.sources.join(', ')],
    ...result.flags.map((flag) => [language === 'fr' ? 'Avertissement' : 'Warning', flag.message[language]]),
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A file name for the report: its key (or "report") and period, e.g. `volume-2026-11-01-2026-12-01.xlsx`. */
export function exportFileName(result: TReportResult, extension: string): string {
  return `${result.key ?? 'report'}-${result.period.from.slice(0, 10)}-${result.period.to.slice(0, 10)}.${extension}`;
}
