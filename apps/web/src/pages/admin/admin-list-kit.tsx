import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AdminSection, ConfirmButton, Feedback, useAction, type ConfirmButtonProps } from './admin-kit';

/**
 * Pieces of the admin screens that list items above the form that creates or edits one (rules, calendars, policies,
 * canned responses): which item the form holds, the row's actions, and, for ordered lists, moving a row.
 */

/**
 * Which item of the list the form below it edits (none: the form creates one), and the outcome of the form's writes.
 * Each choice gets a new form.
 */
export function useListForm<Item extends { id: string }>() {
  // Held here, not in the form: the form is replaced when another item is chosen, and its outcome must stay.
  const action = useAction();
  const [chosen, setChosen] = useState<Item | undefined>();
  // The key of the form: a new one for each choice; the one that creates an item stays, as that item's form.
  const [formSession, setFormSession] = useState(0);
  const startForm = (item: Item | undefined) => {
    setChosen(item);
    setFormSession((session) => session + 1);
  };
  return {
    action,
    chosen,
    formSession,
    /** A new form for `item` (undefined: a blank one), without the last form's message. */
    choose(item: Item | undefined) {
      action.clear();
      startForm(item);
    },
    /** After a save: the same form goes on, now editing what it saved. */
    keepEditing(item: Item) {
      setChosen(item);
    },
    /** After a delete: a blank form if the deleted item was in the form; `isMessageKept` leaves the form's last message. */
    dropDeleted(item: Item, { isMessageKept = false }: { isMessageKept?: boolean } = {}) {
      if (chosen?.id !== item.id) return;
      if (!isMessageKept) action.clear();
      startForm(undefined);
    },
  };
}

export type ListForm<Item extends { id: string }> = ReturnType<typeof useListForm<Item>>;

/**
 * The section under a list that holds its form. The form's outcome is shown here, outside the form, which is replaced
 * when another item is chosen, so the outcome stays announced; while an item is edited, a button offers a blank form.
 */
export function ListFormSection<Item extends { id: string }>({ id, title, form, isEditing, createAnotherLabel, children }: { id: string; title: string; form: ListForm<Item>; isEditing: boolean; createAnotherLabel: string; children: ReactNode }) {
  return (
    <AdminSection id={id} title={title}>
      <Feedback action={form.action} />
      {isEditing && (
        <div className="admin-actions">
          <button type="button" onClick={() => form.choose(undefined)}>
            {createAnotherLabel}
          </button>
        </div>
      )}
      {children}
    </AdminSection>
  );
}

/**
 * A row's actions: "Edit" (named after the row for screen readers) and a delete that asks first. Without `deletion`
 * the row cannot be deleted; `children` follow the buttons (what to say instead).
 */
export function EditDeleteActions({ editLabel, editText, onEdit, deletion, children }: { editLabel: string; editText?: string; onEdit(): void; deletion?: ConfirmButtonProps; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="admin-actions">
      <button type="button" onClick={onEdit} aria-label={editLabel}>
        {editText ?? t('admin.edit')}
      </button>
      {deletion && <ConfirmButton {...deletion} />}
      {children}
    </div>
  );
}

/** A row's place in an ordered list: its number, and the buttons that move it up or down by one. */
export function OrderButtons({ index, count, isBusy, upLabel, downLabel, onMove }: { index: number; count: number; isBusy: boolean; upLabel: string; downLabel: string; onMove(by: -1 | 1): void }) {
  return (
    <div className="admin-actions automation-order">
      <span className="automation-order-number">{index + 1}</span>
      <button type="button" onClick={() => onMove(-1)} disabled={index === 0 || isBusy} aria-label={upLabel}>
        ↑
      </button>
      <button type="button" onClick={() => onMove(1)} disabled={index === count - 1 || isBusy} aria-label={downLabel}>
        ↓
      </button>
    </div>
  );
}

/** A row's on/off switch: the box is named after the row for screen readers, the word beside it is for the eye. */
export function ActiveToggle({ isActive, isBusy, label, onText, offText, onChange }: { isActive: boolean; isBusy: boolean; label: string; onText: string; offText: string; onChange(isActive: boolean): void }) {
  return (
    <label className="admin-check automation-toggle">
      <input type="checkbox" checked={isActive} onChange={(event) => onChange(event.target.checked)} disabled={isBusy} aria-label={label} />
      <span aria-hidden="true">{isActive ? onText : offText}</span>
    </label>
  );
}

/**
 * Swaps the item at `index` with its neighbour by writing their positions. Items sharing a position are numbered
 * afresh first (0, 1, 2… in the new order), so the move shows.
 */
export async function moveInOrder<Item extends { position: number }>(items: readonly Item[], index: number, by: -1 | 1, writePosition: (item: Item, position: number) => Promise<unknown>): Promise<void> {
  const item = items[index]!;
  const other = items[index + by]!;
  if (item.position !== other.position) {
    await writePosition(item, other.position);
    await writePosition(other, item.position);
    return;
  }
  const order = [...items];
  order.splice(index, 1);
  order.splice(index + by, 0, item);
  for (const [position, entry] of order.entries()) if (entry.position !== position) await writePosition(entry, position);
}
