import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useDirectory } from '../../directory';
import { formatDateTime } from '../../format';
import { useSession } from '../../session';
import { useAsync } from '../../use-async';
import { ConfirmButton, Feedback, ListTable, LoadState, SubmitButton, useAction, type Action } from '../admin/admin-kit';
import {
  canManageKb,
  groupNameOf,
  helpCenterUrlOf,
  isInHelpCenter,
  KB_STATUSES,
  KB_VISIBILITIES,
  otherLanguageOf,
  tagsOf,
  type KbArticle,
  type KbCategory,
  type KbSection,
  type KbStatus,
  type KbVersion,
  type KbVisibility,
} from './kb-kit';
import { SectionSelect } from './knowledge-base-page';

/** One article for staff: its Markdown, its translation, an edit form for managers, and its versions. */
export function KbArticlePage() {
  const { articleId = '' } = useParams();
  // A new article (a translation just made) starts afresh: not editing, no message from the one before.
  return <KbArticleView key={articleId} articleId={articleId} />;
}

function KbArticleView({ articleId }: { articleId: string }) {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const navigate = useNavigate();
  const canManage = canManageKb(session.user.role);
  const action = useAction();
  const [isEditing, setEditing] = useState(false);
  const [state, reload] = useAsync(async () => {
    const [article, translations, categories, sections] = await Promise.all([
      unwrap(api.GET('/api/v1/kb/articles/{articleId}', { params: { path: { articleId } } })),
      unwrap(api.GET('/api/v1/kb/articles/{articleId}/translations', { params: { path: { articleId } } })),
      unwrap(api.GET('/api/v1/kb/categories')),
      unwrap(api.GET('/api/v1/kb/sections', { params: { query: {} } })),
    ]);
    return { article, translations: translations.data, categories: categories.data, sections: sections.data };
  }, [articleId]);

  if (state.status !== 'ready') {
    return (
      <section className="admin-area" aria-label={t('kb.article.loading')}>
        <LoadState state={state} onRetry={reload} />
      </section>
    );
  }
  const { article, translations, categories, sections } = state.value;
  const section = sections.find((item) => item.id === article.sectionId);
  const category = categories.find((item) => item.id === section?.categoryId);
  const otherLanguage = otherLanguageOf(article.language);
  const translation = translations.find((item) => item.language === otherLanguage);

  const translate = () => {
    let created: KbArticle | undefined;
    void action
      .run(async () => {
        created = await unwrap(
          api.POST('/api/v1/kb/articles', {
            body: { title: article.title, language: otherLanguage, sectionId: article.sectionId, body: article.body, tags: article.tags, visibility: article.visibility, status: 'draft', translationOf: article.id },
          }),
        );
      })
      .then((isDone) => {
        if (isDone && created) navigate(`/kb/articles/${created.id}`);
      });
  };

  return (
    <article className="admin-area kb-article" aria-labelledby="kb-article-title" lang={article.language === 'fr' ? 'fr' : 'en'}>
      <p className="meta" lang={i18n.language}>
        <Link to="/kb">{t('kb.title')}</Link>
        {category && <> › {groupNameOf(category, i18n.language)}</>}
        {section && <> › {groupNameOf(section, i18n.language)}</>}
      </p>
      <h1 id="kb-article-title">{article.title}</h1>
      <div lang={i18n.language}>
        <dl className="facts" data-testid="kb-article-facts">
          <dt>{t('kb.fields.language')}</dt>
          <dd>{t(`languages.${article.language}`)}</dd>
          <dt>{t('kb.fields.status')}</dt>
          <dd>{t(`kb.status.${article.status}`)}</dd>
          <dt>{t('kb.fields.visibility')}</dt>
          <dd>{t(`kb.visibility.${article.visibility}`)}</dd>
          <dt>{t('kb.fields.tags')}</dt>
          <dd>{article.tags.join(', ') || '—'}</dd>
          <dt>{t('kb.columns.views')}</dt>
          <dd>{article.viewCount}</dd>
          <dt>{t('kb.columns.helpful')}</dt>
          <dd>{t('kb.helpfulVotes', { yes: article.helpfulYes, no: article.helpfulNo })}</dd>
          <dt>{t('kb.article.version')}</dt>
          <dd>{article.version}</dd>
          <dt>{t('kb.columns.updated')}</dt>
          <dd>{formatDateTime(article.updatedAt, i18n.language)}</dd>
        </dl>
        <p className="kb-links">
          {isInHelpCenter(article) && (
            <a href={helpCenterUrlOf(session.workspace, article)} target="_blank" rel="noreferrer" data-testid="kb-help-center-link">
              {t('kb.article.viewInHelpCenter')}
            </a>
          )}{' '}
          {translation ? (
            <Link to={`/kb/articles/${translation.id}`} data-testid="kb-translation-link">
              {t(`kb.article.translationIn.${translation.language}`, { title: translation.title })}
            </Link>
          ) : (
            canManage && (
              <button type="button" onClick={translate} disabled={action.isBusy} data-testid="kb-translate">
                {t(`kb.article.translateInto.${otherLanguage}`)}
              </button>
            )
          )}{' '}
          {canManage && !isEditing && (
            <button type="button" onClick={() => setEditing(true)} data-testid="kb-edit">
              {t('kb.article.edit')}
            </button>
          )}
        </p>
        <Feedback action={action} />
      </div>
      {isEditing ? (
        <div lang={i18n.language}>
          <ArticleForm
            article={article}
            sections={sections}
            categories={categories}
            action={action}
            onCancel={() => setEditing(false)}
            onSaved={() => {
              setEditing(false);
              reload();
            }}
          />
        </div>
      ) : (
        <section aria-label={t('kb.article.body')} className="card">
          {/* Shown as written: the help center turns the Markdown into cleaned HTML; here it stays text. */}
          {article.body.trim() ? <pre className="kb-body" data-testid="kb-article-body">{article.body}</pre> : <p className="empty" lang={i18n.language}>{t('kb.article.emptyBody')}</p>}
        </section>
      )}
      <div lang={i18n.language}>
        <VersionsSection article={article} canManage={canManage} onRestored={reload} />
      </div>
    </article>
  );
}

