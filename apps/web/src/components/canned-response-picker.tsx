import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { paths } from '@switchboard/sdk';
import { api, unwrap, type Ticket } from '../api/client';
import { useDirectory } from '../directory';
import { useAsync } from '../use-async';
import { PickerSearch, usePickerDialog } from './picker-dialog';
import { statusLabel, useWorkspaceVocabulary } from '../workspace-vocabulary';

type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
export type CannedResponse = JsonOf<paths['/api/v1/canned-responses']['get']['responses'][200]>['data'][number];
export type CannedChanges = CannedResponse['changes'];
type Rendered = JsonOf<paths['/api/v1/tickets/{ticketId}/canned-responses/{cannedResponseId}/render']['post']['responses'][200]>;

/** A canned response chosen for the reply being written: its name, and the changes to apply once the reply is sent. */
export interface ChosenCanned {
  name: string;
  changes: CannedChanges;
}

/** Opens the picker from anywhere on the ticket page (Alt+C), as the button beside the reply box does. */
export const CANNED_SHORTCUT = 'Alt+C';
export function isCannedShortcut(event: { altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; code: string }): boolean {
  return event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.code === 'KeyC';
}

export function hasChanges(changes: CannedChanges): boolean {
  return Boolean(changes.status || changes.priority || changes.teamId || changes.addTags.length > 0 || changes.removeTags.length > 0);
}

/** The ticket fields to send with PATCH /tickets/{id} for these changes, read against the ticket as it is now. */
export function ticketChangesFor(ticket: Pick<Ticket, 'tags'>, changes: CannedChanges): { status?: string; priority?: CannedChanges['priority']; teamId?: string; tags?: string[] } {
  const tags = [...new Set([...ticket.tags.filter((tag) => !changes.removeTags.includes(tag)), ...changes.addTags])];
  const isTagsChanged = tags.length !== ticket.tags.length || tags.some((tag, index) => tag !== ticket.tags[index]);
  return {
    ...(changes.status && { status: changes.status }),
    ...(changes.priority && { priority: changes.priority }),
    ...(changes.teamId && { teamId: changes.teamId }),
    ...(isTagsChanged && { tags }),
  };
}

/** What the changes will do, one short phrase each ("Status: Pending", "Add tags: refund"). */
export function useDescribeChanges(): (changes: CannedChanges) => string[] {
  const { t } = useTranslation();
  const [vocabulary] = useWorkspaceVocabulary();
  const [directory] = useDirectory();
  return (changes) => {
    const phrases: string[] = [];
    if (changes.status) {
      const status = vocabulary.status === 'ready' ? vocabulary.value.statuses.find((item) => item.key === changes.status) : undefined;
      phrases.push(t('canned.change.status', { value: status ? statusLabel(t, status) : changes.status }));
    }
    if (changes.priority) phrases.push(t('canned.change.priority', { value: t(`priority.${changes.priority}`) }));
    if (changes.teamId) {
      const team = directory.status === 'ready' ? directory.value.teams.find((item) => item.id === changes.teamId) : undefined;
      phrases.push(t('canned.change.team', { value: team?.name ?? '?' }));
    }
    if (changes.addTags.length > 0) phrases.push(t('canned.change.addTags', { value: changes.addTags.join(', ') }));
    if (changes.removeTags.length > 0) phrases.push(t('canned.change.removeTags', { value: changes.removeTags.join(', ') }));
    return phrases;
  };
}

/** Under the reply box: what sending will change on the ticket, with a way to keep the text but not the changes. */
export function CannedChangesHint({ chosen, onDiscard }: { chosen: ChosenCanned; onDiscard(): void }) {
  const { t } = useTranslation();
  const describe = useDescribeChanges();
  if (!hasChanges(chosen.changes)) return null;
  return (
    <div className="canned-hint" role="status" data-testid="canned-changes">
      <span>{t('canned.willChange', { name: chosen.name })}</span>
      <ul>
        {describe(chosen.changes).map((phrase) => (
          <li key={phrase}>{phrase}</li>
        ))}
      </ul>
      <button type="button" onClick={onDiscard}>
        {t('canned.discardChanges')}
      </button>
    </div>
  );
}

