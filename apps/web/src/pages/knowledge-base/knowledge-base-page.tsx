import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { formatDateTime } from '../../format';
import { useSession } from '../../session';
import { useAsync } from '../../use-async';
import { ConfirmButton, Feedback, ListTable, LoadState, SubmitButton, useAction } from '../admin/admin-kit';
import {
  canManageKb,
  groupNameOf,
  KB_LANGUAGES,
  KB_STATUSES,
  KB_VISIBILITIES,
  snippetParts,
  type KbArticle,
  type KbArticleSummary,
  type KbCategory,
  type KbLanguage,
  type KbSection,
  type KbStatus,
  type KbVisibility,
} from './kb-kit';

/** Categories and sections, loaded together: articles name their section, sections their category. */
function useKbStructure() {
  return useAsync(async () => {
    const [categories, sections] = await Promise.all([unwrap(api.GET('/api/v1/kb/categories')), unwrap(api.GET('/api/v1/kb/sections', { params: { query: {} } }))]);
    return { categories: categories.data, sections: sections.data };
  }, []);
}

/** The knowledge base for staff: search, the articles with filters, and (for managers) new articles and the sections. */
export function KnowledgeBasePage() {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const canManage = canManageKb(session.user.role);
  const [structure, reloadStructure] = useKbStructure();
  const sections = structure.status === 'ready' ? structure.value.sections : [];
  const categories = structure.status === 'ready' ? structure.value.categories : [];
  const sectionName = (sectionId: string) => {
    const section = sections.find((item) => item.id === sectionId);
    return section ? groupNameOf(section, i18n.language) : '—';
  };

  return (
    <section aria-labelledby="kb-title" className="admin-area kb-page">
      <h1 id="kb-title">{t('kb.title')}</h1>
      <p className="hint">{canManage ? t('kb.descriptionManager') : t('kb.descriptionAgent')}</p>
      <KbSearch sectionName={sectionName} />
      <KbArticleList sections={sections} sectionName={sectionName} />
      {canManage && <NewArticleForm sections={sections} categories={categories} />}
      {canManage && <KbStructureManager state={structure} onChanged={reloadStructure} />}
    </section>
  );
}

