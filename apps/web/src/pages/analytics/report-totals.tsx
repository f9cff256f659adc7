import { useTranslation } from 'react-i18next';
import { formatValue, labelIn } from '../../components/chart-format';
import { FlagIcon, type ReportResult } from './analytics-kit';

/** Each metric over the whole period and filters; marked incomplete while the report carries a flag. */
export function ReportTotals({ result }: { result: ReportResult }) {
  const { t, i18n } = useTranslation();
  const metrics = result.columns.filter((column) => column.kind === 'metric');
  const isFlagged = result.flags.length > 0;
  return (
    <ul className="analytics-tiles analytics-totals" aria-label={t('analytics.reports.totals')}>
      {metrics.map((metric) => {
        const value = result.totals[metric.key] ?? null;
        return (
          <li key={metric.key} className={`analytics-tile${isFlagged ? ' is-flagged' : ''}`} data-testid={`report-total-${metric.key}`} data-value={value ?? ''}>
            <span className="analytics-tile-label">{labelIn(metric.label, i18n.language)}</span>
            <span className="analytics-tile-value">{formatValue(value, metric.unit, t, i18n.language)}</span>
            {isFlagged && (
              <span className="analytics-tile-flag">
                <FlagIcon />
                <span>{t('analytics.flags.incomplete')}</span>
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
