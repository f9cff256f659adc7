import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../api/client';

/** The handle a mention is written with: the part of the email before the @ (`@liam`). */
export function handleOf(user: Pick<User, 'email'>): string {
  return user.email.split('@')[0]!;
}

/** Users whose `@handle` is still in the text (a mention deleted from the text is no mention). */
export function mentionedIn(text: string, users: User[]): string[] {
  return users.filter((user) => new RegExp(`(^|\\s)@${handleOf(user).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(text)).map((user) => user.id);
}

/**
 * A textarea that suggests staff after `@`: arrows move through the list, Enter or Tab picks, Escape closes.
 * The list is a listbox tied to the textarea (`aria-activedescendant`), so screen readers follow it.
 */
export function MentionTextarea({ value, onChange, users, onBlur }: { value: string; onChange(value: string): void; users: User[]; onBlur?(): void }) {
  const { t } = useTranslation();
  const listId = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const [query, setQuery] = useState<{ start: number; text: string } | undefined>();
  const [active, setActive] = useState(0);

  const suggestions = useMemo(() => {
    if (!query) return [];
    const wanted = query.text.toLowerCase();
    return users.filter((user) => user.isActive && (user.name.toLowerCase().includes(wanted) || handleOf(user).toLowerCase().startsWith(wanted))).slice(0, 6);
  }, [query, users]);

  const track = (text: string, caret: number) => {
    const before = text.slice(0, caret);
    const match = /(^|\s)@([\p{L}\p{N}._-]{0,30})$/u.exec(before);
    setQuery(match ? { start: caret - match[2]!.length - 1, text: match[2]! } : undefined);
    setActive(0);
  };

  const pick = (user: User) => {
    if (!query) return;
    const caret = query.start + 1 + query.text.length;
    const inserted = `@${handleOf(user)} `;
    const next = `${value.slice(0, query.start)}${inserted}${value.slice(caret)}`;
    onChange(next);
    setQuery(undefined);
    requestAnimationFrame(() => {
      const position = query.start + inserted.length;
      area.current?.focus();
      area.current?.setSelectionRange(position, position);
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (suggestions.length === 0) return;
    if (event.key === 'ArrowDown') setActive((index) => (index + 1) % suggestions.length);
    else if (event.key === 'ArrowUp') setActive((index) => (index - 1 + suggestions.length) % suggestions.length);
    else if (event.key === 'Enter' || event.key === 'Tab') pick(suggestions[active]!);
    else if (event.key === 'Escape') setQuery(undefined);
    else return;
    event.preventDefault();
  };

  const isOpen = suggestions.length > 0;
  return (
    <div className="mention-field">
      <textarea
        ref={area}
        name="body"
        rows={5}
        value={value}
        aria-autocomplete="list"
        aria-controls={listId}
        aria-activedescendant={isOpen ? `${listId}-${active}` : undefined}
        onChange={(event) => {
          onChange(event.target.value);
          track(event.target.value, event.target.selectionStart);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => {
          setTimeout(() => setQuery(undefined), 150);
          onBlur?.();
        }}
      />
      <ul id={listId} role="listbox" aria-label={t('ticket.mentionSuggestions')} className="mention-list" hidden={!isOpen}>
        {suggestions.map((user, index) => (
          <li
            key={user.id}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            onMouseDown={(event) => {
              event.preventDefault();
              pick(user);
            }}
          >
            {user.name} <span className="meta">@{handleOf(user)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
