import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { paths } from '@switchboard/sdk';
import { api, ApiError, unwrap } from '../../api/client';
import { useAsync } from '../../use-async';
import { AdminSection, ConfirmButton, Feedback, LoadState, useAction, useInlineEditor, type Action, type MessagingChannel } from './admin-kit';

type ConnectRequest = paths['/api/v1/messaging/channels']['post']['requestBody']['content']['application/json'];
type Provider = ConnectRequest['provider'];
type SettingsOf<P extends Provider> = Extract<ConnectRequest, { provider: P }>['settings'];
type SettingKey = { [P in Provider]: keyof SettingsOf<P> }[Provider] & string;
/** A field of the connect form: the account's name, or one of the provider's settings. */
type FieldKey = SettingKey | 'name';

interface SettingField<Key extends string> {
  key: Key;
  isSecret?: boolean;
  isOptional?: boolean;
  inputMode?: 'numeric' | 'tel';
}

const PROVIDERS = ['whatsapp', 'messenger', 'telegram', 'sms'] as const satisfies readonly Provider[];

/** What each provider asks for, in the order its console shows it. Tokens and secrets go in password inputs. */
const SETTING_FIELDS: { [P in Provider]: ReadonlyArray<SettingField<keyof SettingsOf<P> & string>> } = {
  whatsapp: [
    { key: 'phoneNumberId', inputMode: 'numeric' },
    { key: 'displayPhoneNumber', isOptional: true, inputMode: 'tel' },
    { key: 'accessToken', isSecret: true },
    { key: 'appSecret', isSecret: true },
    { key: 'verifyToken', isOptional: true },
  ],
  messenger: [
    { key: 'pageId', inputMode: 'numeric' },
    { key: 'pageName', isOptional: true },
    { key: 'pageAccessToken', isSecret: true },
    { key: 'appSecret', isSecret: true },
    { key: 'verifyToken', isOptional: true },
  ],
  telegram: [{ key: 'botToken', isSecret: true }],
  sms: [{ key: 'accountSid' }, { key: 'authToken', isSecret: true }, { key: 'phoneNumber', inputMode: 'tel' }],
};

/**
 * Messaging apps: the WhatsApp numbers, Facebook pages, Telegram bots and Twilio numbers whose conversations become
 * tickets, each with what to enter at its provider; and the form that connects another one.
 */
export function MessagingPage() {
  const { t } = useTranslation();
  const listAction = useAction();
  const [channels, reload] = useAsync(async () => (await unwrap(api.GET('/api/v1/messaging/channels'))).data, []);
  return (
    <>
      <AdminSection id="messaging-accounts" title={t('admin.messaging.title')} description={t('admin.messaging.description')}>
        <LoadState state={channels} onRetry={reload} />
        <Feedback action={listAction} />
        {channels.status === 'ready' && channels.value.length === 0 && <p className="empty">{t('admin.messaging.empty')}</p>}
        {channels.status === 'ready' && channels.value.length > 0 && (
          <ul className="admin-cards messaging-accounts" aria-label={t('admin.messaging.listLabel')}>
            {channels.value.map((channel) => (
              <li key={channel.id}>
                <ChannelCard channel={channel} listAction={listAction} onChanged={reload} />
              </li>
            ))}
          </ul>
        )}
      </AdminSection>
      <ConnectForm onConnected={reload} />
    </>
  );
}

