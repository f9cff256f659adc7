import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TFunction } from 'i18next';
import type { paths } from '@switchboard/sdk';
import { api, unwrap } from '../../api/client';
import { formatValue } from '../../components/chart-format';
import { formatNumber } from '../../format';
import { useSession } from '../../session';
import { useAsync } from '../../use-async';
import { defaultChoices, FILTER_LANGUAGES, FlagList, PERIOD_PRESETS, queryOf } from './analytics-kit';

type Experience = paths['/api/v1/analytics/experience']['get']['responses'][200]['content']['application/json'];
type ExperienceQuery = NonNullable<paths['/api/v1/analytics/experience']['get']['parameters']['query']>;
type Preset = (typeof PERIOD_PRESETS)[number];
type Language = (typeof FILTER_LANGUAGES)[number];

/** The server's own default period: asking for it leaves `from` out, so the panel and the API agree by construction. */
const DEFAULT_PRESET: Preset = '30';

/**
 * The period's start as the reports' picker computes it (midnight N−1 days back, in the workspace's time zone). No
 * `to`: the server ends the period where today ends, so every preset is whole days, like its 30-day default.
 */
function experienceQuery(preset: Preset, language: Language | '', now: number, timeZone: string): ExperienceQuery {
  const query: ExperienceQuery = {};
  if (preset !== DEFAULT_PRESET) query.from = queryOf({ ...defaultChoices(), period: preset }, now, timeZone).from;
  if (language) query.language = language;
  return query;
}

/**
 * "Customer experience" at the top of the reports: satisfaction within the reader's scope, and the workspace's NPS and
 * bot for the roles that read them (the server leaves them out for agents), over a period and in one language or all.
 */
