import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { paths } from '@switchboard/sdk';
import { api, unwrap } from '../../api/client';
import { formatDateTime, formatRelative } from '../../format';
import { useAsync } from '../../use-async';
import { AdminSection, ConfirmButton, EditorRow, Feedback, LoadState, TableScroll, useAction, useInlineEditor, type Action } from './admin-kit';

type Mailbox = paths['/api/v1/email/mailboxes']['get']['responses'][200]['content']['application/json']['data'][number];
type ConnectionTest = paths['/api/v1/email/mailboxes/{mailboxId}/test']['post']['responses'][200]['content']['application/json'];
type Security = Mailbox['security'];

const SECURITY = ['tls', 'starttls', 'none'] as const satisfies readonly Security[];
const DEFAULT_PORTS: Record<Security, number> = { tls: 993, starttls: 143, none: 143 };
const MIN_INTERVAL_SECONDS = 30;
const MAILBOX_COLUMNS = 3;

/** What the form edits; numbers stay text until sent, so a field can be emptied while typing. */
interface MailboxFields {
  host: string;
  port: string;
  security: Security;
  username: string;
  password: string;
  folder: string;
  pollIntervalSeconds: string;
  isEnabled: boolean;
}

const EMPTY_FIELDS: MailboxFields = { host: '', port: '', security: 'tls', username: '', password: '', folder: 'INBOX', pollIntervalSeconds: '60', isEnabled: true };

const fieldsOf = (mailbox: Mailbox): MailboxFields => ({
  host: mailbox.host,
  port: String(mailbox.port),
  security: mailbox.security,
  username: mailbox.username,
  password: '',
  folder: mailbox.folder,
  pollIntervalSeconds: String(mailbox.pollIntervalSeconds),
  isEnabled: mailbox.isEnabled,
});

/**
 * Mailboxes at another mail server that the workspace reads over IMAP: add, edit and remove them, test the
 * connection, poll one now, and see how its last poll went.
 */
