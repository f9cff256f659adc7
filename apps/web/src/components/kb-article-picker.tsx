import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap, type Session } from '../api/client';
import { useAsync } from '../use-async';
import { PickerSearch, usePickerDialog } from './picker-dialog';
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
  const picker = usePickerDialog();
  const { dialog, listId, debounced, active, setActive, optionId } = picker;
  const [listState, reload] = useAsync(async (): Promise<PickedArticle[]> => {
    const found: PickedArticle[] = debounced
      ? (await unwrap(api.GET('/api/v1/kb/search', { params: { query: { q: debounced, includeInternal: 'false', limit: 20 } } }))).data
      : (await unwrap(api.GET('/api/v1/kb/articles', { params: { query: { status: 'published', visibility: 'public', limit: 20 } } }))).data;
    // Stable: the search's own order is kept within each language.
    return [...found].sort((a, b) => Number(b.language === ticketLanguage) - Number(a.language === ticketLanguage));
  }, [debounced, ticketLanguage]);
  const items = listState.status === 'ready' ? listState.value : [];

  return (
    <dialog ref={dialog} className="card canned-picker" aria-labelledby={`${listId}-title`} onClose={onClose} data-testid="kb-picker">
      <h2 id={`${listId}-title`}>{t('kb.picker.title')}</h2>
      <PickerSearch picker={picker} count={items.length} onChoose={(index) => onPick(items[index]!)} label={t('kb.picker.search')} placeholder={t('kb.picker.placeholder')} />
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
