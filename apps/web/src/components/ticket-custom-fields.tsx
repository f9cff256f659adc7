import { Fragment, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Ticket } from '../api/client';
import type { CustomField } from '../workspace-vocabulary';

type FormValue = string | boolean;

/** What an input holds for a stored value: text for every type but checkboxes. */
function toFormValue(field: CustomField, value: unknown): FormValue {
  if (field.type === 'checkbox') return value === true;
  return value === null || value === undefined ? '' : String(value);
}

/** What the API takes for an input's content: an empty input clears the value. */
function toApiValue(field: CustomField, value: FormValue): string | number | boolean | null {
  if (field.type === 'checkbox') return value === true;
  const text = String(value).trim();
  if (text === '') return null;
  return field.type === 'number' ? Number(text) : text;
}

function displayValue(value: unknown, yes: string, no: string): string {
  if (value === true) return yes;
  if (value === false) return no;
  return value === null || value === undefined || value === '' ? '—' : String(value);
}

/**
 * The ticket's custom fields in the side panel. Archived fields are not offered, but a value the ticket already
 * has is still shown (read-only); a select keeps a choice removed since as it was written.
 * Remount it (key) when the ticket changes, so the inputs start from the stored values.
 */
export function TicketCustomFields({ ticket, fields, onSaved }: { ticket: Ticket; fields: CustomField[]; onSaved(): void }) {
  const { t } = useTranslation();
  const stored = ticket.customFields;
  const active = fields.filter((field) => !field.isArchived);
  const archivedWithValue = fields.filter((field) => field.isArchived && stored[field.key] !== undefined && stored[field.key] !== null);
  const [values, setValues] = useState<Record<string, FormValue>>(() => Object.fromEntries(active.map((field) => [field.key, toFormValue(field, stored[field.key])])));
  const [isSaving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  if (active.length === 0 && archivedWithValue.length === 0) return null;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const changes = Object.fromEntries(
      active
        .filter((field) => JSON.stringify(toApiValue(field, values[field.key] ?? '')) !== JSON.stringify(toApiValue(field, toFormValue(field, stored[field.key]))))
        .map((field) => [field.key, toApiValue(field, values[field.key] ?? '')]),
    );
    setSaved(undefined);
    setError(undefined);
    if (Object.keys(changes).length === 0) {
      setSaved(t('ticket.customFieldsUnchanged'));
      return;
    }
    setSaving(true);
    try {
      await unwrap(api.PATCH('/api/v1/tickets/{ticketId}', { params: { path: { ticketId: ticket.id } }, body: { customFields: changes } }));
      setSaved(t('ticket.saved'));
      onSaved();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setSaving(false);
    }
  };

  const set = (key: string, value: FormValue) => setValues((current) => ({ ...current, [key]: value }));

  return (
    <section aria-labelledby="ticket-fields-title" className="ticket-fields" data-testid="ticket-custom-fields">
      <h2 id="ticket-fields-title">{t('ticket.customFields')}</h2>
      {active.length > 0 && (
        <form className="ticket-fields-form" onSubmit={save} aria-labelledby="ticket-fields-title">
          {active.map((field) => {
            const inputId = `ticket-field-${field.key}`;
            const hintId = field.description ? `${inputId}-hint` : undefined;
            const value = values[field.key] ?? '';
            if (field.type === 'checkbox') {
              return (
                <div key={field.key}>
                  <label className="ticket-field-check">
                    <input id={inputId} type="checkbox" name={field.key} checked={value === true} onChange={(event) => set(field.key, event.target.checked)} aria-describedby={hintId} />
                    <span>{field.label}</span>
                  </label>
                  {hintId && <p id={hintId} className="hint">{field.description}</p>}
                </div>
              );
            }
            const storedValue = stored[field.key];
            // A choice taken off the list since this ticket got it: still shown, as it was written.
            const isRemovedChoice = field.type === 'select' && typeof storedValue === 'string' && storedValue !== '' && !field.options.includes(storedValue);
            return (
              <div key={field.key}>
                <label htmlFor={inputId}>
                  {field.label}
                  {field.isRequired && <span className="meta"> ({t('ticket.requiredField')})</span>}
                </label>
                {field.type === 'select' ? (
                  <select id={inputId} name={field.key} value={String(value)} onChange={(event) => set(field.key, event.target.value)} aria-describedby={hintId}>
                    <option value="">—</option>
                    {isRemovedChoice && <option value={storedValue}>{t('ticket.removedChoice', { value: storedValue })}</option>}
                    {field.options.map((option) => (
                      <option key={option} value={option}>
                        {option}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input
                    id={inputId}
                    name={field.key}
                    type={field.type === 'number' ? 'number' : field.type === 'date' ? 'date' : 'text'}
                    step={field.type === 'number' ? 'any' : undefined}
                    value={String(value)}
                    onChange={(event) => set(field.key, event.target.value)}
                    aria-describedby={hintId}
                    autoComplete="off"
                  />
                )}
                {hintId && <p id={hintId} className="hint">{field.description}</p>}
              </div>
            );
          })}
          {saved && <p role="status" className="notice">{saved}</p>}
          {error && <p role="alert" className="error">{error}</p>}
          <button type="submit" disabled={isSaving}>
            {t('ticket.saveCustomFields')}
          </button>
        </form>
      )}
      {archivedWithValue.length > 0 && (
        <dl className="facts" data-testid="archived-custom-fields">
          {archivedWithValue.map((field) => (
            <Fragment key={field.key}>
              <dt>{t('ticket.archivedField', { label: field.label })}</dt>
              <dd>{displayValue(stored[field.key], t('ticket.yes'), t('ticket.no'))}</dd>
            </Fragment>
          ))}
        </dl>
      )}
    </section>
  );
}
