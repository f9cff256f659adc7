import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { formatDateTime } from '../../format';
import { useSession } from '../../session';
import { useAsync, type AsyncState } from '../../use-async';
import '../admin/admin.css';
import { ConfirmButton, Feedback, ListTable, LoadState, SubmitButton, useAction } from '../admin/admin-kit';
import {
  authorNameOf,
  canManageCommunity,
  categoryNameOf,
  COMMUNITY_LANGUAGES,
  COMMUNITY_STATUSES,
  type CommunityCategory,
  type CommunityLanguage,
  type CommunityTopicStatus,
  type CommunityTopicSummary,
} from './community-kit';

type Visibility = '' | 'visible' | 'hidden';

/** The community forums for staff: every topic (hidden ones too) with filters, and, for managers, the categories. */
export function CommunityPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const canManage = canManageCommunity(session.user.role);
  const [categories, reloadCategories] = useAsync(async () => (await unwrap(api.GET('/api/v1/community/categories'))).data, []);
  const list = categories.status === 'ready' ? categories.value : [];

  return (
    <section aria-labelledby="community-title" className="admin-area community-page">
      <h1 id="community-title">{t('community.title')}</h1>
      <p className="hint">{t('community.description')}</p>
      <TopicList categories={list} />
      {canManage && <CategoryManager state={categories} onChanged={reloadCategories} />}
    </section>
  );
}