export function ExperiencePanel({ timeZone }: { timeZone: string }) {
  const { t } = useTranslation();
  const [preset, setPreset] = useState<Preset>(DEFAULT_PRESET);
  const [language, setLanguage] = useState<Language | ''>('');
  // The period starts from when the choice was made: a retry reads the same days.
  const [now, setNow] = useState(() => Date.now());
  const query = useMemo(() => experienceQuery(preset, language, now, timeZone), [preset, language, now, timeZone]);
  const [experience, reload] = useAsync(() => unwrap(api.GET('/api/v1/analytics/experience', { params: { query } })), [JSON.stringify(query)]);
  return (
    <section aria-labelledby="analytics-experience-title" className="analytics-experience" data-testid="experience-panel" aria-busy={experience.status === 'loading'}>
      <div className="page-header">
        <h3 id="analytics-experience-title">{t('analytics.experience.title')}</h3>
        <div className="analytics-filters" role="group" aria-label={t('analytics.experience.filters')}>
          <label className="analytics-field">
            <span>{t('analytics.filters.period')}</span>
            <select
              name="experience-period"
              value={preset}
              onChange={(event) => {
                setNow(Date.now());
                setPreset(event.target.value as Preset);
              }}
            >
              {PERIOD_PRESETS.map((days) => (
                <option key={days} value={days}>
                  {t('analytics.filters.lastDays', { count: Number(days) })}
                </option>
              ))}
            </select>
          </label>
          <label className="analytics-field">
            <span>{t('analytics.filters.language')}</span>
            <select name="experience-language" value={language} onChange={(event) => setLanguage(event.target.value as Language | '')}>
              <option value="">{t('analytics.filters.allLanguages')}</option>
              {FILTER_LANGUAGES.map((code) => (
                <option key={code} value={code}>
                  {t(`languages.${code}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <p className="hint">{t('analytics.experience.description')}</p>
      {experience.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {experience.status === 'error' && (
        <p role="alert" className="error">
          {t('app.error', { message: experience.error.message })} <button type="button" onClick={reload}>{t('app.retry')}</button>
        </p>
      )}
      {experience.status === 'ready' && <ExperienceBody experience={experience.value} />}
    </section>
  );
}

function ExperienceBody({ experience }: { experience: Experience }) {
  const { t, i18n } = useTranslation();
  const { period, satisfaction, nps, bot } = experience;
  const day = (instant: number) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeZone: period.timeZone }).format(new Date(instant));
  // `to` is excluded: the last day shown is the one it starts after.
  const lastDay = new Date(period.to).getTime() - 1;
  const isPartlyWorkspaceWide = satisfaction.scope.kind !== 'workspace' && (nps !== null || bot !== null);
  return (
    <>
      <p className="meta" data-testid="experience-period">
        {t('analytics.reports.period', { from: day(new Date(period.from).getTime()), to: day(lastDay), timeZone: period.timeZone })} · {t(`analytics.scope.${satisfaction.scope.kind}`)}
        {isPartlyWorkspaceWide && ` · ${t('analytics.experience.workspaceWide')}`}
      </p>
      <FlagList flags={experience.flags} testId="experience-flags" />
      <ul className="analytics-experience-cards" aria-label={t('analytics.experience.figures')}>
        <CsatCard satisfaction={satisfaction} />
        <SurveyCard satisfaction={satisfaction} />
        {nps && <NpsCard nps={nps} />}
        {bot && <BotCard bot={bot} />}
      </ul>
      <p className="meta">{t('analytics.reports.sources', { sources: experience.sources.map((source) => t(`analytics.sources.${source}`, { defaultValue: source })).join(', ') })}</p>
    </>
  );
}

/** One card of the list: its title, its figures as terms and values, then a sentence or a link. */
function Card({ id, title, testId, figures, children }: { id: string; title: string; testId: string; figures: ReactNode; children?: ReactNode }) {
  return (
    <li className="analytics-experience-card" data-testid={testId} aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{title}</h4>
      <dl className="analytics-experience-figures">{figures}</dl>
      {children}
    </li>
  );
}

/** A figure; a value the server could not count (null) reads "—" on screen and "No data" to a screen reader. */
function Figure({ testId, label, value, format, isMain = false }: { testId: string; label: string; value: number | null; format(value: number): string; isMain?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={isMain ? 'is-main' : undefined} data-testid={testId} data-value={value ?? ''}>
      <dt>{label}</dt>
      <dd>
        {value === null ? (
          <>
            <span aria-hidden="true">{t('analytics.value.none')}</span>
            <span className="visually-hidden">{t('analytics.experience.noData')}</span>
          </>
        ) : (
          format(value)
        )}
      </dd>
    </div>
  );
}

/** The formats of the panel's figures, in the interface language. */
function useFormats() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(
    () => ({
      count: (value: number) => formatNumber(value, language),
      share: (value: number) => formatValue(value, 'ratio', t, language),
      rating: (value: number) => formatValue(value, 'score', t, language),
      // −100 to 100: the sign says which side of zero, as NPS is usually written.
      nps: (value: number) => new Intl.NumberFormat(language, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(value),
    }),
    [t, language],
  );
}

function CsatCard({ satisfaction }: { satisfaction: Experience['satisfaction'] }) {
  const { t } = useTranslation();
  const format = useFormats();
  return (
    <Card
      id="experience-csat"
      testId="experience-csat"
      title={t('analytics.experience.csat.title')}
      figures={
        <>
          <Figure testId="experience-csat-average" label={t('analytics.experience.csat.average')} value={satisfaction.csatAverage} format={format.rating} isMain />
          <Figure testId="experience-csat-responses" label={t('analytics.experience.csat.responses')} value={satisfaction.csatResponses} format={format.count} />
        </>
      }
    />
  );
}

function SurveyCard({ satisfaction }: { satisfaction: Experience['satisfaction'] }) {
  const { t } = useTranslation();
  const format = useFormats();
  return (
    <Card
      id="experience-survey"
      testId="experience-survey"
      title={t('analytics.experience.survey.title')}
      figures={
        <>
          <Figure testId="experience-survey-rate" label={t('analytics.experience.survey.responseRate')} value={satisfaction.surveyResponseRate} format={format.share} isMain />
          <Figure testId="experience-survey-offered" label={t('analytics.experience.survey.offered')} value={satisfaction.surveysOffered} format={format.count} />
        </>
      }
    />
  );
}

/** "2 promoters, 1 passive and 1 detractor out of 4 answers." */
function npsSentence(nps: NonNullable<Experience['nps']>, t: TFunction, language: string): string {
  const counted = (key: string, count: number) => t(key, { count, formatted: formatNumber(count, language) });
  if (nps.responses === 0) return counted('analytics.experience.nps.noAnswers', nps.sent);
  return t('analytics.experience.nps.summary', {
    count: nps.responses,
    formatted: formatNumber(nps.responses, language),
    promoters: counted('analytics.experience.nps.promoterCount', nps.promoters),
    passives: counted('analytics.experience.nps.passiveCount', nps.passives),
    detractors: counted('analytics.experience.nps.detractorCount', nps.detractors),
  });
}

function NpsCard({ nps }: { nps: NonNullable<Experience['nps']> }) {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const format = useFormats();
  return (
    <Card
      id="experience-nps"
      testId="experience-nps"
      title={t('analytics.experience.nps.title')}
      figures={
        <>
          <Figure testId="experience-nps-score" label={t('analytics.experience.nps.score')} value={nps.score} format={format.nps} isMain />
          <Figure testId="experience-nps-promoters" label={t('analytics.experience.nps.promoters')} value={nps.promoters} format={format.count} />
          <Figure testId="experience-nps-passives" label={t('analytics.experience.nps.passives')} value={nps.passives} format={format.count} />
          <Figure testId="experience-nps-detractors" label={t('analytics.experience.nps.detractors')} value={nps.detractors} format={format.count} />
          <Figure testId="experience-nps-rate" label={t('analytics.experience.nps.responseRate')} value={nps.responseRate} format={format.share} />
          <Figure testId="experience-nps-sent" label={t('analytics.experience.nps.sent')} value={nps.sent} format={format.count} />
        </>
      }
    >
      <p className="analytics-experience-sentence" data-testid="experience-nps-sentence">
        {npsSentence(nps, t, i18n.language)}
      </p>
      {/* The survey's schedule is an admin screen; managers read the figures only. */}
      {session.user.role === 'admin' && (
        <Link className="analytics-tile-link" to="/admin/email">
          {t('analytics.experience.nps.settingsLink')}
        </Link>
      )}
    </Card>
  );
}

/** "Of 3 conversations: 1 resolved without a person, 1 handed to a person." */
function botSentence(bot: NonNullable<Experience['bot']>, t: TFunction, language: string): string {
  if (bot.conversations === 0) return t('analytics.experience.bot.none');
  const resolved = bot.resolvedWithoutHandoff;
  const counted = (key: string, count: number) => t(key, { count, formatted: formatNumber(count, language) });
  return t('analytics.experience.bot.summary', {
    count: bot.conversations,
    formatted: formatNumber(bot.conversations, language),
    resolved: counted('analytics.experience.bot.resolvedCount', resolved),
    handoffs: counted('analytics.experience.bot.handoffCount', bot.handoffs),
  });
}

function BotCard({ bot }: { bot: NonNullable<Experience['bot']> }) {
  const { t, i18n } = useTranslation();
  const format = useFormats();
  return (
    <Card
      id="experience-bot"
      testId="experience-bot"
      title={t('analytics.experience.bot.title')}
      figures={
        <>
          <Figure testId="experience-bot-answer-rate" label={t('analytics.experience.bot.answerRate')} value={bot.answerRate} format={format.share} isMain />
          <Figure testId="experience-bot-resolved-rate" label={t('analytics.experience.bot.resolvedRate')} value={bot.resolvedRate} format={format.share} />
          <Figure testId="experience-bot-handoff-rate" label={t('analytics.experience.bot.handoffRate')} value={bot.handoffRate} format={format.share} />
          <Figure testId="experience-bot-conversations" label={t('analytics.experience.bot.conversations')} value={bot.conversations} format={format.count} />
          <Figure testId="experience-bot-questions" label={t('analytics.experience.bot.questions')} value={bot.questions} format={format.count} />
        </>
      }
    >
      <p className="analytics-experience-sentence" data-testid="experience-bot-sentence">
        {botSentence(bot, t, i18n.language)}
      </p>
      {/* The bot card is only there for the roles that manage the bot, who may open its insights. */}
      <Link className="analytics-tile-link" to="/bot">
        {t('analytics.experience.bot.insightsLink')}
      </Link>
    </Card>
  );
}