export function ImapMailboxesSection() {
  const { t } = useTranslation();
  const listAction = useAction();
  const [mailboxes, reload] = useAsync(async () => (await unwrap(api.GET('/api/v1/email/mailboxes'))).data, []);

  return (
    <>
      <AdminSection id="imap-mailboxes" title={t('admin.imapMailboxes.title')} description={t('admin.imapMailboxes.description')}>
        <LoadState state={mailboxes} onRetry={reload} />
        <Feedback action={listAction} />
        {mailboxes.status === 'ready' && mailboxes.value.length === 0 && <p className="empty">{t('admin.imapMailboxes.empty')}</p>}
        {mailboxes.status === 'ready' && mailboxes.value.length > 0 && (
          <TableScroll label={t('admin.imapMailboxes.title')}>
            <table className="admin-table" data-testid="imap-mailbox-table">
              <thead>
                <tr>
                  <th scope="col">{t('admin.imapMailboxes.columns.mailbox')}</th>
                  <th scope="col">{t('admin.imapMailboxes.columns.lastPoll')}</th>
                  <th scope="col">{t('admin.imapMailboxes.columns.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {mailboxes.value.map((mailbox) => (
                  <MailboxRow key={mailbox.id} mailbox={mailbox} listAction={listAction} onChanged={reload} />
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </AdminSection>
      <CreateMailboxForm onCreated={reload} />
    </>
  );
}

function CreateMailboxForm({ onCreated }: { onCreated(): void }) {
  const { t } = useTranslation();
  const action = useAction();
  const [fields, setFields] = useState<MailboxFields>(EMPTY_FIELDS);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = {
      host: fields.host.trim(),
      ...(fields.port.trim() ? { port: Number(fields.port) } : {}),
      security: fields.security,
      username: fields.username.trim(),
      password: fields.password,
      folder: fields.folder.trim() || 'INBOX',
      pollIntervalSeconds: Number(fields.pollIntervalSeconds),
      isEnabled: fields.isEnabled,
    };
    if (await action.run(() => unwrap(api.POST('/api/v1/email/mailboxes', { body })), t('admin.imapMailboxes.created', { username: body.username, host: body.host }))) {
      setFields(EMPTY_FIELDS);
      onCreated();
    }
  };

  return (
    <AdminSection id="create-imap-mailbox" title={t('admin.imapMailboxes.createTitle')} description={t('admin.imapMailboxes.createDescription')}>
      <form className="admin-form" onSubmit={submit} aria-labelledby="create-imap-mailbox-title">
        <Feedback action={action} />
        <MailboxFieldset fields={fields} onChange={setFields} isPasswordRequired />
        <div className="admin-actions">
          <button type="submit" className="primary" disabled={action.isBusy}>
            {t('admin.imapMailboxes.create')}
          </button>
        </div>
      </form>
    </AdminSection>
  );
}

/** The settings of a mailbox, for the form that adds one and the one that edits it. */
function MailboxFieldset({ fields, onChange, isPasswordRequired, autoFocus }: { fields: MailboxFields; onChange(next: MailboxFields): void; isPasswordRequired: boolean; autoFocus?: boolean }) {
  const { t } = useTranslation();
  const passwordHintId = useId();
  const set = <K extends keyof MailboxFields>(key: K, value: MailboxFields[K]) => onChange({ ...fields, [key]: value });
  return (
    <>
      <label>
        {t('admin.imapMailboxes.host')}
        <input name="host" value={fields.host} onChange={(event) => set('host', event.target.value)} required maxLength={253} placeholder={t('admin.imapMailboxes.hostPlaceholder')} autoComplete="off" spellCheck={false} autoFocus={autoFocus} />
      </label>
      <label>
        {t('admin.imapMailboxes.security')}
        <select name="security" value={fields.security} onChange={(event) => set('security', event.target.value as Security)}>
          {SECURITY.map((security) => (
            <option key={security} value={security}>
              {t(`admin.imapMailboxes.securityOptions.${security}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('admin.imapMailboxes.port')}
        <input name="port" type="number" inputMode="numeric" min={1} max={65535} value={fields.port} onChange={(event) => set('port', event.target.value)} placeholder={String(DEFAULT_PORTS[fields.security])} />
      </label>
      <label>
        {t('admin.imapMailboxes.username')}
        <input name="username" value={fields.username} onChange={(event) => set('username', event.target.value)} required maxLength={320} autoComplete="off" spellCheck={false} />
      </label>
      <label>
        {t('admin.imapMailboxes.password')}
        <input
          name="password"
          type="password"
          value={fields.password}
          onChange={(event) => set('password', event.target.value)}
          required={isPasswordRequired}
          maxLength={1000}
          autoComplete="new-password"
          aria-describedby={passwordHintId}
        />
      </label>
      <p id={passwordHintId} className="hint">
        {isPasswordRequired ? t('admin.imapMailboxes.passwordHint') : t('admin.imapMailboxes.passwordKept')}
      </p>
      <label>
        {t('admin.imapMailboxes.folder')}
        <input name="folder" value={fields.folder} onChange={(event) => set('folder', event.target.value)} required maxLength={200} autoComplete="off" spellCheck={false} />
      </label>
      <label>
        {t('admin.imapMailboxes.interval')}
        <input
          name="pollIntervalSeconds"
          type="number"
          inputMode="numeric"
          min={MIN_INTERVAL_SECONDS}
          max={86_400}
          value={fields.pollIntervalSeconds}
          onChange={(event) => set('pollIntervalSeconds', event.target.value)}
          required
        />
      </label>
      <label className="admin-check">
        <input type="checkbox" name="isEnabled" checked={fields.isEnabled} onChange={(event) => set('isEnabled', event.target.checked)} />
        {t('admin.imapMailboxes.enabled')}
      </label>
    </>
  );
}

/** One mailbox: where it is, how its last poll went, and its actions (test, poll now, edit, delete). */
function MailboxRow({ mailbox, listAction, onChanged }: { mailbox: Mailbox; listAction: Action; onChanged(): void }) {
  const { t, i18n } = useTranslation();
  const editor = useInlineEditor();
  const action = useAction();
  const rowAction = useAction();
  const [fields, setFields] = useState<MailboxFields>(() => fieldsOf(mailbox));
  const [test, setTest] = useState<ConnectionTest | undefined>();
  const name = `${mailbox.username} @ ${mailbox.host}`;
  const describePoll = (poll: NonNullable<Mailbox['lastPoll']>) => (poll.errorCode ? `${t(`admin.imapMailboxes.errorCodes.${poll.errorCode}`)} ${poll.message ?? ''}`.trim() : (poll.message ?? ''));

  const runTest = () =>
    void rowAction.run(async () => {
      setTest(undefined);
      setTest(await unwrap(api.POST('/api/v1/email/mailboxes/{mailboxId}/test', { params: { path: { mailboxId: mailbox.id } } })));
    });
  const pollNow = () =>
    void rowAction
      .run(async () => {
        const polled = await unwrap(api.POST('/api/v1/email/mailboxes/{mailboxId}/poll', { params: { path: { mailboxId: mailbox.id } } }));
        if (polled.lastPoll?.status === 'error') throw new Error(t('admin.imapMailboxes.pollFailed', { reason: describePoll(polled.lastPoll) }));
      }, t('admin.imapMailboxes.polled', { name }))
      .then(onChanged);
  const remove = () =>
    void listAction.run(() => unwrap(api.DELETE('/api/v1/email/mailboxes/{mailboxId}', { params: { path: { mailboxId: mailbox.id } } })), t('admin.imapMailboxes.deleted', { name })).then((isDone) => isDone && onChanged());

  const startEditing = () => {
    setFields(fieldsOf(mailbox));
    action.clear();
    editor.open();
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const next = {
      host: fields.host.trim(),
      port: Number(fields.port || DEFAULT_PORTS[fields.security]),
      security: fields.security,
      username: fields.username.trim(),
      folder: fields.folder.trim(),
      pollIntervalSeconds: Number(fields.pollIntervalSeconds),
      isEnabled: fields.isEnabled,
    };
    // Only what changed, and the password only when a new one was typed.
    const body = {
      ...Object.fromEntries(Object.entries(next).filter(([key, value]) => mailbox[key as keyof typeof next] !== value)),
      ...(fields.password ? { password: fields.password } : {}),
    };
    const isDone = await action.run(() => (Object.keys(body).length > 0 ? unwrap(api.PATCH('/api/v1/email/mailboxes/{mailboxId}', { params: { path: { mailboxId: mailbox.id } }, body })) : Promise.resolve()));
    if (!isDone) return;
    editor.close();
    setTest(undefined);
    listAction.succeed(t('admin.imapMailboxes.saved', { name: `${next.username} @ ${next.host}` }));
    onChanged();
  };


  return (
    <>
      <tr data-mailbox-username={mailbox.username} className={mailbox.isEnabled ? undefined : 'admin-inactive'}>
        <th scope="row" className="admin-endpoint">
          <code>{mailbox.username}</code>
          <span className="admin-person-email">
            {t('admin.imapMailboxes.where', { host: mailbox.host, port: mailbox.port, security: t(`admin.imapMailboxes.securityShort.${mailbox.security}`), folder: mailbox.folder })}
          </span>
          <span className="admin-person-email">
            {!mailbox.isEnabled || !mailbox.nextPollAt
              ? t('admin.imapMailboxes.off')
              : Date.parse(mailbox.nextPollAt) <= Date.now()
                ? t('admin.imapMailboxes.everyDue', { seconds: mailbox.pollIntervalSeconds })
                : t('admin.imapMailboxes.every', { seconds: mailbox.pollIntervalSeconds, next: formatRelative(mailbox.nextPollAt, i18n.language) })}
          </span>
        </th>
        <td data-testid="imap-last-poll" data-status={mailbox.lastPoll?.status ?? 'never'}>
          {mailbox.lastPoll ? (
            <>
              <span className={`badge ${mailbox.lastPoll.status === 'ok' ? 'admin-on' : 'admin-off'}`}>{mailbox.lastPoll.status === 'ok' ? t('admin.imapMailboxes.pollOk') : t('admin.imapMailboxes.pollError')}</span>{' '}
              <time dateTime={mailbox.lastPoll.at}>{formatDateTime(mailbox.lastPoll.at, i18n.language)}</time>
              <span className="admin-person-email">
                {mailbox.lastPoll.status === 'ok' ? t('admin.imapMailboxes.fetched', { count: mailbox.lastPoll.messagesFetched }) : describePoll(mailbox.lastPoll)}
              </span>
              {mailbox.lastPoll.messagesSkipped > 0 && <span className="admin-person-email">{t('admin.imapMailboxes.skipped', { count: mailbox.lastPoll.messagesSkipped })}</span>}
            </>
          ) : (
            t('admin.imapMailboxes.neverPolled')
          )}
        </td>
        <td>
          <div className="admin-actions">
            <button type="button" onClick={runTest} disabled={rowAction.isBusy} aria-label={t('admin.imapMailboxes.testNamed', { name })}>
              {t('admin.imapMailboxes.test')}
            </button>
            <button type="button" onClick={pollNow} disabled={rowAction.isBusy} aria-label={t('admin.imapMailboxes.pollNamed', { name })}>
              {t('admin.imapMailboxes.poll')}
            </button>
            <button type="button" ref={editor.editButtonRef} aria-label={t('admin.imapMailboxes.editNamed', { name })} aria-expanded={editor.isEditing} onClick={startEditing}>
              {t('admin.edit')}
            </button>
            <ConfirmButton
              label={t('admin.imapMailboxes.delete')}
              confirmLabel={t('admin.imapMailboxes.confirmDelete')}
              question={t('admin.imapMailboxes.deleteQuestion', { name })}
              onConfirm={remove}
              disabled={listAction.isBusy}
            />
          </div>
          <Feedback action={rowAction} />
          {test && (
            <p role="status" className={test.ok ? 'notice' : 'error'} data-testid="imap-test-result" data-ok={String(test.ok)}>
              {test.ok
                ? t('admin.imapMailboxes.testOk', { count: test.messageCount ?? 0, unseen: test.unseenCount ?? 0, folder: mailbox.folder })
                : t('admin.imapMailboxes.testFailed', { reason: test.error ? t(`admin.imapMailboxes.errorCodes.${test.error.code}`) : '', message: test.error?.message ?? '' })}
            </p>
          )}
        </td>
      </tr>
      {editor.isEditing && (
        <EditorRow columns={MAILBOX_COLUMNS}>
          <form className="admin-form" onSubmit={save} aria-label={t('admin.imapMailboxes.editNamed', { name })}>
            <Feedback action={action} />
            <MailboxFieldset fields={fields} onChange={setFields} isPasswordRequired={false} autoFocus />
            <div className="admin-actions">
              <button type="submit" className="primary" disabled={action.isBusy}>
                {t('admin.imapMailboxes.save')}
              </button>
              <button type="button" onClick={editor.close}>
                {t('admin.cancel')}
              </button>
            </div>
          </form>
        </EditorRow>
      )}
    </>
  );
}
