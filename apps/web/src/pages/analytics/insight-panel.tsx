import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TFunction } from 'i18next';
import type { paths } from '@switchboard/sdk';
import { api, unwrap } from '../../api/client';
import { Chart, type ChartTable } from '../../components/chart';
import { formatDimensionValue, formatValue, labelIn } from '../../components/chart-format';
import { formatNumber } from '../../format';
import { useAsync } from '../../use-async';
import { FlagList } from './analytics-kit';

type Insights = paths['/api/v1/analytics/insights']['get']['responses'][200]['content']['application/json'];
type Forecast = Insights['forecast'];

/** Up to this many languages get a line each under the sentiment; more would crowd the panel. */
const MAX_SENTIMENT_LANGUAGES = 4;

const isFrench = (language: string) => language.startsWith('fr');

/** A calendar day of the workspace (`YYYY-MM-DD`) as the interface writes dates. */
const formatDay = (date: string, t: TFunction, language: string) => formatDimensionValue('day', date, { t, language });

/** A sentiment score, −1 to 1, signed, two decimals at most. */
function formatScore(value: number | null, t: TFunction, language: string): string {
  if (value === null) return t('analytics.value.none');
  return new Intl.NumberFormat(language, { maximumFractionDigits: 2, signDisplay: 'exceptZero' }).format(value);
}

/**
 * The insight panel of the live dashboard: the next two weeks' volume, unusual spikes, what recent tickets are about
 * and the mood of customers' messages, each in a sentence. Read once when the dashboard opens: these figures move by
 * the day, so the live refreshes leave them be.
 */