function ArticleForm({ article, sections, categories, action, onCancel, onSaved }: { article: KbArticle; sections: KbSection[]; categories: KbCategory[]; action: Action; onCancel(): void; onSaved(): void }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(article.title);
  const [slug, setSlug] = useState(article.slug);
  const [sectionId, setSectionId] = useState(article.sectionId);
  const [body, setBody] = useState(article.body);
  const [tags, setTags] = useState(article.tags.join(', '));
  const [status, setStatus] = useState<KbStatus>(article.status);
  const [visibility, setVisibility] = useState<KbVisibility>(article.visibility);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action
      .run(
        () => unwrap(api.PATCH('/api/v1/kb/articles/{articleId}', { params: { path: { articleId: article.id } }, body: { title, slug, sectionId, body, tags: tagsOf(tags), status, visibility } })),
        t('kb.article.saved', { title }),
      )
      .then((isDone) => isDone && onSaved());
  };

  return (
    <form className="admin-form card" onSubmit={submit} data-testid="kb-article-form" aria-labelledby="kb-edit-title">
      <h2 id="kb-edit-title">{t('kb.article.editTitle')}</h2>
      <label>
        {t('kb.fields.title')}
        <input name="title" value={title} onChange={(event) => setTitle(event.target.value)} required maxLength={200} autoFocus />
      </label>
      <label>
        {t('kb.fields.slug')}
        <input name="slug" value={slug} onChange={(event) => setSlug(event.target.value)} required maxLength={120} pattern="[a-z0-9]+(-[a-z0-9]+)*" aria-describedby="kb-slug-hint" />
      </label>
      <p className="hint" id="kb-slug-hint">
        {t('kb.fields.slugHint')}
      </p>
      <label>
        {t('kb.fields.section')}
        <SectionSelect sections={sections} categories={categories} value={sectionId} onChange={setSectionId} />
      </label>
      <label>
        {t('kb.fields.body')}
        <textarea name="body" rows={14} value={body} onChange={(event) => setBody(event.target.value)} lang={article.language} />
      </label>
      <label>
        {t('kb.fields.tags')}
        <input name="tags" value={tags} onChange={(event) => setTags(event.target.value)} placeholder={t('kb.fields.tagsPlaceholder')} />
      </label>
      <label>
        {t('kb.fields.status')}
        <select name="status" value={status} onChange={(event) => setStatus(event.target.value as KbStatus)}>
          {KB_STATUSES.map((item) => (
            <option key={item} value={item}>
              {t(`kb.status.${item}`)}
            </option>
          ))}
        </select>
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
      <div className="admin-actions">
        <button type="button" onClick={onCancel}>
          {t('kb.cancel')}
        </button>
      </div>
      <SubmitButton action={action}>{t('kb.save')}</SubmitButton>
    </form>
  );
}