function TopicList({ categories }: { categories: CommunityCategory[] }) {
  const { t, i18n } = useTranslation();
  const [categoryId, setCategoryId] = useState('');
  const [status, setStatus] = useState<CommunityTopicStatus | ''>('');
  const [visibility, setVisibility] = useState<Visibility>('');
  const [language, setLanguage] = useState<CommunityLanguage | ''>('');
  const [isUnansweredOnly, setUnansweredOnly] = useState(false);
  const [query, setQuery] = useState('');
  const [searched, setSearched] = useState('');
  const [more, setMore] = useState<{ items: CommunityTopicSummary[]; nextCursor: string | null } | undefined>();
  const filters = {
    ...(categoryId && { categoryId }),
    ...(status && { status }),
    ...(visibility && { hidden: visibility === 'hidden' ? ('true' as const) : ('false' as const) }),
    ...(language && { language }),
    ...(isUnansweredOnly && { unanswered: 'true' as const }),
    ...(searched && { q: searched }),
    limit: 50,
  };
  const [state, reload] = useAsync(async () => {
    setMore(undefined);
    return unwrap(api.GET('/api/v1/community/topics', { params: { query: filters } }));
  }, [categoryId, status, visibility, language, isUnansweredOnly, searched]);
  const items = state.status === 'ready' ? [...state.value.data, ...(more?.items ?? [])] : [];
  const nextCursor = more ? more.nextCursor : state.status === 'ready' ? state.value.nextCursor : null;
  const loadMore = async () => {
    if (!nextCursor) return;
    const page = await unwrap(api.GET('/api/v1/community/topics', { params: { query: { ...filters, cursor: nextCursor } } }));
    setMore((current) => ({ items: [...(current?.items ?? []), ...page.data], nextCursor: page.nextCursor }));
  };
  const categoryName = (id: string) => {
    const category = categories.find((item) => item.id === id);
    return category ? categoryNameOf(category, i18n.language) : '—';
  };

  return (
    <section aria-labelledby="community-topics-title" className="card">
      <h2 id="community-topics-title">{t('community.topics.title')}</h2>
      <form
        role="search"
        aria-label={t('community.search.label')}
        className="search-box"
        onSubmit={(event) => {
          event.preventDefault();
          setSearched(query.trim());
        }}
      >
        <label htmlFor="community-search">{t('community.search.label')}</label>
        <input id="community-search" type="search" value={query} onChange={(event) => setQuery(event.target.value)} maxLength={200} />
        <button type="submit">{t('community.search.submit')}</button>
      </form>
      <div className="kb-filters">
        <label className="inline-field">
          <span>{t('community.fields.category')}</span>
          <select name="filterCategory" value={categoryId} onChange={(event) => setCategoryId(event.target.value)}>
            <option value="">{t('community.filters.all')}</option>
            {categories.map((category) => (
              <option key={category.id} value={category.id}>
                {categoryNameOf(category, i18n.language)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>{t('community.fields.status')}</span>
          <select name="filterStatus" value={status} onChange={(event) => setStatus(event.target.value as CommunityTopicStatus | '')}>
            <option value="">{t('community.filters.all')}</option>
            {COMMUNITY_STATUSES.map((item) => (
              <option key={item} value={item}>
                {t(`community.status.${item}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>{t('community.fields.visibility')}</span>
          <select name="filterVisibility" value={visibility} onChange={(event) => setVisibility(event.target.value as Visibility)}>
            <option value="">{t('community.filters.all')}</option>
            <option value="visible">{t('community.visibility.visible')}</option>
            <option value="hidden">{t('community.visibility.hidden')}</option>
          </select>
        </label>
        <label className="inline-field">
          <span>{t('community.fields.language')}</span>
          <select name="filterLanguage" value={language} onChange={(event) => setLanguage(event.target.value as CommunityLanguage | '')}>
            <option value="">{t('community.filters.all')}</option>
            {COMMUNITY_LANGUAGES.map((item) => (
              <option key={item} value={item}>
                {t(`languages.${item}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <input type="checkbox" name="filterUnanswered" checked={isUnansweredOnly} onChange={(event) => setUnansweredOnly(event.target.checked)} />
          <span>{t('community.filters.unanswered')}</span>
        </label>
      </div>
      <LoadState state={state} onRetry={reload} />
      {state.status === 'ready' &&
        (items.length === 0 ? (
          <p className="empty">{t('community.topics.none')}</p>
        ) : (
          <ListTable
            label={t('community.topics.title')}
            testId="community-topics"
            columns={[t('community.columns.title'), t('community.columns.category'), t('community.columns.language'), t('community.columns.author'), t('community.columns.replies'), t('community.columns.votes'), t('community.columns.state'), t('community.columns.activity')]}
          >
            {items.map((topic) => (
              <tr key={topic.id} data-community-topic={topic.title}>
                <th scope="row">
                  <Link to={`/community/topics/${topic.id}`} lang={topic.language}>
                    {topic.title}
                  </Link>
                </th>
                <td>{categoryName(topic.categoryId)}</td>
                <td>{t(`languages.${topic.language}`)}</td>
                <td>{authorNameOf(topic.author, t('community.formerMember'))}</td>
                <td>{topic.replyCount}</td>
                <td>{topic.voteScore}</td>
                <td>
                  <TopicBadges topic={topic} />
                </td>
                <td>{formatDateTime(topic.lastActivityAt, i18n.language)}</td>
              </tr>
            ))}
          </ListTable>
        ))}
      {nextCursor && (
        <button type="button" onClick={() => void loadMore()}>
          {t('community.topics.more')}
        </button>
      )}
    </section>
  );
}

/** What a topic's state is at a glance: hidden, locked, answered, converted to a ticket. */
export function TopicBadges({ topic }: { topic: CommunityTopicSummary }) {
  const { t } = useTranslation();
  const badges = [
    topic.isHidden && t('community.badges.hidden'),
    topic.status === 'locked' && t('community.badges.locked'),
    topic.acceptedReplyId && t('community.badges.answered'),
    topic.convertedTicket && t('community.badges.ticket', { number: topic.convertedTicket.number }),
  ].filter((badge): badge is string => Boolean(badge));
  if (badges.length === 0) return <span className="meta">{t('community.badges.open')}</span>;
  return (
    <span className="community-badges">
      {badges.map((badge) => (
        <span key={badge} className="badge">
          {badge}
        </span>
      ))}
    </span>
  );
}

interface CategoryDraft {
  nameEn: string;
  nameFr: string;
  descriptionEn: string;
  descriptionFr: string;
}
const BLANK: CategoryDraft = { nameEn: '', nameFr: '', descriptionEn: '', descriptionFr: '' };

/** The forums' categories for managers and admins: create, edit (names and descriptions in both languages), delete an empty one. */
function CategoryManager({ state, onChanged }: { state: AsyncState<CommunityCategory[]>; onChanged(): void }) {
  const { t, i18n } = useTranslation();
  const action = useAction();
  const [editing, setEditing] = useState<CommunityCategory | undefined>();
  const [draft, setDraft] = useState<CategoryDraft>(BLANK);
  const categories = state.status === 'ready' ? state.value : [];
  const write = (run: () => Promise<unknown>, success: string) => void action.run(run, success).then((isDone) => isDone && onChanged());
  const startEdit = (category: CommunityCategory | undefined) => {
    setEditing(category);
    setDraft(category ? { nameEn: category.nameEn, nameFr: category.nameFr, descriptionEn: category.descriptionEn, descriptionFr: category.descriptionFr } : BLANK);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const name = draft.nameEn || draft.nameFr;
    if (editing) {
      write(async () => {
        await unwrap(api.PATCH('/api/v1/community/categories/{categoryId}', { params: { path: { categoryId: editing.id } }, body: draft }));
        startEdit(undefined);
      }, t('community.categories.saved', { name }));
    } else {
      write(async () => {
        await unwrap(api.POST('/api/v1/community/categories', { body: draft }));
        setDraft(BLANK);
      }, t('community.categories.created', { name }));
    }
  };
  const field = (key: keyof CategoryDraft, lang: 'en' | 'fr', multiline = false) => (
    <label>
      {t(`community.categories.fields.${key}`)}
      {multiline ? (
        <textarea name={key} rows={2} value={draft[key]} onChange={(event) => setDraft({ ...draft, [key]: event.target.value })} maxLength={500} lang={lang} />
      ) : (
        <input name={key} value={draft[key]} onChange={(event) => setDraft({ ...draft, [key]: event.target.value })} maxLength={120} lang={lang} />
      )}
    </label>
  );

  return (
    <section aria-labelledby="community-categories-title" className="card" data-testid="community-categories">
      <h2 id="community-categories-title">{t('community.categories.title')}</h2>
      <p className="hint">{t('community.categories.description')}</p>
      <LoadState state={state} onRetry={onChanged} />
      <Feedback action={action} />
      {state.status === 'ready' && categories.length === 0 && <p className="empty">{t('community.categories.none')}</p>}
      {categories.length > 0 && (
        <ListTable label={t('community.categories.title')} columns={[t('community.categories.fields.nameEn'), t('community.categories.fields.nameFr'), t('community.columns.topics'), t('community.columns.actions')]}>
          {categories.map((category) => {
            const name = categoryNameOf(category, i18n.language);
            return (
              <tr key={category.id} data-community-category={category.nameEn || category.nameFr}>
                <th scope="row" lang="en">
                  {category.nameEn || '—'}
                </th>
                <td lang="fr">{category.nameFr || '—'}</td>
                <td>{category.topicCount}</td>
                <td>
                  <div className="admin-actions">
                    <button type="button" onClick={() => startEdit(category)} aria-label={t('community.categories.editNamed', { name })} disabled={action.isBusy}>
                      {t('community.categories.edit')}
                    </button>
                    <ConfirmButton
                      label={t('community.categories.delete')}
                      confirmLabel={t('community.categories.confirmDelete')}
                      question={t('community.categories.deleteQuestion', { name })}
                      disabled={action.isBusy}
                      onConfirm={() => write(() => unwrap(api.DELETE('/api/v1/community/categories/{categoryId}', { params: { path: { categoryId: category.id } } })), t('community.categories.deleted', { name }))}
                    />
                  </div>
                </td>
              </tr>
            );
          })}
        </ListTable>
      )}
      <form className="admin-form" onSubmit={submit} data-testid="community-category-form" aria-labelledby="community-category-form-title">
        <h3 id="community-category-form-title">{editing ? t('community.categories.editTitle', { name: categoryNameOf(editing, i18n.language) }) : t('community.categories.newTitle')}</h3>
        {field('nameEn', 'en')}
        {field('nameFr', 'fr')}
        {field('descriptionEn', 'en', true)}
        {field('descriptionFr', 'fr', true)}
        <div className="admin-actions">
          <SubmitButton action={action}>{editing ? t('community.categories.save') : t('community.categories.create')}</SubmitButton>
          {editing && (
            <button type="button" onClick={() => startEdit(undefined)}>
              {t('community.cancel')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