/** One connected account: what it is, what to give its provider, and rename, turn off or on, disconnect. */
function ChannelCard({ channel, listAction, onChanged }: { channel: MessagingChannel; listAction: Action; onChanged(): void }) {
  const { t } = useTranslation();
  const headingId = useId();
  const editor = useInlineEditor();
  const action = useAction();
  const [name, setName] = useState(channel.name);
  const provider = t(`channels.${channel.provider}`);
  const path = { params: { path: { channelId: channel.id } } };

  const rename = async (event: FormEvent) => {
    event.preventDefault();
    const renamed = name.trim();
    const isDone = await action.run(() => (renamed === channel.name ? Promise.resolve() : unwrap(api.PATCH('/api/v1/messaging/channels/{channelId}', { ...path, body: { name: renamed } }))));
    if (!isDone) return;
    editor.close();
    listAction.succeed(t('admin.messaging.renamed', { name: renamed }));
    onChanged();
  };
  const toggle = () =>
    void action
      .run(
        () => unwrap(api.PATCH('/api/v1/messaging/channels/{channelId}', { ...path, body: { isActive: !channel.isActive } })),
        channel.isActive ? t('admin.messaging.turnedOff', { name: channel.name }) : t('admin.messaging.turnedOn', { name: channel.name }),
      )
      .then((isDone) => isDone && onChanged());
  const disconnect = () =>
    void listAction.run(() => unwrap(api.DELETE('/api/v1/messaging/channels/{channelId}', path)), t('admin.messaging.disconnected', { name: channel.name })).then((isDone) => isDone && onChanged());

  return (
    <section className={`admin-card messaging-account${channel.isActive ? '' : ' admin-inactive'}`} aria-labelledby={headingId} data-provider={channel.provider} data-channel-id={channel.id}>
      <h3 id={headingId} className="admin-person-name">
        {channel.name} <span className="badge">{provider}</span>
        <span className={`badge ${channel.isActive ? 'admin-on' : 'admin-off'}`} data-testid="messaging-state">
          {channel.isActive ? t('admin.messaging.active') : t('admin.messaging.inactive')}
        </span>
      </h3>
      <dl className="admin-facts">
        <dt>{t(`admin.messaging.accountId.${channel.provider}`)}</dt>
        <dd>
          <code>{channel.externalId}</code>
        </dd>
        {channel.settings.botUsername && (
          <>
            <dt>{t('admin.messaging.botUsername')}</dt>
            <dd>@{channel.settings.botUsername}</dd>
          </>
        )}
        {channel.settings.phoneNumber && channel.settings.phoneNumber !== channel.externalId && (
          <>
            <dt>{t('admin.messaging.fields.phoneNumber')}</dt>
            <dd>{channel.settings.phoneNumber}</dd>
          </>
        )}
      </dl>
      <CopyValue label={t('admin.messaging.webhookUrl')} value={channel.webhookUrl} testId="messaging-webhook-url" />
      {channel.settings.verifyToken && <CopyValue label={t('admin.messaging.verifyToken')} value={channel.settings.verifyToken} testId="messaging-verify-token" />}
      <p className="hint">{t(`admin.messaging.instructions.${channel.provider}`)}</p>
      {!channel.isActive && <p className="warning">{t('admin.messaging.inactiveHelp')}</p>}
      <Feedback action={action} />
      {editor.isEditing ? (
        <form className="admin-form" onSubmit={rename} aria-label={t('admin.messaging.renameNamed', { name: channel.name })}>
          <label>
            {t('admin.messaging.fields.name')}
            <input name="name" value={name} onChange={(event) => setName(event.target.value)} required maxLength={120} autoComplete="off" autoFocus />
          </label>
          <div className="admin-actions">
            <button type="submit" className="primary" disabled={action.isBusy}>
              {t('admin.messaging.saveName')}
            </button>
            <button type="button" onClick={editor.close}>
              {t('admin.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div className="admin-actions">
          <button
            type="button"
            ref={editor.editButtonRef}
            aria-label={t('admin.messaging.renameNamed', { name: channel.name })}
            onClick={() => {
              setName(channel.name);
              action.clear();
              editor.open();
            }}
          >
            {t('admin.messaging.rename')}
          </button>
          <button type="button" onClick={toggle} disabled={action.isBusy} aria-label={channel.isActive ? t('admin.messaging.turnOffNamed', { name: channel.name }) : t('admin.messaging.turnOnNamed', { name: channel.name })}>
            {channel.isActive ? t('admin.messaging.turnOff') : t('admin.messaging.turnOn')}
          </button>
          <ConfirmButton
            label={t('admin.messaging.disconnect')}
            confirmLabel={t('admin.messaging.confirmDisconnect')}
            question={t('admin.messaging.disconnectQuestion', { name: channel.name })}
            onConfirm={disconnect}
            disabled={listAction.isBusy}
          />
        </div>
      )}
    </section>
  );
}

/** A value to paste at the provider: selectable, with a button that copies it. */
function CopyValue({ label, value, testId }: { label: string; value: string; testId: string }) {
  const { t } = useTranslation();
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copyState, setCopyState] = useState<'copied' | 'failed' | undefined>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopyState('copied');
    } catch {
      // Without clipboard access, leave the value selected so Ctrl+C copies it.
      inputRef.current?.select();
      setCopyState('failed');
    }
  };
  return (
    <div className="messaging-copy">
      <label htmlFor={inputId}>{label}</label>
      <div className="admin-secret-row">
        <input id={inputId} ref={inputRef} readOnly value={value} onFocus={(event) => event.target.select()} spellCheck={false} data-testid={testId} />
        <button type="button" onClick={() => void copy()} aria-label={t('admin.messaging.copyNamed', { what: label })}>
          {t('admin.messaging.copy')}
        </button>
      </div>
      <span role="status" className={copyState === 'failed' ? 'error' : 'notice'}>
        {copyState === 'copied' ? t('admin.messaging.copied') : copyState === 'failed' ? t('admin.messaging.copyFailed') : ''}
      </span>
    </div>
  );
}