function KbSearch({ sectionName }: { sectionName(sectionId: string): string }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [submitted, setSubmitted] = useState('');
  const [results, reload] = useAsync(
    async () => (submitted ? (await unwrap(api.GET('/api/v1/kb/search', { params: { query: { q: submitted, includeInternal: 'true', limit: 20 } } }))).data : undefined),
    [submitted],
  );
  return (
    <section aria-labelledby="kb-search-title" className="card">
      <h2 id="kb-search-title">{t('kb.search.title')}</h2>
      <form
        role="search"
        aria-label={t('kb.search.label')}
        className="search-box"
        onSubmit={(event) => {
          event.preventDefault();
          setSubmitted(query.trim());
        }}
      >
        <label htmlFor="kb-search">{t('kb.search.label')}</label>
        <input id="kb-search" type="search" value={query} onChange={(event) => setQuery(event.target.value)} placeholder={t('kb.search.placeholder')} />
        <button type="submit">{t('kb.search.submit')}</button>
      </form>
      {submitted && <LoadState state={results} onRetry={reload} />}
      {results.status === 'ready' && results.value && (
        <>
          <p role="status">{t('kb.search.count', { count: results.value.length })}</p>
          <ul className="result-list" aria-label={t('kb.search.results')} data-testid="kb-search-results">
            {results.value.map((result) => (
              <li key={result.id}>
                <Link to={`/kb/articles/${result.id}`}>{result.title}</Link>{' '}
                <span className="badge">{t(`languages.${result.language}`)}</span> <span className="badge">{t(`kb.visibility.${result.visibility}`)}</span>{' '}
                <span className="meta">{sectionName(result.sectionId)}</span>
                <p className="meta">
                  {snippetParts(result.snippet).map((part, index) => (part.isMarked ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>))}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function KbArticleList({ sections, sectionName }: { sections: KbSection[]; sectionName(sectionId: string): string }) {
  const { t, i18n } = useTranslation();
  const [language, setLanguage] = useState<KbLanguage | ''>('');
  const [status, setStatus] = useState<KbStatus | ''>('');
  const [visibility, setVisibility] = useState<KbVisibility | ''>('');
  const [sectionId, setSectionId] = useState('');
  const [more, setMore] = useState<{ items: KbArticleSummary[]; nextCursor: string | null } | undefined>();
  const filters = { ...(language && { language }), ...(status && { status }), ...(visibility && { visibility }), ...(sectionId && { sectionId }), limit: 50 };
  const [listState, reload] = useAsync(async () => {
    setMore(undefined);
    return unwrap(api.GET('/api/v1/kb/articles', { params: { query: filters } }));
  }, [language, status, visibility, sectionId]);
  const items = listState.status === 'ready' ? [...listState.value.data, ...(more?.items ?? [])] : [];
  const nextCursor = more ? more.nextCursor : listState.status === 'ready' ? listState.value.nextCursor : null;
  const loadMore = async () => {
    if (!nextCursor) return;
    const page = await unwrap(api.GET('/api/v1/kb/articles', { params: { query: { ...filters, cursor: nextCursor } } }));
    setMore((current) => ({ items: [...(current?.items ?? []), ...page.data], nextCursor: page.nextCursor }));
  };

  return (
    <section aria-labelledby="kb-articles-title" className="card">
      <h2 id="kb-articles-title">{t('kb.articles.title')}</h2>
      <div className="kb-filters">
        <label className="inline-field">
          <span>{t('kb.fields.language')}</span>
          <select value={language} onChange={(event) => setLanguage(event.target.value as KbLanguage | '')} name="filterLanguage">
            <option value="">{t('kb.filters.all')}</option>
            {KB_LANGUAGES.map((item) => (
              <option key={item} value={item}>
                {t(`languages.${item}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>{t('kb.fields.status')}</span>
          <select value={status} onChange={(event) => setStatus(event.target.value as KbStatus | '')} name="filterStatus">
            <option value="">{t('kb.filters.all')}</option>
            {KB_STATUSES.map((item) => (
              <option key={item} value={item}>
                {t(`kb.status.${item}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>{t('kb.fields.visibility')}</span>
          <select value={visibility} onChange={(event) => setVisibility(event.target.value as KbVisibility | '')} name="filterVisibility">
            <option value="">{t('kb.filters.all')}</option>
            {KB_VISIBILITIES.map((item) => (
              <option key={item} value={item}>
                {t(`kb.visibility.${item}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>{t('kb.fields.section')}</span>
          <select value={sectionId} onChange={(event) => setSectionId(event.target.value)} name="filterSection">
            <option value="">{t('kb.filters.all')}</option>
            {sections.map((section) => (
              <option key={section.id} value={section.id}>
                {groupNameOf(section, i18n.language)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <LoadState state={listState} onRetry={reload} />
      {listState.status === 'ready' &&
        (items.length === 0 ? (
          <p className="empty">{t('kb.articles.none')}</p>
        ) : (
          <ListTable
            label={t('kb.articles.title')}
            testId="kb-articles"
            columns={[t('kb.columns.title'), t('kb.columns.language'), t('kb.columns.status'), t('kb.columns.visibility'), t('kb.columns.section'), t('kb.columns.views'), t('kb.columns.helpful'), t('kb.columns.updated')]}
          >
            {items.map((article) => (
              <tr key={article.id} data-kb-title={article.title}>
                <th scope="row">
                  <Link to={`/kb/articles/${article.id}`}>{article.title}</Link>
                </th>
                <td>{t(`languages.${article.language}`)}</td>
                <td>{t(`kb.status.${article.status}`)}</td>
                <td>{t(`kb.visibility.${article.visibility}`)}</td>
                <td>{sectionName(article.sectionId)}</td>
                <td>{article.viewCount}</td>
                <td>{t('kb.helpfulVotes', { yes: article.helpfulYes, no: article.helpfulNo })}</td>
                <td>{formatDateTime(article.updatedAt, i18n.language)}</td>
              </tr>
            ))}
          </ListTable>
        ))}
      {nextCursor && (
        <button type="button" onClick={() => void loadMore()}>
          {t('kb.articles.more')}
        </button>
      )}
    </section>
  );
}

function NewArticleForm({ sections, categories }: { sections: KbSection[]; categories: KbCategory[] }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const action = useAction();
  const [title, setTitle] = useState('');
  const [language, setLanguage] = useState<KbLanguage>(i18n.language.startsWith('fr') ? 'fr' : 'en');
  const [sectionId, setSectionId] = useState('');
  const [visibility, setVisibility] = useState<KbVisibility>('public');
  const [body, setBody] = useState('');
  const chosenSection = sectionId || sections[0]?.id || '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!chosenSection) {
      action.fail(t('kb.needsSection'));
      return;
    }
    let created: KbArticle | undefined;
    void action
      .run(async () => {
        created = await unwrap(api.POST('/api/v1/kb/articles', { body: { title, language, sectionId: chosenSection, visibility, body, status: 'draft', tags: [] } }));
      })
      .then((isDone) => {
        if (isDone && created) navigate(`/kb/articles/${created.id}`, { state: { isNew: true } });
      });
  };

  return (
    <section aria-labelledby="kb-new-title" className="card">
      <h2 id="kb-new-title">{t('kb.create.title')}</h2>
      <Feedback action={action} />
      {sections.length === 0 ? (
        <p className="hint">{t('kb.needsSection')}</p>
      ) : (
        <form className="admin-form" onSubmit={submit} data-testid="kb-new-article">
          <label>
            {t('kb.fields.title')}
            <input name="title" value={title} onChange={(event) => setTitle(event.target.value)} required maxLength={200} />
          </label>
          <label>
            {t('kb.fields.language')}
            <select name="language" value={language} onChange={(event) => setLanguage(event.target.value as KbLanguage)}>
              {KB_LANGUAGES.map((item) => (
                <option key={item} value={item}>
                  {t(`languages.${item}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('kb.fields.section')}
            <SectionSelect sections={sections} categories={categories} value={chosenSection} onChange={setSectionId} />
          </label>
          <label>
            {t('kb.fields.visibility')}
            <select name="visibility" value={visibility} onChange={(event) => setVisibility(event.target.value as KbVisibility)}>
              {KB_VISIBILITIES.map((item) => (
                <option key={item} value={item}>
                  {t(`kb.visibility.${item}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('kb.fields.body')}
            <textarea name="body" rows={8} value={body} onChange={(event) => setBody(event.target.value)} lang={language} />
          </label>
          <SubmitButton action={action}>{t('kb.create.submit')}</SubmitButton>
        </form>
      )}
    </section>
  );
}

/** The sections grouped by their category, for a form's "Section" field. */
export function SectionSelect({ sections, categories, value, onChange }: { sections: KbSection[]; categories: KbCategory[]; value: string; onChange(sectionId: string): void }) {
  const { i18n } = useTranslation();
  return (
    <select name="sectionId" value={value} onChange={(event) => onChange(event.target.value)}>
      {categories.map((category) => (
        <optgroup key={category.id} label={groupNameOf(category, i18n.language)}>
          {sections
            .filter((section) => section.categoryId === category.id)
            .map((section) => (
              <option key={section.id} value={section.id}>
                {groupNameOf(section, i18n.language)}
              </option>
            ))}
        </optgroup>
      ))}
    </select>
  );
}

type Structure = { categories: KbCategory[]; sections: KbSection[] };

/** Categories and their sections: create, rename (both names), delete an empty one. */
function KbStructureManager({ state, onChanged }: { state: { status: 'loading' } | { status: 'error'; error: Error } | { status: 'ready'; value: Structure }; onChanged(): void }) {
  const { t, i18n } = useTranslation();
  const action = useAction();
  const structure = state.status === 'ready' ? state.value : { categories: [], sections: [] };
  const write = (run: () => Promise<unknown>, success: string) => void action.run(run, success).then((isDone) => isDone && onChanged());
  const [newCategory, setNewCategory] = useState({ nameEn: '', nameFr: '' });
  const [newSection, setNewSection] = useState({ categoryId: '', nameEn: '', nameFr: '' });
  const sectionCategory = newSection.categoryId || structure.categories[0]?.id || '';

  return (
    <section aria-labelledby="kb-structure-title" className="card" data-testid="kb-structure">
      <h2 id="kb-structure-title">{t('kb.structure.title')}</h2>
      <p className="hint">{t('kb.structure.description')}</p>
      <LoadState state={state} onRetry={onChanged} />
      <Feedback action={action} />
      {structure.categories.length === 0 && state.status === 'ready' && <p className="empty">{t('kb.structure.none')}</p>}
      <ul className="kb-structure">
        {structure.categories.map((category) => (
          <li key={category.id} data-kb-category={category.nameEn || category.nameFr}>
            <GroupRow
              kind="category"
              group={category}
              isBusy={action.isBusy}
              onRename={(names) => write(() => unwrap(api.PATCH('/api/v1/kb/categories/{categoryId}', { params: { path: { categoryId: category.id } }, body: names })), t('kb.structure.saved'))}
              onDelete={() => write(() => unwrap(api.DELETE('/api/v1/kb/categories/{categoryId}', { params: { path: { categoryId: category.id } } })), t('kb.structure.deleted', { name: groupNameOf(category, i18n.language) }))}
            />
            <ul>
              {structure.sections
                .filter((section) => section.categoryId === category.id)
                .map((section) => (
                  <li key={section.id} data-kb-section={section.nameEn || section.nameFr}>
                    <GroupRow
                      kind="section"
                      group={section}
                      isBusy={action.isBusy}
                      onRename={(names) => write(() => unwrap(api.PATCH('/api/v1/kb/sections/{sectionId}', { params: { path: { sectionId: section.id } }, body: names })), t('kb.structure.saved'))}
                      onDelete={() => write(() => unwrap(api.DELETE('/api/v1/kb/sections/{sectionId}', { params: { path: { sectionId: section.id } } })), t('kb.structure.deleted', { name: groupNameOf(section, i18n.language) }))}
                    />
                  </li>
                ))}
            </ul>
          </li>
        ))}
      </ul>
      <form
        className="admin-form"
        data-testid="kb-new-category"
        aria-labelledby="kb-new-category-title"
        onSubmit={(event) => {
          event.preventDefault();
          write(async () => {
            await unwrap(api.POST('/api/v1/kb/categories', { body: { ...newCategory, icon: null } }));
            setNewCategory({ nameEn: '', nameFr: '' });
          }, t('kb.structure.created', { name: newCategory.nameEn || newCategory.nameFr }));
        }}
      >
        <h3 id="kb-new-category-title">{t('kb.structure.newCategory')}</h3>
        <label>
          {t('kb.fields.nameEn')}
          <input name="nameEn" value={newCategory.nameEn} onChange={(event) => setNewCategory({ ...newCategory, nameEn: event.target.value })} maxLength={120} lang="en" />
        </label>
        <label>
          {t('kb.fields.nameFr')}
          <input name="nameFr" value={newCategory.nameFr} onChange={(event) => setNewCategory({ ...newCategory, nameFr: event.target.value })} maxLength={120} lang="fr" />
        </label>
        <SubmitButton action={action}>{t('kb.structure.createCategory')}</SubmitButton>
      </form>
      {structure.categories.length > 0 && (
        <form
          className="admin-form"
          data-testid="kb-new-section"
          aria-labelledby="kb-new-section-title"
          onSubmit={(event) => {
            event.preventDefault();
            write(async () => {
              await unwrap(api.POST('/api/v1/kb/sections', { body: { categoryId: sectionCategory, nameEn: newSection.nameEn, nameFr: newSection.nameFr, icon: null } }));
              setNewSection({ categoryId: sectionCategory, nameEn: '', nameFr: '' });
            }, t('kb.structure.created', { name: newSection.nameEn || newSection.nameFr }));
          }}
        >
          <h3 id="kb-new-section-title">{t('kb.structure.newSection')}</h3>
          <label>
            {t('kb.fields.category')}
            <select name="categoryId" value={sectionCategory} onChange={(event) => setNewSection({ ...newSection, categoryId: event.target.value })}>
              {structure.categories.map((category) => (
                <option key={category.id} value={category.id}>
                  {groupNameOf(category, i18n.language)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('kb.fields.nameEn')}
            <input name="nameEn" value={newSection.nameEn} onChange={(event) => setNewSection({ ...newSection, nameEn: event.target.value })} maxLength={120} lang="en" />
          </label>
          <label>
            {t('kb.fields.nameFr')}
            <input name="nameFr" value={newSection.nameFr} onChange={(event) => setNewSection({ ...newSection, nameFr: event.target.value })} maxLength={120} lang="fr" />
          </label>
          <SubmitButton action={action}>{t('kb.structure.createSection')}</SubmitButton>
        </form>
      )}
    </section>
  );
}

function GroupRow({ kind, group, isBusy, onRename, onDelete }: { kind: 'category' | 'section'; group: KbCategory; isBusy: boolean; onRename(names: { nameEn: string; nameFr: string }): void; onDelete(): void }) {
  const { t, i18n } = useTranslation();
  const [isEditing, setEditing] = useState(false);
  const [names, setNames] = useState({ nameEn: group.nameEn, nameFr: group.nameFr });
  const name = groupNameOf(group, i18n.language);
  if (isEditing) {
    return (
      <form
        className="kb-group-editor"
        aria-label={t('kb.structure.renameNamed', { name })}
        onSubmit={(event) => {
          event.preventDefault();
          onRename(names);
          setEditing(false);
        }}
      >
        <label>
          {t('kb.fields.nameEn')}
          <input name="nameEn" value={names.nameEn} onChange={(event) => setNames({ ...names, nameEn: event.target.value })} maxLength={120} lang="en" autoFocus />
        </label>
        <label>
          {t('kb.fields.nameFr')}
          <input name="nameFr" value={names.nameFr} onChange={(event) => setNames({ ...names, nameFr: event.target.value })} maxLength={120} lang="fr" />
        </label>
        <button type="submit" className="primary" disabled={isBusy}>
          {t('kb.save')}
        </button>
        <button type="button" onClick={() => setEditing(false)}>
          {t('kb.cancel')}
        </button>
      </form>
    );
  }
  return (
    <span className={`kb-group kb-group-${kind}`}>
      <span className="kb-group-name">{kind === 'category' ? <strong>{name}</strong> : name}</span>{' '}
      <span className="meta" lang={i18n.language.startsWith('fr') ? 'en' : 'fr'}>
        {i18n.language.startsWith('fr') ? group.nameEn : group.nameFr}
      </span>{' '}
      <button type="button" onClick={() => setEditing(true)} aria-label={t('kb.structure.renameNamed', { name })} disabled={isBusy}>
        {t('kb.structure.rename')}
      </button>{' '}
      <ConfirmButton label={t('kb.structure.delete')} confirmLabel={t('kb.structure.confirmDelete')} question={t('kb.structure.deleteQuestion', { name })} onConfirm={onDelete} disabled={isBusy} />
    </span>
  );
}
