import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { paths } from '@switchboard/sdk';
import { api, ApiError, unwrap } from '../../api/client';

/** Pieces the admin screens share: answer types, error wording, form feedback, confirmations, shown-once secrets. */

type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type Answer<Path extends keyof paths, Method extends keyof paths[Path], Status extends number> = paths[Path][Method] extends { responses: infer R }
  ? JsonOf<R[Status & keyof R]>
  : never;

export type StaffMember = Answer<'/api/v1/users', 'get', 200>['data'][number];
export type Team = Answer<'/api/v1/teams', 'get', 200>['data'][number];
export type ApiToken = Answer<'/api/v1/tokens', 'get', 200>['data'][number];
export type Webhook = Answer<'/api/v1/webhooks', 'get', 200>['data'][number];
export type WebhookDelivery = Answer<'/api/v1/webhooks/{webhookId}/deliveries', 'get', 200>['data'][number];
export type Workspace = Answer<'/api/v1/workspace', 'get', 200>;
export type TicketStatus = Answer<'/api/v1/ticket-statuses', 'get', 200>['data'][number];
export type CustomField = Answer<'/api/v1/custom-fields', 'get', 200>['data'][number];
export type MessagingChannel = Answer<'/api/v1/messaging/channels', 'get', 200>['data'][number];

export type Role = StaffMember['role'];
export const ROLES = ['admin', 'manager', 'agent', 'reviewer', 'viewer'] as const satisfies readonly Role[];
export type EventType = Webhook['eventTypes'][number];
export const EVENT_TYPES = [
  'ticket.created',
  'ticket.updated',
  'ticket.resolved',
  'ticket.deleted',
  'comment.created',
  'comment.updated',
  'customer.created',
  'customer.updated',
  'agent.availability_changed',
  'ticket.satisfaction_offered',
  'ticket.satisfaction_rated',
  'nps.responded',
  'email.delivery_updated',
  'messaging.message_updated',
  'sla.warning',
  'sla.breached',
] as const satisfies readonly EventType[];
// Fails to compile when the server gains an event type this list lacks.
const everyEventTypeListed: Exclude<EventType, (typeof EVENT_TYPES)[number]> extends never ? true : false = true;
void everyEventTypeListed;

/** Reads every page of a `{ data, nextCursor }` list (staff, teams, webhooks: small lists an admin edits). */
export async function readAllPages<T>(readPage: (cursor: string | undefined) => Promise<{ data: T[]; nextCursor: string | null }>, maxPages = 25): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const answer = await readPage(cursor);
    items.push(...answer.data);
    if (!answer.nextCursor) break;
    cursor = answer.nextCursor;
  }
  return items;
}

/** Every team of the workspace. */
export const readAllTeams = () => readAllPages((cursor) => unwrap(api.GET('/api/v1/teams', { params: { query: { limit: 200, ...(cursor ? { cursor } : {}) } } })));
/** Every staff member of the workspace. */
export const readAllStaff = () => readAllPages((cursor) => unwrap(api.GET('/api/v1/users', { params: { query: { limit: 200, ...(cursor ? { cursor } : {}) } } })));

/** What went wrong, in the interface language when the code is one we word ourselves, else the server's message. */
export function useDescribeError(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiError) {
        const key = `admin.errors.${error.code}`;
        if (i18n.exists(key)) return t(key);
        if (error.code === 'validation_failed' && error.details.length > 0) {
          const details = error.details.map((detail) => (detail.path ? `${String(detail.path)}: ${String(detail.message)}` : String(detail.message)));
          return t('admin.errors.validation', { details: details.join('; ') });
        }
        return error.message;
      }
      return error instanceof Error ? error.message : String(error);
    },
    [t, i18n],
  );
}

export interface Action {
  error: string | undefined;
  success: string | undefined;
  isBusy: boolean;
  /** Runs a write; its failure becomes `error` (for role="alert"), its success `successText` (for role="status"). */
  run(write: () => Promise<unknown>, successText?: string): Promise<boolean>;
  fail(message: string): void;
  /** Announces a success that happened elsewhere (an inline editor that closed once its write was done). */
  succeed(message: string): void;
  clear(): void;
}

