import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap, type Session } from '../api/client';
import { useAsync } from '../use-async';
import { helpCenterUrlOf, type KbLanguage } from '../pages/knowledge-base/kb-kit';

/** What the picker hands back: enough to write the article's help center link. */
export interface PickedArticle {
  id: string;
  title: string;
  slug: string;
  language: KbLanguage;
}

/** The line a reply gets for an article: "Title: https://…/help/<workspace>[/fr]/articles/<slug>". */
export function articleLinkLine(workspace: Session['workspace'], article: PickedArticle): string {
  return `${article.title}: ${helpCenterUrlOf(workspace, article)}`;
}

/**
 * The articles a customer can open (published and public), the ticket's language first, in a dialog. Arrows move
 * through the list, Enter picks, Escape closes. Without words typed, the most recently changed ones are listed.
 */
export function KbArticlePicker({ ticketLanguage, onPick, onClose }: { ticketLanguage: string; onPick(article: PickedArticle): void; onClose(): void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const listId = useId();
  const [query, setQuery] = useState('');
  const [debounced, setDebounced] = useState('');
  const [active, setActive] = useState(0);
  useEffect(() => {
    const element = dialog.current;
    element?.showModal();
    return () => element?.close();
  }, []);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(query.trim()), 150);
    return () => clearTimeout(timer);
  }, [query]);
  const [listState, reload] = useAsync(async (): Promise<PickedArticle[]> => {
    const found: PickedArticle[] = debounced
      ? (await unwrap(api.GET('/api/v1/kb/search', { params: { query: { q: debounced, includeInternal: 'false', limit: 20 } } }))).data
      : (await unwrap(api.GET('/api/v1/kb/articles', { params: { query: { status: 'published', visibility: 'public', limit: 20 } } }))).data;
    // Stable: the search's own order is kept within each language.
    return [...found].sort((a, b) => Number(b.language === ticketLanguage) - Number(a.language === ticketLanguage));
  }, [debounced, ticketLanguage]);
  const items = listState.status === 'ready' ? listState.value : [];
  useEffect(() => setActive(0), [debounced]);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    // The picker sits inside the reply form: Enter here must never send the reply.
    if (event.key === 'Enter') event.preventDefault();
    if (items.length === 0) return;
    if (event.key === 'ArrowDown') setActive((index) => (index + 1) % items.length);
    else if (event.key === 'ArrowUp') setActive((index) => (index - 1 + items.length) % items.length);
    else if (event.key === 'Enter') onPick(items[active]!);
    else return;
    event.preventDefault();
  };
  const optionId = (index: number) => `${listId}-option-${index}`;

  return (
    <dialog ref={dialog} className="card canned-picker" aria-labelledby={`${listId}-title`} onClose={onClose} data-testid="kb-picker">
      <h2 id={`${listId}-title`}>{t('kb.picker.title')}</h2>
      <input
        type="search"
        value={query}
        autoFocus
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={onKeyDown}
        placeholder={t('kb.picker.placeholder')}
        aria-label={t('kb.picker.search')}
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={items.length > 0 ? optionId(active) : undefined}
      />
      {listState.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {listState.status === 'error' && (
        <p role="alert" className="error">
          {t('app.error', { message: listState.error.message })} <button type="button" onClick={reload}>{t('kb.picker.retry')}</button>
        </p>
      )}
      {listState.status === 'ready' && items.length === 0 && <p className="empty">{debounced ? t('kb.picker.noMatch') : t('kb.picker.none')}</p>}
      <div id={listId} role="listbox" aria-label={t('kb.picker.title')} className="canned-list">
        {items.map((item, index) => (
          <div
            key={item.id}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            className={`canned-option${index === active ? ' active' : ''}`}
            onMouseEnter={() => setActive(index)}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => onPick(item)}
            data-kb-title={item.title}
          >
            <span className="canned-name" lang={item.language}>{item.title}</span>
            <span className="meta">{t(`languages.${item.language}`)}</span>
          </div>
        ))}
      </div>
      <div className="canned-picker-footer">
        <Link to="/kb">{t('kb.picker.openKb')}</Link>
        <button type="button" onClick={onClose}>
          {t('kb.picker.close')}
        </button>
      </div>
    </dialog>
  );
}