export function InsightPanel() {
  const { t } = useTranslation();
  const [insights, reload] = useAsync(() => unwrap(api.GET('/api/v1/analytics/insights')), []);
  return (
    <section aria-labelledby="analytics-insight-title" className="analytics-insight" data-testid="insight-panel">
      <h3 id="analytics-insight-title">{t('analytics.insight.title')}</h3>
      <p className="hint">{t('analytics.insight.description')}</p>
      {insights.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {insights.status === 'error' && (
        <p role="alert" className="error">
          {t('app.error', { message: insights.error.message })} <button type="button" onClick={reload}>{t('app.retry')}</button>
        </p>
      )}
      {insights.status === 'ready' && <InsightBody insights={insights.value} />}
    </section>
  );
}

function InsightBody({ insights }: { insights: Insights }) {
  const { t } = useTranslation();
  return (
    <>
      <FlagList flags={insights.flags} testId="insight-flags" />
      <div className="analytics-insight-grid">
        <ForecastInsight forecast={insights.forecast} />
        <SpikeInsight anomalies={insights.anomalies} />
        <TopicInsight topics={insights.topics} />
        <SentimentInsight sentiment={insights.sentiment} />
      </div>
      <p className="meta">{t('analytics.reports.sources', { sources: insights.sources.map((source) => t(`analytics.sources.${source}`, { defaultValue: source })).join(', ') })}</p>
    </>
  );
}

/** One insight: a titled card whose first words are the server's sentence about it. */
function InsightCard({ id, title, explanation, testId, isWide = false, children }: { id: string; title: string; explanation: { en: string; fr: string }; testId: string; isWide?: boolean; children?: ReactNode }) {
  const { i18n } = useTranslation();
  return (
    <section aria-labelledby={id} className={`analytics-insight-card${isWide ? ' is-wide' : ''}`} data-testid={testId}>
      <h4 id={id}>{title}</h4>
      <p className="analytics-insight-explanation" data-testid={`${testId}-explanation`}>
        {labelIn(explanation, i18n.language)}
      </p>
      {children}
    </section>
  );
}

/** The history's daily counts, then the expected days with their 95% range, as the chart and its table read them. */
function forecastTable(forecast: Forecast, t: TFunction): ChartTable {
  // The chart names columns by the interface language; these are already in it.
  const label = (key: string) => {
    const text = t(`analytics.insight.forecast.columns.${key}`);
    return { en: text, fr: text };
  };
  return {
    columns: [
      { key: 'day', kind: 'dimension', unit: null, label: label('day') },
      { key: 'actual', kind: 'metric', unit: 'count', label: label('actual') },
      { key: 'expected', kind: 'metric', unit: 'count', label: label('expected') },
      { key: 'low', kind: 'metric', unit: 'count', label: label('low'), isDashed: true },
      { key: 'high', kind: 'metric', unit: 'count', label: label('high'), isDashed: true },
    ],
    rows: [
      ...forecast.history.map((day) => ({ day: day.date, actual: day.count, expected: null, low: null, high: null })),
      ...forecast.days.map((day) => ({ day: day.date, actual: null, expected: day.expected, low: day.low, high: day.high })),
    ],
  };
}

function ForecastInsight({ forecast }: { forecast: Forecast }) {
  const { t, i18n } = useTranslation();
  const table = useMemo(() => forecastTable(forecast, t), [forecast, t]);
  const title = t('analytics.insight.forecast.title');
  return (
    <InsightCard id="insight-forecast-title" title={title} explanation={forecast.explanation} testId="insight-forecast" isWide>
      {forecast.days.length > 0 && <Chart table={table} kind="line" title={title} testId="insight-forecast-chart" />}
      <p className="meta" data-method={forecast.method}>
        {t(`analytics.insight.forecast.method.${forecast.method}`)}
        {forecast.method !== 'none' && ` · ${t('analytics.insight.forecast.historyDays', { count: forecast.historyDays, formatted: formatNumber(forecast.historyDays, i18n.language) })}`}
      </p>
    </InsightCard>
  );
}

function SpikeInsight({ anomalies }: { anomalies: Insights['anomalies'] }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return (
    <InsightCard id="insight-spikes-title" title={t('analytics.insight.spikes.title')} explanation={anomalies.explanation} testId="insight-spikes">
      {anomalies.spikes.length > 0 && (
        <ul className="analytics-insight-list" aria-label={t('analytics.insight.spikes.listLabel')}>
          {anomalies.spikes.map((spike) => (
            <li key={`${spike.dimension}-${spike.value}-${spike.date}`} className="analytics-insight-item" data-dimension={spike.dimension} data-value={spike.value ?? ''}>
              <span className="analytics-insight-name">
                {labelIn(spike.label, language)} <span className="analytics-insight-kind">{t(`analytics.insight.spikes.dimension.${spike.dimension}`)}</span>
              </span>
              <span>{labelIn(spike.explanation, language)}</span>
              <span className="meta">
                {t('analytics.insight.spikes.figures', {
                  date: formatDay(spike.date, t, language),
                  count: spike.count,
                  formatted: formatNumber(spike.count, language),
                  expected: formatValue(spike.expected, 'count', t, language),
                })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </InsightCard>
  );
}

function TopicInsight({ topics }: { topics: Insights['topics'] }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return (
    <InsightCard id="insight-topics-title" title={t('analytics.insight.topics.title')} explanation={topics.explanation} testId="insight-topics">
      {topics.topics.length > 0 && (
        <ol className="analytics-insight-list" aria-label={t('analytics.insight.topics.listLabel')}>
          {topics.topics.map((topic, index) => {
            const keywords = isFrench(language) && topic.keywords.fr.length > 0 ? topic.keywords.fr : topic.keywords.en;
            return (
              <li key={index} className="analytics-insight-item" data-testid="insight-topic">
                <ul className="analytics-insight-keywords" aria-label={t('analytics.insight.topics.keywords')}>
                  {keywords.map((keyword) => (
                    <li key={keyword}>{keyword}</li>
                  ))}
                </ul>
                <span className="meta">
                  {t('analytics.insight.topics.size', { count: topic.size, formatted: formatNumber(topic.size, language), share: formatValue(topic.share, 'ratio', t, language) })}
                </span>
                <span>{labelIn(topic.explanation, language)}</span>
                {topic.exampleNumbers.length > 0 && (
                  <div className="analytics-insight-examples">
                    <span className="meta">{t('analytics.insight.topics.examples')}</span>
                    <ul aria-label={t('analytics.insight.topics.examples')}>
                      {topic.exampleNumbers.map((number) => (
                        <li key={number}>
                          <Link to={`/tickets/${number}`}>#{number}</Link>
                        </li>
                      ))}
                    </ul>
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </InsightCard>
  );
}

function SentimentInsight({ sentiment }: { sentiment: Insights['sentiment'] }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const score = (value: number | null) => formatScore(value, t, language);
  const share = (value: number | null) => formatValue(value, 'ratio', t, language);
  const languages = sentiment.byLanguage.length <= MAX_SENTIMENT_LANGUAGES ? sentiment.byLanguage : [];
  return (
    <InsightCard id="insight-sentiment-title" title={t('analytics.insight.sentiment.title')} explanation={sentiment.explanation} testId="insight-sentiment">
      {sentiment.messages > 0 && (
        <dl className="analytics-insight-figures">
          <div data-testid="insight-sentiment-recent" data-value={sentiment.recentAverage ?? ''}>
            <dt>{t('analytics.insight.sentiment.recent')}</dt>
            <dd>{score(sentiment.recentAverage)}</dd>
          </div>
          <div data-testid="insight-sentiment-previous" data-value={sentiment.previousAverage ?? ''}>
            <dt>{t('analytics.insight.sentiment.previous')}</dt>
            <dd>{score(sentiment.previousAverage)}</dd>
          </div>
          <div data-testid="insight-sentiment-negative" data-value={sentiment.negativeShare ?? ''}>
            <dt>{t('analytics.insight.sentiment.negativeShare')}</dt>
            <dd>{share(sentiment.negativeShare)}</dd>
          </div>
        </dl>
      )}
      {sentiment.messages > 0 && <p className="meta">{t('analytics.insight.sentiment.scale')}</p>}
      {languages.length > 0 && (
        <ul className="analytics-insight-languages" aria-label={t('analytics.insight.sentiment.byLanguage')}>
          {languages.map((entry) => (
            <li key={entry.language} data-language={entry.language}>
              {t('analytics.insight.sentiment.language', {
                language: t(`languages.${entry.language}`, { defaultValue: entry.language }),
                count: entry.messages,
                formatted: formatNumber(entry.messages, language),
                average: score(entry.average),
                negativeShare: share(entry.negativeShare),
              })}
            </li>
          ))}
        </ul>
      )}
    </InsightCard>
  );
}