/**
 * The canned responses the agent may use, searchable and grouped by category, in a dialog. Arrows move through the
 * list, Enter picks, Escape closes. The chosen one is filled in for this ticket by the server.
 */
export function CannedResponsePicker({ ticketId, onPick, onClose }: { ticketId: string; onPick(rendered: Rendered, canned: CannedResponse): void; onClose(): void }) {
  const { t } = useTranslation();
  const picker = usePickerDialog();
  const { dialog, listId, debounced, active, setActive, optionId } = picker;
  const [error, setError] = useState<string | undefined>();
  const [isPicking, setPicking] = useState(false);
  const [listState, reload] = useAsync(async () => (await unwrap(api.GET('/api/v1/canned-responses', { params: { query: debounced ? { q: debounced } : {} } }))).data, [debounced]);
  const items = listState.status === 'ready' ? listState.value : [];
  const groups = useMemo(() => {
    const byCategory = new Map<string, CannedResponse[]>();
    for (const item of items) byCategory.set(item.category ?? '', [...(byCategory.get(item.category ?? '') ?? []), item]);
    return [...byCategory.entries()];
  }, [items]);
  // The list in the order shown, so the arrows follow what the eye reads.
  const ordered = groups.flatMap(([, members]) => members);

  const pick = async (canned: CannedResponse) => {
    setPicking(true);
    setError(undefined);
    try {
      const rendered = await unwrap(api.POST('/api/v1/tickets/{ticketId}/canned-responses/{cannedResponseId}/render', { params: { path: { ticketId, cannedResponseId: canned.id } } }));
      onPick(rendered, canned);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      setPicking(false);
    }
  };

  return (
    <dialog ref={dialog} className="card canned-picker" aria-labelledby={`${listId}-title`} onClose={onClose} data-testid="canned-picker">
      <h2 id={`${listId}-title`}>{t('canned.pickerTitle')}</h2>
      <PickerSearch picker={picker} count={ordered.length} onChoose={(index) => void pick(ordered[index]!)} label={t('canned.search')} placeholder={t('canned.searchPlaceholder')} />
      {listState.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {listState.status === 'error' && (
        <p role="alert" className="error">
          {t('app.error', { message: listState.error.message })} <button type="button" onClick={reload}>{t('canned.retry')}</button>
        </p>
      )}
      {listState.status === 'ready' && ordered.length === 0 && <p className="empty">{debounced ? t('canned.noMatch') : t('canned.none')}</p>}
      <div id={listId} role="listbox" aria-label={t('canned.pickerTitle')} className="canned-list">
        {groups.map(([category, members]) => (
          <div key={category} role="group" aria-label={category || t('canned.uncategorised')}>
            {/* Seen as a heading; screen readers hear it as the group's name (a listbox holds only groups and options). */}
            <div className="canned-category" aria-hidden="true">
              {category || t('canned.uncategorised')}
            </div>
            {members.map((item) => {
              const index = ordered.indexOf(item);
              return (
                <div
                  key={item.id}
                  id={optionId(index)}
                  role="option"
                  aria-selected={index === active}
                  className={`canned-option${index === active ? ' active' : ''}`}
                  onMouseEnter={() => setActive(index)}
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => void pick(item)}
                  data-canned-name={item.name}
                >
                  <span className="canned-name">{item.name}</span>
                  <span className="meta">{(item.bodyEn || item.bodyFr).slice(0, 90)}</span>
                </div>
              );
            })}
          </div>
        ))}
      </div>
      {isPicking && <p role="status">{t('canned.inserting')}</p>}
      {error && <p role="alert" className="error">{error}</p>}
      <div className="canned-picker-footer">
        <Link to="/canned-responses">{t('canned.manageMine')}</Link>
        <button type="button" onClick={onClose}>
          {t('canned.close')}
        </button>
      </div>
    </dialog>
  );
}