/** The field a validation detail names (`body.settings.phoneNumber`, `body.name`), if the form has it. */
function fieldOfDetail(path: unknown, fields: readonly FieldKey[]): FieldKey | undefined {
  const key = String(path ?? '').replace(/^body\./, '').replace(/^settings\./, '');
  return fields.find((field) => field === key);
}

function ConnectForm({ onConnected }: { onConnected(): void }) {
  const { t } = useTranslation();
  const action = useAction();
  const formRef = useRef<HTMLFormElement>(null);
  const [provider, setProvider] = useState<Provider>('whatsapp');
  const [values, setValues] = useState<Partial<Record<FieldKey, string>>>({});
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FieldKey, string>>>({});
  const fields = SETTING_FIELDS[provider] as ReadonlyArray<SettingField<SettingKey>>;
  const providerName = t(`admin.messaging.providers.${provider}`);

  // After a refused submit, the keyboard goes to the first field to correct.
  useEffect(() => {
    formRef.current?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
  }, [fieldErrors]);

  const choose = (next: Provider) => {
    setProvider(next);
    setFieldErrors({});
    action.clear();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFieldErrors({});
    const settings = Object.fromEntries(fields.flatMap((field) => (values[field.key]?.trim() ? [[field.key, values[field.key]!.trim()]] : [])));
    const name = values.name?.trim();
    const body = { provider, ...(name ? { name } : {}), settings } as ConnectRequest;
    let connected: MessagingChannel | undefined;
    const isDone = await action.run(async () => {
      try {
        connected = await unwrap(api.POST('/api/v1/messaging/channels', { body }));
      } catch (error) {
        if (error instanceof ApiError && error.code === 'validation_failed') {
          const known: FieldKey[] = ['name', ...fields.map((field) => field.key)];
          const named = Object.fromEntries(error.details.flatMap((detail) => {
            const field = fieldOfDetail(detail.path, known);
            return field ? [[field, t(`admin.messaging.invalid.${field}`)]] : [];
          }));
          if (Object.keys(named).length > 0) {
            setFieldErrors(named);
            throw new Error(t('admin.messaging.checkFields'));
          }
        }
        // The provider's own words: a token it does not know, an app it does not find.
        if (error instanceof ApiError && error.code === 'messaging_provider_refused') throw new Error(t('admin.messaging.refused', { reason: error.message }));
        throw error;
      }
    });
    if (!isDone || !connected) return;
    action.succeed(provider === 'telegram' ? t('admin.messaging.connectedTelegram', { name: connected.name }) : t('admin.messaging.connected', { name: connected.name }));
    setValues({});
    onConnected();
  };

  const fieldInput = (field: SettingField<FieldKey>) => {
    const id = `messaging-${field.key}`;
    const error = fieldErrors[field.key];
    return (
      <div key={`${provider}-${field.key}`} className="messaging-field">
        <label htmlFor={id}>
          {t(`admin.messaging.fields.${field.key}`)}
          {field.isOptional && <span className="admin-label"> {t('admin.messaging.optional')}</span>}
        </label>
        <input
          id={id}
          name={field.key}
          type={field.isSecret ? 'password' : 'text'}
          inputMode={field.inputMode}
          value={values[field.key] ?? ''}
          onChange={(event) => setValues({ ...values, [field.key]: event.target.value })}
          required={!field.isOptional}
          maxLength={1000}
          autoComplete={field.isSecret ? 'new-password' : 'off'}
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        />
        <p id={`${id}-hint`} className="hint">
          {t(`admin.messaging.hints.${field.key}`)}
        </p>
        {error && (
          <p id={`${id}-error`} className="error messaging-field-error">
            {error}
          </p>
        )}
      </div>
    );
  };

  return (
    <AdminSection id="connect-messaging" title={t('admin.messaging.connectTitle')} description={t('admin.messaging.connectDescription')}>
      <form ref={formRef} className="admin-form" onSubmit={submit} aria-labelledby="connect-messaging-title">
        <Feedback action={action} />
        <label>
          {t('admin.messaging.provider')}
          <select name="provider" value={provider} onChange={(event) => choose(event.target.value as Provider)}>
            {PROVIDERS.map((item) => (
              <option key={item} value={item}>
                {t(`admin.messaging.providers.${item}`)}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="email-fieldset" data-testid="messaging-settings">
          <legend>{t('admin.messaging.settingsOf', { provider: providerName })}</legend>
          <p className="hint">{t(`admin.messaging.before.${provider}`)}</p>
          {fields.map(fieldInput)}
        </fieldset>
        {fieldInput({ key: 'name', isOptional: true })}
        <div className="admin-actions">
          <button type="submit" className="primary" disabled={action.isBusy}>
            {action.isBusy ? t('admin.messaging.connecting') : t('admin.messaging.connect')}
          </button>
        </div>
      </form>
    </AdminSection>
  );
}
