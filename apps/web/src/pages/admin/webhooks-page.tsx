import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useAsync } from '../../use-async';
import { AdminSection, ConfirmButton, EditorRow, EVENT_TYPES, Feedback, ListTable, LoadState, readAllPages, ShownOnceSecret, useAction, useInlineEditor, type Action, type EventType, type Webhook } from './admin-kit';

/** `ticket.created` → `admin.events.ticket_created` (i18next reads dots as nesting). */
export const eventLabelKey = (type: string) => `admin.events.${type.replace('.', '_')}`;
const WEBHOOK_COLUMNS = 4;

/** The event checkboxes, shared by the form that adds an endpoint and the one that edits it. */
function EventTypeChoices({ selected, onChange }: { selected: Set<EventType>; onChange(next: Set<EventType>): void }) {
  const { t } = useTranslation();
  const toggle = (type: EventType, isChecked: boolean) => {
    const next = new Set(selected);
    if (isChecked) next.add(type);
    else next.delete(type);
    onChange(next);
  };
  return (
    <fieldset className="admin-checkboxes">
      <legend>{t('admin.webhooks.eventTypes')}</legend>
      {EVENT_TYPES.map((type) => (
        <label key={type}>
          <input type="checkbox" name="eventTypes" value={type} checked={selected.has(type)} onChange={(event) => toggle(type, event.target.checked)} />
          <span>
            {t(eventLabelKey(type))} <code className="admin-code-hint">{type}</code>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

export function WebhooksPage() {
  const { t } = useTranslation();
  const listAction = useAction();
  const [webhooks, reload] = useAsync(
    () => readAllPages((cursor) => unwrap(api.GET('/api/v1/webhooks', { params: { query: { limit: 200, ...(cursor ? { cursor } : {}) } } }))),
    [],
  );

  const setEnabled = (webhook: Webhook, isEnabled: boolean) =>
    void listAction
      .run(
        () => unwrap(api.PATCH('/api/v1/webhooks/{webhookId}', { params: { path: { webhookId: webhook.id } }, body: { isEnabled } })),
        isEnabled ? t('admin.webhooks.enabledDone', { url: webhook.url }) : t('admin.webhooks.disabledDone', { url: webhook.url }),
      )
      .then((isDone) => isDone && reload());

  const remove = (webhook: Webhook) =>
    void listAction
      .run(() => unwrap(api.DELETE('/api/v1/webhooks/{webhookId}', { params: { path: { webhookId: webhook.id } } })), t('admin.webhooks.deleted', { url: webhook.url }))
      .then((isDone) => isDone && reload());

  return (
    <>
      <CreateWebhookForm onCreated={reload} />
      <AdminSection id="webhooks" title={t('admin.webhooks.title')} description={t('admin.webhooks.description')}>
        <LoadState state={webhooks} onRetry={reload} />
        <Feedback action={listAction} />
        {webhooks.status === 'ready' && webhooks.value.length === 0 && <p className="empty">{t('admin.webhooks.empty')}</p>}
        {webhooks.status === 'ready' && webhooks.value.length > 0 && (
          <ListTable
            label={t('admin.webhooks.title')}
            testId="webhook-table"
            columns={[t('admin.webhooks.columns.endpoint'), t('admin.webhooks.columns.events'), t('admin.webhooks.columns.state'), t('admin.webhooks.columns.actions')]}
          >
            {webhooks.value.map((webhook) => (
              <WebhookRow key={webhook.id} webhook={webhook} listAction={listAction} onChanged={reload} onSetEnabled={setEnabled} onRemove={remove} />
            ))}
          </ListTable>
        )}
      </AdminSection>
    </>
  );
}

function CreateWebhookForm({ onCreated }: { onCreated(): void }) {
  const { t } = useTranslation();
  const action = useAction();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [eventTypes, setEventTypes] = useState<Set<EventType>>(new Set());
  const [created, setCreated] = useState<{ url: string; secret: string } | undefined>();
  const [isBackFromSecret, setBackFromSecret] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (eventTypes.size === 0) {
      action.fail(t('admin.webhooks.chooseEvent'));
      return;
    }
    // Sent in the order the list shows them.
    const body = { url: url.trim(), description: description.trim(), eventTypes: EVENT_TYPES.filter((type) => eventTypes.has(type)) };
    let secret = '';
    const isDone = await action.run(async () => {
      secret = (await unwrap(api.POST('/api/v1/webhooks', { body }))).secret;
    });
    if (!isDone) return;
    setCreated({ url: body.url, secret });
    setUrl('');
    setDescription('');
    setEventTypes(new Set());
    onCreated();
  };

  return (
    <AdminSection id="create-webhook" title={t('admin.webhooks.createTitle')}>
      {created ? (
        <ShownOnceSecret
          testId="new-webhook-secret"
          title={t('admin.webhooks.createdTitle', { url: created.url })}
          warning={t('admin.webhooks.shownOnce')}
          secret={created.secret}
          onDone={() => {
            setCreated(undefined);
            setBackFromSecret(true);
          }}
        />
      ) : (
        <form className="admin-form" onSubmit={submit} aria-labelledby="create-webhook-title">
          <Feedback action={action} />
          <label>
            {t('admin.webhooks.url')}
            <input
              name="url"
              type="url"
              inputMode="url"
              value={url}
              onChange={(event) => setUrl(event.target.value)}
              required
              maxLength={2000}
              placeholder={t('admin.webhooks.urlPlaceholder')}
              autoComplete="off"
              autoFocus={isBackFromSecret}
            />
          </label>
          <label>
            {t('admin.webhooks.descriptionLabel')}
            <input name="description" value={description} onChange={(event) => setDescription(event.target.value)} maxLength={500} autoComplete="off" />
          </label>
          <EventTypeChoices selected={eventTypes} onChange={setEventTypes} />
          <div className="admin-actions">
            <button type="submit" className="primary" disabled={action.isBusy}>
              {t('admin.webhooks.create')}
            </button>
          </div>
        </form>
      )}
    </AdminSection>
  );
}

/** One endpoint: its delivery log, enable / disable, delete, and an inline editor for its address, description and events. */
function WebhookRow({
  webhook,
  listAction,
  onChanged,
  onSetEnabled,
  onRemove,
}: {
  webhook: Webhook;
  listAction: Action;
  onChanged(): void;
  onSetEnabled(webhook: Webhook, isEnabled: boolean): void;
  onRemove(webhook: Webhook): void;
}) {
  const { t } = useTranslation();
  const editor = useInlineEditor();
  const action = useAction();
  const [url, setUrl] = useState(webhook.url);
  const [description, setDescription] = useState(webhook.description ?? '');
  const [eventTypes, setEventTypes] = useState<Set<EventType>>(() => new Set(webhook.eventTypes));

  const startEditing = () => {
    setUrl(webhook.url);
    setDescription(webhook.description ?? '');
    setEventTypes(new Set(webhook.eventTypes));
    action.clear();
    editor.open();
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (eventTypes.size === 0) {
      action.fail(t('admin.webhooks.chooseEvent'));
      return;
    }
    // Sent in the order the list shows them.
    const chosen = EVENT_TYPES.filter((type) => eventTypes.has(type));
    const body = {
      ...(url.trim() !== webhook.url ? { url: url.trim() } : {}),
      ...(description.trim() !== (webhook.description ?? '') ? { description: description.trim() } : {}),
      ...(chosen.join() !== EVENT_TYPES.filter((type) => webhook.eventTypes.includes(type)).join() ? { eventTypes: chosen } : {}),
    };
    const isDone = await action.run(() =>
      Object.keys(body).length > 0 ? unwrap(api.PATCH('/api/v1/webhooks/{webhookId}', { params: { path: { webhookId: webhook.id } }, body })) : Promise.resolve(),
    );
    if (!isDone) return;
    editor.close();
    listAction.succeed(t('admin.webhooks.saved', { url: body.url ?? webhook.url }));
    onChanged();
  };

  return (
    <>
      <tr data-webhook-url={webhook.url} className={webhook.isEnabled ? undefined : 'admin-inactive'}>
        <th scope="row" className="admin-endpoint">
          <code>{webhook.url}</code>
          {webhook.description && <span className="admin-person-email">{webhook.description}</span>}
        </th>
        <td>{webhook.eventTypes.map((type) => t(eventLabelKey(type))).join(', ')}</td>
        <td>
          <span className={`badge ${webhook.isEnabled ? 'admin-on' : 'admin-off'}`}>{webhook.isEnabled ? t('admin.webhooks.enabled') : t('admin.webhooks.disabled')}</span>
        </td>
        <td>
          <div className="admin-actions">
            <Link to={`/admin/webhooks/${webhook.id}`} aria-label={t('admin.webhooks.deliveriesOf', { url: webhook.url })}>
              {t('admin.webhooks.deliveries')}
            </Link>
            <button type="button" ref={editor.editButtonRef} aria-label={t('admin.webhooks.editNamed', { url: webhook.url })} aria-expanded={editor.isEditing} onClick={startEditing}>
              {t('admin.edit')}
            </button>
            <button type="button" onClick={() => onSetEnabled(webhook, !webhook.isEnabled)} disabled={listAction.isBusy}>
              {webhook.isEnabled ? t('admin.webhooks.disable') : t('admin.webhooks.enable')}
            </button>
            <ConfirmButton
              label={t('admin.webhooks.delete')}
              confirmLabel={t('admin.webhooks.confirmDelete')}
              question={t('admin.webhooks.deleteQuestion', { url: webhook.url })}
              onConfirm={() => onRemove(webhook)}
              disabled={listAction.isBusy}
            />
          </div>
        </td>
      </tr>
      {editor.isEditing && (
        <EditorRow columns={WEBHOOK_COLUMNS}>
          <form className="admin-form" onSubmit={save} aria-label={t('admin.webhooks.editNamed', { url: webhook.url })}>
            <Feedback action={action} />
            <label>
              {t('admin.webhooks.url')}
              <input name="url" type="url" inputMode="url" value={url} onChange={(event) => setUrl(event.target.value)} required maxLength={2000} autoComplete="off" autoFocus />
            </label>
            <label>
              {t('admin.webhooks.descriptionLabel')}
              <input name="description" value={description} onChange={(event) => setDescription(event.target.value)} maxLength={500} autoComplete="off" />
            </label>
            <EventTypeChoices selected={eventTypes} onChange={setEventTypes} />
            <p className="hint">{t('admin.webhooks.secretKept')}</p>
            <div className="admin-actions">
              <button type="submit" className="primary" disabled={action.isBusy}>
                {t('admin.webhooks.save')}
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
