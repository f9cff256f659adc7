import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { paths } from '@switchboard/sdk';
import { api, unwrap } from '../../api/client';
import { KbArticlePicker, type PickedArticle } from '../../components/kb-article-picker';
import { formatDateTime, formatNumber, formatRelative } from '../../format';
import { useSession } from '../../session';
import { useAsync } from '../../use-async';
import '../admin/admin.css';
import { AdminSection, EditorRow, Feedback, ListTable, LoadState, useAction, type Action } from '../admin/admin-kit';
import './bot-insights.css';

type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type Answer<Path extends keyof paths, Method extends keyof paths[Path], Status extends number> = paths[Path][Method] extends { responses: infer R }
  ? JsonOf<R[Status & keyof R]>
  : never;

export type BotInsights = Answer<'/api/v1/bot/insights', 'get', 200>;
export type BotLearningGroup = Answer<'/api/v1/bot/learning/questions', 'get', 200>['data'][number];
type BotLanguage = BotLearningGroup['language'];
type BotChannel = NonNullable<NonNullable<paths['/api/v1/bot/insights']['get']['parameters']['query']>['channel']>;

const PERIODS = [7, 30, 90] as const;
const CHANNELS = ['api', 'chat', 'messaging'] as const satisfies readonly BotChannel[];
const LANGUAGES = ['en', 'fr'] as const satisfies readonly BotLanguage[];

/** Mirrors the server's bot.manage permission (the server decides). */
export const canManageBot = (role: string) => role === 'admin' || role === 'manager';

interface Filters {
  days: (typeof PERIODS)[number];
  language: BotLanguage | '';
  channel: BotChannel | '';
}

/** The bot's figures for a period, and the questions it did not answer well with their one-click fixes. */
export function BotInsightsPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const [filters, setFilters] = useState<Filters>({ days: 30, language: '', channel: '' });
  // The period starts when the filters were last chosen, so every reload reads the same days.
  const [from, setFrom] = useState(() => periodStart(30));
  const choose = (changes: Partial<Filters>) => {
    const next = { ...filters, ...changes };
    setFilters(next);
    setFrom(periodStart(next.days));
  };
  const [insights, reloadInsights] = useAsync(
    () => unwrap(api.GET('/api/v1/bot/insights', { params: { query: { from, ...(filters.language && { language: filters.language }), ...(filters.channel && { channel: filters.channel }) } } })),
    [from, filters.language, filters.channel],
  );

  if (!canManageBot(session.user.role)) {
    return (
      <section aria-labelledby="bot-insights-title" className="admin-area">
        <h1 id="bot-insights-title">{t('botInsights.title')}</h1>
        <p role="alert" className="error">{t('botInsights.onlyManagers')}</p>
      </section>
    );
  }

  return (
    <section aria-labelledby="bot-insights-title" className="admin-area bot-insights">
      <h1 id="bot-insights-title">{t('botInsights.title')}</h1>
      <p className="hint">{t('botInsights.description')}</p>
      <BotFilters filters={filters} onChange={choose} />
      <LoadState state={insights} onRetry={reloadInsights} />
      {insights.status === 'ready' && <BotFigures insights={insights.value} />}
      <BotLearningList from={from} language={filters.language} onFixed={reloadInsights} />
    </section>
  );
}

function periodStart(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString();
}

