import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';

/**
 * What a picker dialog beside the reply box needs (canned responses, knowledge base articles): a modal dialog opened on
 * mount, a search box whose words settle after 150 ms, and an active option the arrows move and Enter picks.
 */
export function usePickerDialog() {
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
  useEffect(() => setActive(0), [debounced]);
  return { dialog, listId, query, setQuery, debounced, active, setActive, optionId: (index: number) => `${listId}-option-${index}` };
}
export type PickerDialog = ReturnType<typeof usePickerDialog>;

/** The picker's search box, a combobox over its listbox: arrows move, Enter picks (and never sends the reply around it). */
export function PickerSearch({ picker, count, onChoose, label, placeholder }: { picker: PickerDialog; count: number; onChoose(index: number): void; label: string; placeholder: string }) {
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') event.preventDefault();
    if (count === 0) return;
    if (event.key === 'ArrowDown') picker.setActive((index) => (index + 1) % count);
    else if (event.key === 'ArrowUp') picker.setActive((index) => (index - 1 + count) % count);
    else if (event.key === 'Enter') onChoose(picker.active);
    else return;
    event.preventDefault();
  };
  return (
    <input
      type="search"
      value={picker.query}
      autoFocus
      onChange={(event) => picker.setQuery(event.target.value)}
      onKeyDown={onKeyDown}
      placeholder={placeholder}
      aria-label={label}
      role="combobox"
      aria-expanded="true"
      aria-controls={picker.listId}
      aria-activedescendant={count > 0 ? picker.optionId(picker.active) : undefined}
    />
  );
}