export function useAction(): Action {
  const describe = useDescribeError();
  const [error, setError] = useState<string | undefined>();
  const [success, setSuccess] = useState<string | undefined>();
  const [isBusy, setBusy] = useState(false);
  const run = useCallback(
    async (write: () => Promise<unknown>, successText?: string) => {
      setBusy(true);
      setError(undefined);
      setSuccess(undefined);
      try {
        await write();
        setSuccess(successText);
        return true;
      } catch (caught) {
        setError(describe(caught));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [describe],
  );
  const fail = useCallback((message: string) => {
    setSuccess(undefined);
    setError(message);
  }, []);
  const succeed = useCallback((message: string) => {
    setError(undefined);
    setSuccess(message);
  }, []);
  const clear = useCallback(() => {
    setError(undefined);
    setSuccess(undefined);
  }, []);
  return { error, success, isBusy, run, fail, succeed, clear };
}

/** An error as an alert (announced at once), and a status region kept in place so a success is announced too. */
export function Feedback({ action }: { action: Pick<Action, 'error' | 'success'> }) {
  return (
    <>
      {action.error && (
        <p role="alert" className="error admin-alert">
          {action.error}
        </p>
      )}
      <p role="status" className="notice admin-status">
        {action.success}
      </p>
    </>
  );
}

/** A list still loading, or failed to load (with a retry). */
export function LoadState({ state, onRetry }: { state: { status: 'loading' } | { status: 'error'; error: Error } | { status: 'ready' }; onRetry(): void }) {
  const { t } = useTranslation();
  const describe = useDescribeError();
  if (state.status === 'loading') return <p role="status">{t('admin.loading')}</p>;
  if (state.status === 'error') {
    return (
      <p role="alert" className="error">
        {t('admin.loadFailed', { message: describe(state.error) })} <button type="button" onClick={onRetry}>{t('admin.retry')}</button>
      </p>
    );
  }
  return null;
}

export interface ConfirmButtonProps {
  label: string;
  confirmLabel: string;
  question: string;
  onConfirm(): void;
  disabled?: boolean;
}

/**
 * A button for something that cannot be undone: the first press asks, and the question's own button does it.
 * Focus moves to the confirming button, and back to the first one when cancelled.
 */
export function ConfirmButton({ label, confirmLabel, question, onConfirm, disabled }: ConfirmButtonProps) {
  const { t } = useTranslation();
  const [isAsking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const startRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (isAsking) confirmRef.current?.focus();
    else if (wasAsking.current) startRef.current?.focus();
    wasAsking.current = isAsking;
  }, [isAsking]);
  if (!isAsking) {
    return (
      <button type="button" ref={startRef} onClick={() => setAsking(true)} disabled={disabled}>
        {label}
      </button>
    );
  }
  return (
    <span className="admin-confirm" role="group" aria-label={question}>
      <span className="admin-confirm-question">{question}</span>
      <button
        type="button"
        className="danger"
        ref={confirmRef}
        onClick={() => {
          wasAsking.current = false;
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        {t('admin.cancel')}
      </button>
    </span>
  );
}

/** A secret the server shows only in its creation answer: a warning, the value, a copy button, and "done". */
export function ShownOnceSecret({ title, warning, secret, onDone, testId }: { title: string; warning: string; secret: string; onDone(): void; testId: string }) {
  const { t } = useTranslation();
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const inputRef = useRef<HTMLInputElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const inputId = useId();
  useEffect(() => headingRef.current?.focus(), []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopyState('copied');
    } catch {
      // Without clipboard access, leave the value selected so Ctrl+C copies it.
      inputRef.current?.select();
      setCopyState('failed');
    }
  };

  return (
    <section className="admin-secret" aria-labelledby={`${inputId}-title`} data-testid={testId}>
      <h3 id={`${inputId}-title`} ref={headingRef} tabIndex={-1}>
        {title}
      </h3>
      <p className="warning">{warning}</p>
      <label htmlFor={inputId}>{t('admin.secret.value')}</label>
      <div className="admin-secret-row">
        <input id={inputId} ref={inputRef} readOnly value={secret} onFocus={(event) => event.target.select()} spellCheck={false} autoComplete="off" />
        <button type="button" className="primary" onClick={() => void copy()}>
          {t('admin.secret.copy')}
        </button>
      </div>
      <p role="status" className="notice admin-status">
        {copyState === 'copied' ? t('admin.secret.copied') : copyState === 'failed' ? t('admin.secret.copyFailed') : ''}
      </p>
      <button type="button" onClick={onDone}>
        {t('admin.secret.done')}
      </button>
    </section>
  );
}

export function AdminSection({ title, description, children, id }: { title: string; description?: string; children: ReactNode; id: string }) {
  return (
    <section className="admin-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {description && <p className="hint">{description}</p>}
      {children}
    </section>
  );
}

/** A wide table scrolls sideways inside its own region on a phone, not the whole page; the region takes focus so keys scroll it. */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="admin-table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/**
 * A list as a table in its own scrolling region: a header row naming the columns, then `children`, a row an item.
 * A `caption` names the table for screen readers only.
 */
export function ListTable({ label, testId, className = 'admin-table', caption, columns, children }: { label: string; testId?: string; className?: string; caption?: string; columns: readonly string[]; children: ReactNode }) {
  return (
    <TableScroll label={label}>
      <table className={className} data-testid={testId}>
        {caption && <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column, index) => (
              <th key={index} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </TableScroll>
  );
}

/**
 * An inline editor's open state. Keyboard users stay in place: the form takes the focus when it opens (give its
 * first input `autoFocus`), and the "Edit" button holding `editButtonRef` gets it back when it closes.
 */
export function useInlineEditor() {
  const [isEditing, setEditing] = useState(false);
  const editButtonRef = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  useEffect(() => {
    if (wasEditing.current && !isEditing) editButtonRef.current?.focus();
    wasEditing.current = isEditing;
  }, [isEditing]);
  return { isEditing, open: useCallback(() => setEditing(true), []), close: useCallback(() => setEditing(false), []), editButtonRef };
}

/** The non-empty, trimmed lines of a textarea (choices, categories). */
export function linesOf(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** A row of a table that opens under another, across every column, to hold that row's inline editor. */
export function EditorRow({ columns, children }: { columns: number; children: ReactNode }) {
  return (
    <tr className="admin-editor-row">
      <td colSpan={columns}>{children}</td>
    </tr>
  );
}

/** A form's submit button, in the actions row at its foot; it waits while the form's write runs. */
export function SubmitButton({ action, children }: { action: Pick<Action, 'isBusy'>; children: ReactNode }) {
  return (
    <div className="admin-actions">
      <button type="submit" className="primary" disabled={action.isBusy}>
        {children}
      </button>
    </div>
  );
}

/** A checkbox with the hint under it that explains it (the box is described by the hint). */
export function HintedCheckbox({ name, label, hint, hintId, checked, disabled, onChange }: { name: string; label: string; hint: string; hintId: string; checked: boolean; disabled?: boolean; onChange(checked: boolean): void }) {
  return (
    <>
      <label className="admin-check">
        <input type="checkbox" name={name} checked={checked} disabled={disabled} onChange={(event) => onChange(event.target.checked)} aria-describedby={hintId} />
        {label}
      </label>
      <p id={hintId} className="hint">
        {hint}
      </p>
    </>
  );
}