function BotFilters({ filters, onChange }: { filters: Filters; onChange(changes: Partial<Filters>): void }) {
  const { t } = useTranslation();
  return (
    <div className="kb-filters bot-filters" role="group" aria-label={t('botInsights.filters')}>
      <label className="inline-field">
        <span>{t('botInsights.period')}</span>
        <select value={filters.days} onChange={(event) => onChange({ days: Number(event.target.value) as Filters['days'] })} name="period">
          {PERIODS.map((days) => (
            <option key={days} value={days}>
              {t('botInsights.lastDays', { count: days })}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-field">
        <span>{t('botInsights.language')}</span>
        <select value={filters.language} onChange={(event) => onChange({ language: event.target.value as Filters['language'] })} name="language">
          <option value="">{t('botInsights.allLanguages')}</option>
          {LANGUAGES.map((language) => (
            <option key={language} value={language}>
              {t(`languages.${language}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-field">
        <span>{t('botInsights.channel')}</span>
        <select value={filters.channel} onChange={(event) => onChange({ channel: event.target.value as Filters['channel'] })} name="channel">
          <option value="">{t('botInsights.allChannels')}</option>
          {CHANNELS.map((channel) => (
            <option key={channel} value={channel}>
              {t(`botInsights.channels.${channel}`)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

function usePercent() {
  const { i18n } = useTranslation();
  return (rate: number) => new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 }).format(rate);
}

function BotFigures({ insights }: { insights: BotInsights }) {
  const { t, i18n } = useTranslation();
  const percent = usePercent();
  const number = (value: number) => formatNumber(value, i18n.language);
  const { totals } = insights;
  const cards = [
    { key: 'conversations', value: number(totals.conversations), detail: t('botInsights.cards.questionsAsked', { count: totals.questions, formatted: number(totals.questions) }) },
    { key: 'answered', value: number(totals.answered), detail: t('botInsights.cards.ofQuestions', { rate: percent(totals.answerRate) }) },
    { key: 'resolved', value: number(totals.resolvedWithoutHandoff), detail: t('botInsights.cards.resolvedDetail', { rate: percent(totals.resolvedRate), confirmed: number(totals.confirmedResolved) }) },
    { key: 'handoffs', value: number(totals.handoffs), detail: t('botInsights.cards.ofConversations', { rate: percent(totals.handoffRate) }) },
  ];
  return (
    <>
      <ul className="bot-cards" aria-label={t('botInsights.cards.label')} data-testid="bot-cards">
        {cards.map((card) => (
          <li key={card.key} className="bot-card" data-card={card.key}>
            <span className="bot-card-label">{t(`botInsights.cards.${card.key}`)}</span>
            <span className="bot-card-value">{card.value}</span>
            <span className="meta">{card.detail}</span>
          </li>
        ))}
      </ul>
      <AdminSection id="bot-daily" title={t('botInsights.daily.title')}>
        <DailyChart daily={insights.daily} />
      </AdminSection>
      <div className="bot-columns">
        <AdminSection id="bot-handoffs" title={t('botInsights.handoffs.title')}>
          {totals.handoffs === 0 ? (
            <p className="hint">{t('botInsights.handoffs.none')}</p>
          ) : (
            <ul className="bot-reasons" data-testid="bot-handoff-reasons">
              {insights.handoffsByReason
                .filter((row) => row.count > 0)
                .map((row) => (
                  <li key={row.reason}>
                    <span>{t(`botInsights.reasons.${row.reason}`)}</span>
                    <span className="bot-reason-bar" aria-hidden="true">
                      <span style={{ width: `${Math.round(row.rate * 100)}%` }} />
                    </span>
                    <span>{t('botInsights.handoffs.count', { count: row.count, formatted: number(row.count), rate: percent(row.rate) })}</span>
                  </li>
                ))}
            </ul>
          )}
        </AdminSection>
        <AdminSection id="bot-topics" title={t('botInsights.topics.title')} description={t('botInsights.topics.description')}>
          {insights.popularTopics.length === 0 ? (
            <p className="hint">{t('botInsights.topics.none')}</p>
          ) : (
            <ol className="bot-ranked" data-testid="bot-topics">
              {insights.popularTopics.map((topic) => (
                <li key={topic.articleId}>
                  <Link to={`/kb/articles/${topic.articleId}`} lang={topic.language}>
                    {topic.title}
                  </Link>
                  {topic.category && <span className="meta"> · {(i18n.language.startsWith('fr') ? topic.category.nameFr || topic.category.nameEn : topic.category.nameEn || topic.category.nameFr)}</span>}
                  <span className="meta"> · {t('botInsights.topics.answers', { count: topic.count, formatted: number(topic.count) })}</span>
                </li>
              ))}
            </ol>
          )}
        </AdminSection>
        <AdminSection id="bot-failed" title={t('botInsights.failed.title')} description={t('botInsights.failed.description')}>
          {insights.failedQueries.length === 0 ? (
            <p className="hint">{t('botInsights.failed.none')}</p>
          ) : (
            <ol className="bot-ranked" data-testid="bot-failed">
              {insights.failedQueries.map((query) => (
                <li key={`${query.language}:${query.question}`}>
                  <q lang={query.language}>{query.question}</q>
                  <span className="meta"> · {t(`languages.${query.language}`)} · {t('botInsights.failed.times', { count: query.count, formatted: number(query.count) })}</span>
                </li>
              ))}
            </ol>
          )}
        </AdminSection>
      </div>
    </>
  );
}

/** Questions per day as columns, the answered part darker; each day is read out as a sentence. */
function DailyChart({ daily }: { daily: BotInsights['daily'] }) {
  const { t, i18n } = useTranslation();
  const highest = Math.max(1, ...daily.map((day) => day.questions));
  const dayName = (date: string) => new Intl.DateTimeFormat(i18n.language, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
  const total = daily.reduce((sum, day) => sum + day.questions, 0);
  return (
    <figure className="bot-chart" aria-labelledby="bot-chart-caption">
      <figcaption id="bot-chart-caption" className="hint">
        {total === 0 ? t('botInsights.daily.empty') : t('botInsights.daily.caption')}
      </figcaption>
      <div className="bot-chart-legend" aria-hidden="true">
        <span className="bot-swatch bot-swatch-answered" /> {t('botInsights.daily.answered')} <span className="bot-swatch bot-swatch-other" /> {t('botInsights.daily.notAnswered')}
      </div>
      <ol className="bot-chart-days" data-testid="bot-daily">
        {daily.map((day, index) => (
          <li key={day.date} className="bot-chart-day" title={t('botInsights.daily.day', { day: dayName(day.date), questions: day.questions, answered: day.answered, handoffs: day.handoffs })}>
            <span className="visually-hidden">{t('botInsights.daily.day', { day: dayName(day.date), questions: day.questions, answered: day.answered, handoffs: day.handoffs })}</span>
            <span className="bot-chart-bar" aria-hidden="true" style={{ height: `${(day.questions / highest) * 100}%` }}>
              <span className="bot-chart-answered" style={{ height: day.questions > 0 ? `${(day.answered / day.questions) * 100}%` : '0' }} />
            </span>
            <span className="bot-chart-label" aria-hidden="true">
              {index % Math.max(1, Math.ceil(daily.length / 5)) === 0 ? dayName(day.date) : ''}
            </span>
          </li>
        ))}
      </ol>
    </figure>
  );
}

// ── The learning list ─────────────────────────────────────────────────────────────────────────────────

type OpenFix = { kind: 'pick'; group: BotLearningGroup } | { kind: 'synonym'; group: BotLearningGroup } | undefined;

/** The questions to improve, most asked first, each with its fixes: link an article, draft one, add a synonym, dismiss. */
function BotLearningList({ from, language, onFixed }: { from: string; language: BotLanguage | ''; onFixed(): void }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const action = useAction();
  const [open, setOpen] = useState<OpenFix>();
  const [more, setMore] = useState<{ items: BotLearningGroup[]; nextCursor: string | null } | undefined>();
  const query = { from, ...(language && { language }), limit: 20 };
  const [listState, reload] = useAsync(async () => {
    setMore(undefined);
    return unwrap(api.GET('/api/v1/bot/learning/questions', { params: { query } }));
  }, [from, language]);
  const items = listState.status === 'ready' ? [...listState.value.data, ...(more?.items ?? [])] : [];
  const nextCursor = more ? more.nextCursor : listState.status === 'ready' ? listState.value.nextCursor : null;
  const loadMore = async () => {
    if (!nextCursor) return;
    const page = await unwrap(api.GET('/api/v1/bot/learning/questions', { params: { query: { ...query, cursor: nextCursor } } }));
    setMore((current) => ({ items: [...(current?.items ?? []), ...page.data], nextCursor: page.nextCursor }));
  };
  const afterFix = () => {
    setOpen(undefined);
    reload();
    onFixed();
  };
  const path = (group: BotLearningGroup) => ({ params: { path: { questionId: group.id } } });

  const link = (group: BotLearningGroup, article: Pick<PickedArticle, 'id' | 'title'>) =>
    void action.run(async () => {
      await unwrap(api.POST('/api/v1/bot/learning/questions/{questionId}/link-article', { ...path(group), body: { articleId: article.id } }));
      afterFix();
    }, t('botInsights.learning.linked', { question: group.question, title: article.title }));
  const draft = (group: BotLearningGroup) =>
    void action.run(async () => {
      const answer = await unwrap(api.POST('/api/v1/bot/learning/questions/{questionId}/draft-article', { ...path(group), body: {} }));
      navigate(`/kb/articles/${answer.article.id}`);
    });
  const dismiss = (group: BotLearningGroup) =>
    void action.run(async () => {
      await unwrap(api.POST('/api/v1/bot/learning/questions/{questionId}/dismiss', path(group)));
      afterFix();
    }, t('botInsights.learning.dismissed', { question: group.question }));

  const columns = [t('botInsights.learning.columns.question'), t('botInsights.learning.columns.asked'), t('botInsights.learning.columns.why'), t('botInsights.learning.columns.fix')];
  return (
    <AdminSection id="bot-learning" title={t('botInsights.learning.title')} description={t('botInsights.learning.description')}>
      <Feedback action={action} />
      <LoadState state={listState} onRetry={reload} />
      {listState.status === 'ready' &&
        (items.length === 0 ? (
          <p className="empty">{t('botInsights.learning.none')}</p>
        ) : (
          <ListTable label={t('botInsights.learning.title')} testId="bot-learning" columns={columns}>
            {items.map((group) => (
              <LearningRow key={group.id} group={group} columns={columns.length} action={action} isSynonymOpen={open?.kind === 'synonym' && open.group.id === group.id}
                onLinkCandidate={() => group.candidateArticle && link(group, group.candidateArticle)}
                onPick={() => setOpen({ kind: 'pick', group })}
                onDraft={() => draft(group)}
                onSynonym={() => setOpen(open?.kind === 'synonym' && open.group.id === group.id ? undefined : { kind: 'synonym', group })}
                onDismiss={() => dismiss(group)}
                onSynonymDone={(message) => {
                  afterFix();
                  action.succeed(message);
                }}
                onSynonymCancel={() => setOpen(undefined)}
                lastAsked={formatRelative(group.lastAskedAt, i18n.language)}
                lastAskedAt={formatDateTime(group.lastAskedAt, i18n.language)}
              />
            ))}
          </ListTable>
        ))}
      {nextCursor && (
        <button type="button" className="admin-load-more" onClick={() => void loadMore()}>
          {t('botInsights.learning.more')}
        </button>
      )}
      {open?.kind === 'pick' && (
        <KbArticlePicker
          ticketLanguage={open.group.language}
          onClose={() => setOpen(undefined)}
          onPick={(article) => {
            // Closed first, so that a refusal (an article in the other language, say) is read on the page.
            setOpen(undefined);
            link(open.group, article);
          }}
        />
      )}
    </AdminSection>
  );
}

function LearningRow(props: {
  group: BotLearningGroup;
  columns: number;
  action: Action;
  isSynonymOpen: boolean;
  lastAsked: string;
  lastAskedAt: string;
  onLinkCandidate(): void;
  onPick(): void;
  onDraft(): void;
  onSynonym(): void;
  onDismiss(): void;
  onSynonymDone(message: string): void;
  onSynonymCancel(): void;
}) {
  const { t, i18n } = useTranslation();
  const { group, action } = props;
  const reasons = (Object.entries(group.reasons) as Array<[keyof BotLearningGroup['reasons'], number]>).filter(([, count]) => count > 0);
  const others = group.phrasings.filter((phrasing) => phrasing !== group.question);
  return (
    <>
      <tr data-question={group.question}>
        <th scope="row" className="bot-question">
          <q lang={group.language}>{group.question}</q> <span className="badge">{t(`languages.${group.language}`)}</span>
          {others.length > 0 && <span className="meta bot-phrasings">{t('botInsights.learning.alsoAsked', { phrasings: others.map((phrasing) => `“${phrasing}”`).join(', ') })}</span>}
        </th>
        <td>
          {t('botInsights.learning.times', { count: group.count, formatted: formatNumber(group.count, i18n.language) })}
          <span className="meta bot-last-asked" title={props.lastAskedAt}>
            {t('botInsights.learning.lastAsked', { when: props.lastAsked })}
          </span>
        </td>
        <td>
          <ul className="bot-why">
            {reasons.map(([reason, count]) => (
              <li key={reason}>{t(`botInsights.learning.reasons.${reason}`, { count })}</li>
            ))}
          </ul>
        </td>
        <td>
          <div className="admin-actions bot-fixes">
            {group.candidateArticle && (
              <button type="button" className="primary" disabled={action.isBusy} onClick={props.onLinkCandidate}>
                {t('botInsights.learning.linkCandidate', { title: group.candidateArticle.title })}
              </button>
            )}
            <button type="button" disabled={action.isBusy} onClick={props.onPick} aria-label={t('botInsights.learning.pickFor', { question: group.question })}>
              {t('botInsights.learning.pick')}
            </button>
            <button type="button" disabled={action.isBusy} onClick={props.onDraft} aria-label={t('botInsights.learning.draftFor', { question: group.question })}>
              {t('botInsights.learning.draft')}
            </button>
            <button type="button" disabled={action.isBusy} onClick={props.onSynonym} aria-expanded={props.isSynonymOpen} aria-label={t('botInsights.learning.synonymFor', { question: group.question })}>
              {t('botInsights.learning.synonym')}
            </button>
            <button type="button" disabled={action.isBusy} onClick={props.onDismiss} aria-label={t('botInsights.learning.dismissFor', { question: group.question })}>
              {t('botInsights.learning.dismiss')}
            </button>
          </div>
        </td>
      </tr>
      {props.isSynonymOpen && (
        <EditorRow columns={props.columns}>
          <SynonymForm group={group} onDone={props.onSynonymDone} onCancel={props.onSynonymCancel} />
        </EditorRow>
      )}
    </>
  );
}

/** The customer's words as synonyms of a term the articles use, in the question's language. */
function SynonymForm({ group, onDone, onCancel }: { group: BotLearningGroup; onDone(message: string): void; onCancel(): void }) {
  const { t } = useTranslation();
  const action = useAction();
  const [term, setTerm] = useState('');
  const [words, setWords] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const list = words.split(',').map((word) => word.trim()).filter(Boolean);
    if (!term.trim() || list.length === 0) {
      action.fail(t('botInsights.synonym.required'));
      return;
    }
    await action.run(async () => {
      const answer = await unwrap(api.POST('/api/v1/bot/learning/questions/{questionId}/add-synonym', { params: { path: { questionId: group.id } }, body: { term: term.trim(), words: list } }));
      onDone(t('botInsights.synonym.added', { terms: answer.group.terms.join(', ') }));
    });
  };
  return (
    <form className="admin-form" onSubmit={(event) => void submit(event)} aria-label={t('botInsights.synonym.title', { question: group.question })}>
      <p className="hint">{t('botInsights.synonym.hint', { language: t(`languages.${group.language}`) })}</p>
      <label>
        {t('botInsights.synonym.term')}
        <input value={term} onChange={(event) => setTerm(event.target.value)} autoFocus maxLength={60} placeholder={t('botInsights.synonym.termPlaceholder')} />
      </label>
      <label>
        {t('botInsights.synonym.words')}
        <input value={words} onChange={(event) => setWords(event.target.value)} placeholder={t('botInsights.synonym.wordsPlaceholder')} />
      </label>
      <Feedback action={action} />
      <div className="admin-actions">
        <button type="submit" className="primary" disabled={action.isBusy}>
          {t('botInsights.synonym.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('botInsights.synonym.cancel')}
        </button>
      </div>
    </form>
  );
}