function VersionsSection({ article, canManage, onRestored }: { article: KbArticle; canManage: boolean; onRestored(): void }) {
  const { t, i18n } = useTranslation();
  const [directory] = useDirectory();
  const action = useAction();
  const [versions, reload] = useAsync(async () => (await unwrap(api.GET('/api/v1/kb/articles/{articleId}/versions', { params: { path: { articleId: article.id } } }))).data, [article.id, article.version]);
  const [shownNumber, setShownNumber] = useState<number | undefined>();
  const authorName = (authorId: string | null) => (authorId && directory.status === 'ready' ? directory.value.users.find((user) => user.id === authorId)?.name : undefined) ?? '—';

  const restore = (number: number) =>
    void action
      .run(() => unwrap(api.POST('/api/v1/kb/articles/{articleId}/versions/{number}/restore', { params: { path: { articleId: article.id, number } } })), t('kb.versions.restored', { number }))
      .then((isDone) => isDone && onRestored());

  return (
    <section aria-labelledby="kb-versions-title" className="card">
      <h2 id="kb-versions-title">{t('kb.versions.title')}</h2>
      <LoadState state={versions} onRetry={reload} />
      <Feedback action={action} />
      {versions.status === 'ready' && (
        <ListTable label={t('kb.versions.title')} testId="kb-versions" columns={[t('kb.versions.number'), t('kb.columns.title'), t('kb.columns.status'), t('kb.versions.author'), t('kb.versions.date'), t('kb.columns.actions')]}>
          {versions.value.map((version) => (
            <tr key={version.number} data-kb-version={version.number} aria-current={shownNumber === version.number ? 'true' : undefined}>
              <th scope="row">
                {version.number}
                {version.restoredFrom !== null && <span className="meta"> {t('kb.versions.restoredFrom', { number: version.restoredFrom })}</span>}
              </th>
              <td>{version.title}</td>
              <td>{t(`kb.status.${version.status}`)}</td>
              <td>{authorName(version.authorId)}</td>
              <td>{formatDateTime(version.createdAt, i18n.language)}</td>
              <td>
                <button type="button" onClick={() => setShownNumber(version.number)} aria-label={t('kb.versions.showNamed', { number: version.number })}>
                  {t('kb.versions.show')}
                </button>{' '}
                {canManage && version.number !== article.version && (
                  <ConfirmButton
                    label={t('kb.versions.restore')}
                    confirmLabel={t('kb.versions.confirmRestore')}
                    question={t('kb.versions.restoreQuestion', { number: version.number })}
                    onConfirm={() => restore(version.number)}
                    disabled={action.isBusy}
                  />
                )}
              </td>
            </tr>
          ))}
        </ListTable>
      )}
      {shownNumber !== undefined && <VersionDetail key={shownNumber} articleId={article.id} number={shownNumber} language={article.language} onClose={() => setShownNumber(undefined)} />}
    </section>
  );
}

function VersionDetail({ articleId, number, language, onClose }: { articleId: string; number: number; language: string; onClose(): void }) {
  const { t } = useTranslation();
  const [state, reload] = useAsync(() => unwrap(api.GET('/api/v1/kb/articles/{articleId}/versions/{number}', { params: { path: { articleId, number } } })), [articleId, number]);
  return (
    <section aria-labelledby="kb-version-title" className="kb-version" data-testid="kb-version">
      <h3 id="kb-version-title">{t('kb.versions.detailTitle', { number })}</h3>
      <LoadState state={state} onRetry={reload} />
      {state.status === 'ready' && <VersionDiff version={state.value} language={language} />}
      <button type="button" onClick={onClose}>
        {t('kb.versions.close')}
      </button>
    </section>
  );
}

function VersionDiff({ version, language }: { version: KbVersion; language: string }) {
  const { t } = useTranslation();
  const { diff } = version;
  const changes: string[] = [];
  if (diff.previousNumber === null) changes.push(t('kb.diff.first'));
  else {
    changes.push(t('kb.diff.against', { number: diff.previousNumber }));
    if (diff.previousTitle !== null && diff.previousTitle !== version.title) changes.push(t('kb.diff.title', { before: diff.previousTitle, after: version.title }));
    if (diff.previousStatus !== null && diff.previousStatus !== version.status) changes.push(t('kb.diff.status', { before: t(`kb.status.${diff.previousStatus}`), after: t(`kb.status.${version.status}`) }));
  }
  if (diff.tagsAdded.length > 0) changes.push(t('kb.diff.tagsAdded', { tags: diff.tagsAdded.join(', ') }));
  if (diff.tagsRemoved.length > 0) changes.push(t('kb.diff.tagsRemoved', { tags: diff.tagsRemoved.join(', ') }));
  const sign = { added: '+', removed: '−', unchanged: ' ' } as const;
  return (
    <>
      <ul className="kb-diff-summary">
        {changes.map((change) => (
          <li key={change}>{change}</li>
        ))}
      </ul>
      <p className="hint">{t('kb.diff.legend')}</p>
      <ol className="kb-diff" aria-label={t('kb.diff.body')} lang={language} data-testid="kb-diff">
        {diff.lines.map((line, index) => (
          <li key={index} className={`kb-diff-${line.kind}`} data-kind={line.kind}>
            <span className="visually-hidden">{t(`kb.diff.kind.${line.kind}`)} </span>
            <span aria-hidden="true" className="kb-diff-sign">
              {sign[line.kind]}
            </span>
            <code>{line.text || ' '}</code>
          </li>
        ))}
      </ol>
    </>
  );
}
