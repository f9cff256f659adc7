import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { useAsync } from '../../use-async';
import { forgetWorkspaceVocabulary } from '../../workspace-vocabulary';
import { AdminSection, EditorRow, Feedback, linesOf, ListTable, LoadState, useAction, useInlineEditor, type Action, type CustomField, type TicketStatus } from './admin-kit';

const STATUS_CATEGORIES = ['new', 'open', 'pending', 'on_hold', 'resolved', 'closed'] as const satisfies readonly TicketStatus['category'][];
const FIELD_TYPES = ['text', 'number', 'date', 'select', 'checkbox'] as const satisfies readonly CustomField['type'][];
const FIELD_ENTITIES = ['ticket', 'customer'] as const satisfies readonly CustomField['entity'][];
const STATUS_KEY = /^[a-z][a-z0-9_]{1,39}$/;
const FIELD_KEY = /^[a-z][a-z0-9_]{0,39}$/;
const STATUS_COLUMNS = 5;
const FIELD_COLUMNS = 7;

/** Custom ticket statuses and custom fields: the workspace's own vocabulary on top of the built-in one. */
export function CustomizationPage() {
  return (
    <>
      <StatusesSection />
      <CustomFieldsSection />
    </>
  );
}

function StatusesSection() {
  const { t } = useTranslation();
  const action = useAction();
  const listAction = useAction();
  const [statuses, reload] = useAsync(async () => (await unwrap(api.GET('/api/v1/ticket-statuses'))).data, []);
  const [key, setKey] = useState('');
  const [label, setLabel] = useState('');
  const [category, setCategory] = useState<TicketStatus['category']>('pending');
  const changed = () => {
    forgetWorkspaceVocabulary();
    reload();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!STATUS_KEY.test(key)) {
      action.fail(t('admin.statuses.keyRule'));
      return;
    }
    const body = { key, label: label.trim(), category };
    const isDone = await action.run(() => unwrap(api.POST('/api/v1/ticket-statuses', { body })), t('admin.statuses.created', { label: body.label }));
    if (!isDone) return;
    setKey('');
    setLabel('');
    changed();
  };

  return (
    <AdminSection id="statuses" title={t('admin.statuses.title')} description={t('admin.statuses.description')}>
      <LoadState state={statuses} onRetry={reload} />
      <Feedback action={listAction} />
      {statuses.status === 'ready' && (
        <ListTable
          label={t('admin.statuses.title')}
          testId="status-table"
          columns={[t('admin.statuses.columns.label'), t('admin.statuses.columns.key'), t('admin.statuses.columns.category'), t('admin.statuses.columns.kind'), t('admin.statuses.columns.actions')]}
        >
          {statuses.value.map((status) => (
            <StatusRow key={status.key} status={status} listAction={listAction} onChanged={changed} />
          ))}
        </ListTable>
      )}
      <form className="admin-form" onSubmit={submit} aria-labelledby="add-status-title">
        <h3 id="add-status-title">{t('admin.statuses.addTitle')}</h3>
        <Feedback action={action} />
        <label>
          {t('admin.statuses.label')}
          <input name="label" value={label} onChange={(event) => setLabel(event.target.value)} required maxLength={60} autoComplete="off" />
        </label>
        <label>
          {t('admin.statuses.key')}
          <input name="key" value={key} onChange={(event) => setKey(event.target.value)} required maxLength={40} autoComplete="off" spellCheck={false} aria-describedby="add-status-key-hint" />
        </label>
        <p id="add-status-key-hint" className="hint">
          {t('admin.statuses.keyHint')}
        </p>
        <CategorySelect value={category} onChange={setCategory} />
        <div className="admin-actions">
          <button type="submit" className="primary" disabled={action.isBusy}>
            {t('admin.statuses.add')}
          </button>
        </div>
      </form>
    </AdminSection>
  );
}

function CategorySelect({ value, onChange, describedBy }: { value: TicketStatus['category']; onChange(category: TicketStatus['category']): void; describedBy?: string }) {
  const { t } = useTranslation();
  return (
    <label>
      {t('admin.statuses.category')}
      <select name="category" value={value} onChange={(event) => onChange(event.target.value as TicketStatus['category'])} aria-describedby={describedBy}>
        {STATUS_CATEGORIES.map((category) => (
          <option key={category} value={category}>
            {t(`admin.categories.${category}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** One status; a custom one can be edited inline, archived and unarchived. Built-in statuses are fixed. */
function StatusRow({ status, listAction, onChanged }: { status: TicketStatus; listAction: Action; onChanged(): void }) {
  const { t } = useTranslation();
  const editor = useInlineEditor();
  const action = useAction();
  const [label, setLabel] = useState(status.label);
  const [category, setCategory] = useState(status.category);
  const hintId = `status-${status.key}-category-hint`;

  const write = (body: { label?: string; category?: TicketStatus['category']; isArchived?: boolean }) =>
    unwrap(api.PATCH('/api/v1/ticket-statuses/{statusId}', { params: { path: { statusId: status.id } }, body }));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const body = { ...(label.trim() !== status.label ? { label: label.trim() } : {}), ...(category !== status.category ? { category } : {}) };
    const isDone = await action.run(() => (Object.keys(body).length > 0 ? write(body) : Promise.resolve()));
    if (!isDone) return;
    editor.close();
    listAction.succeed(t('admin.statuses.saved', { label: body.label ?? status.label }));
    onChanged();
  };

  const setArchived = (isArchived: boolean) =>
    void listAction
      .run(() => write({ isArchived }), isArchived ? t('admin.statuses.archivedDone', { label: status.label }) : t('admin.statuses.unarchivedDone', { label: status.label }))
      .then((isDone) => isDone && onChanged());

  return (
    <>
      <tr data-status-key={status.key} className={status.isArchived ? 'admin-archived' : undefined}>
        <th scope="row">
          {status.label}
          {status.isArchived && (
            <>
              {' '}
              <span className="badge admin-archived-badge">{t('admin.archived')}</span>
            </>
          )}
        </th>
        <td>
          <code>{status.key}</code>
        </td>
        <td>{t(`admin.categories.${status.category}`)}</td>
        <td>{status.isBuiltIn ? t('admin.statuses.builtIn') : t('admin.statuses.custom')}</td>
        <td>
          {status.isBuiltIn ? (
            <span className="admin-label">{t('admin.statuses.fixed')}</span>
          ) : (
            <div className="admin-actions">
              <button
                type="button"
                ref={editor.editButtonRef}
                aria-label={t('admin.statuses.editNamed', { label: status.label })}
                aria-expanded={editor.isEditing}
                onClick={() => {
                  setLabel(status.label);
                  setCategory(status.category);
                  action.clear();
                  editor.open();
                }}
              >
                {t('admin.edit')}
              </button>
              <button type="button" onClick={() => setArchived(!status.isArchived)} disabled={listAction.isBusy} aria-label={status.isArchived ? t('admin.statuses.unarchiveNamed', { label: status.label }) : t('admin.statuses.archiveNamed', { label: status.label })}>
                {status.isArchived ? t('admin.unarchive') : t('admin.archive')}
              </button>
            </div>
          )}
        </td>
      </tr>
      {editor.isEditing && (
        <EditorRow columns={STATUS_COLUMNS}>
          <form className="admin-form" onSubmit={save} aria-label={t('admin.statuses.editNamed', { label: status.label })}>
            <Feedback action={action} />
            <label>
              {t('admin.statuses.label')}
              <input name="label" value={label} onChange={(event) => setLabel(event.target.value)} required maxLength={60} autoComplete="off" autoFocus />
            </label>
            <CategorySelect value={category} onChange={setCategory} describedBy={hintId} />
            <p id={hintId} className="hint">
              {t('admin.statuses.categoryChangeHint')}
            </p>
            <div className="admin-actions">
              <button type="submit" className="primary" disabled={action.isBusy}>
                {t('admin.statuses.save')}
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

function CustomFieldsSection() {
  const { t } = useTranslation();
  const action = useAction();
  const listAction = useAction();
  const [fields, reload] = useAsync(async () => (await unwrap(api.GET('/api/v1/custom-fields'))).data, []);
  const [entity, setEntity] = useState<CustomField['entity']>('ticket');
  const [key, setKey] = useState('');
  const [label, setLabel] = useState('');
  const [type, setType] = useState<CustomField['type']>('text');
  const [options, setOptions] = useState('');
  const [isRequired, setRequired] = useState(false);
  const [isSensitive, setSensitive] = useState(false);
  const changed = () => {
    forgetWorkspaceVocabulary();
    reload();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!FIELD_KEY.test(key)) {
      action.fail(t('admin.fields.keyRule'));
      return;
    }
    const optionList = linesOf(options);
    if (type === 'select' && optionList.length === 0) {
      action.fail(t('admin.fields.optionsRequired'));
      return;
    }
    const body = { entity, key, label: label.trim(), type, options: type === 'select' ? optionList : [], isRequired, isSensitive };
    const isDone = await action.run(() => unwrap(api.POST('/api/v1/custom-fields', { body })), t('admin.fields.created', { label: body.label }));
    if (!isDone) return;
    setKey('');
    setLabel('');
    setOptions('');
    setRequired(false);
    setSensitive(false);
    changed();
  };

  return (
    <AdminSection id="fields" title={t('admin.fields.title')} description={t('admin.fields.description')}>
      <LoadState state={fields} onRetry={reload} />
      <Feedback action={listAction} />
      {fields.status === 'ready' && fields.value.length === 0 && <p className="empty">{t('admin.fields.empty')}</p>}
      {fields.status === 'ready' && fields.value.length > 0 && (
        <ListTable
          label={t('admin.fields.title')}
          testId="field-table"
          columns={[t('admin.fields.columns.label'), t('admin.fields.columns.entity'), t('admin.fields.columns.type'), t('admin.fields.columns.options'), t('admin.fields.columns.required'), t('admin.fields.columns.sensitive'), t('admin.fields.columns.actions')]}
        >
          {fields.value.map((field) => (
            <FieldRow key={field.id} field={field} listAction={listAction} onChanged={changed} />
          ))}
        </ListTable>
      )}
      <form className="admin-form" onSubmit={submit} aria-labelledby="add-field-title">
        <h3 id="add-field-title">{t('admin.fields.addTitle')}</h3>
        <Feedback action={action} />
        <label>
          {t('admin.fields.entity')}
          <select name="entity" value={entity} onChange={(event) => setEntity(event.target.value as CustomField['entity'])}>
            {FIELD_ENTITIES.map((value) => (
              <option key={value} value={value}>
                {t(`admin.fields.entities.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('admin.fields.label')}
          <input name="label" value={label} onChange={(event) => setLabel(event.target.value)} required maxLength={80} autoComplete="off" />
        </label>
        <label>
          {t('admin.fields.key')}
          <input name="key" value={key} onChange={(event) => setKey(event.target.value)} required maxLength={40} autoComplete="off" spellCheck={false} aria-describedby="add-field-key-hint" />
        </label>
        <p id="add-field-key-hint" className="hint">
          {t('admin.fields.keyHint')}
        </p>
        <label>
          {t('admin.fields.type')}
          <select name="type" value={type} onChange={(event) => setType(event.target.value as CustomField['type'])}>
            {FIELD_TYPES.map((value) => (
              <option key={value} value={value}>
                {t(`admin.fields.types.${value}`)}
              </option>
            ))}
          </select>
        </label>
        {type === 'select' && (
          <>
            <label>
              {t('admin.fields.options')}
              <textarea name="options" rows={4} value={options} onChange={(event) => setOptions(event.target.value)} aria-describedby="add-field-options-hint" />
            </label>
            <p id="add-field-options-hint" className="hint">
              {t('admin.fields.optionsHint')}
            </p>
          </>
        )}
        <label className="admin-check">
          <input type="checkbox" name="isRequired" checked={isRequired} onChange={(event) => setRequired(event.target.checked)} />
          <span>{t('admin.fields.required')}</span>
        </label>
        <label className="admin-check">
          <input type="checkbox" name="isSensitive" checked={isSensitive} onChange={(event) => setSensitive(event.target.checked)} aria-describedby="add-field-sensitive-hint" />
          <span>{t('admin.fields.sensitive')}</span>
        </label>
        <p id="add-field-sensitive-hint" className="hint">
          {t('admin.fields.sensitiveHint')}
        </p>
        <div className="admin-actions">
          <button type="submit" className="primary" disabled={action.isBusy}>
            {t('admin.fields.add')}
          </button>
        </div>
      </form>
    </AdminSection>
  );
}

/** One field, editable inline: wording, help, required, choices; archived and unarchived from its row. */
function FieldRow({ field, listAction, onChanged }: { field: CustomField; listAction: Action; onChanged(): void }) {
  const { t } = useTranslation();
  const editor = useInlineEditor();
  const action = useAction();
  const [label, setLabel] = useState(field.label);
  const [description, setDescription] = useState(field.description ?? '');
  const [isRequired, setRequired] = useState(field.isRequired);
  const [options, setOptions] = useState(field.options.join('\n'));
  const idPrefix = `field-${field.id}`;

  const write = (body: { label?: string; description?: string | null; isRequired?: boolean; options?: string[]; isArchived?: boolean }) =>
    unwrap(api.PATCH('/api/v1/custom-fields/{fieldId}', { params: { path: { fieldId: field.id } }, body }));

  const startEditing = () => {
    setLabel(field.label);
    setDescription(field.description ?? '');
    setRequired(field.isRequired);
    setOptions(field.options.join('\n'));
    action.clear();
    editor.open();
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const optionList = linesOf(options);
    if (field.type === 'select' && optionList.length === 0) {
      action.fail(t('admin.fields.optionsRequired'));
      return;
    }
    if (new Set(optionList).size !== optionList.length) {
      action.fail(t('admin.fields.optionsRepeated'));
      return;
    }
    const newDescription = description.trim() === '' ? null : description.trim();
    const body = {
      ...(label.trim() !== field.label ? { label: label.trim() } : {}),
      ...(newDescription !== field.description ? { description: newDescription } : {}),
      ...(isRequired !== field.isRequired ? { isRequired } : {}),
      ...(field.type === 'select' && optionList.join('\n') !== field.options.join('\n') ? { options: optionList } : {}),
    };
    const isDone = await action.run(() => (Object.keys(body).length > 0 ? write(body) : Promise.resolve()));
    if (!isDone) return;
    editor.close();
    listAction.succeed(t('admin.fields.saved', { label: body.label ?? field.label }));
    onChanged();
  };

  const setArchived = (isArchived: boolean) =>
    void listAction
      .run(() => write({ isArchived }), isArchived ? t('admin.fields.archivedDone', { label: field.label }) : t('admin.fields.unarchivedDone', { label: field.label }))
      .then((isDone) => isDone && onChanged());

  return (
    <>
      <tr data-field-key={field.key} data-field-entity={field.entity} className={field.isArchived ? 'admin-archived' : undefined}>
        <th scope="row">
          {field.label}
          {field.isArchived && (
            <>
              {' '}
              <span className="badge admin-archived-badge">{t('admin.archived')}</span>
            </>
          )}
          <span className="admin-person-email">
            <code>{field.key}</code>
          </span>
          {field.description && <span className="admin-person-email">{field.description}</span>}
        </th>
        <td>{t(`admin.fields.entities.${field.entity}`)}</td>
        <td>{t(`admin.fields.types.${field.type}`)}</td>
        <td>{field.options.length > 0 ? field.options.join(', ') : '—'}</td>
        <td>{field.isRequired ? t('admin.yes') : t('admin.no')}</td>
        <td>{field.isSensitive ? t('admin.fields.encrypted') : t('admin.no')}</td>
        <td>
          <div className="admin-actions">
            <button type="button" ref={editor.editButtonRef} aria-label={t('admin.fields.editNamed', { label: field.label })} aria-expanded={editor.isEditing} onClick={startEditing}>
              {t('admin.edit')}
            </button>
            <button type="button" onClick={() => setArchived(!field.isArchived)} disabled={listAction.isBusy} aria-label={field.isArchived ? t('admin.fields.unarchiveNamed', { label: field.label }) : t('admin.fields.archiveNamed', { label: field.label })}>
              {field.isArchived ? t('admin.unarchive') : t('admin.archive')}
            </button>
          </div>
        </td>
      </tr>
      {editor.isEditing && (
        <EditorRow columns={FIELD_COLUMNS}>
          <form className="admin-form" onSubmit={save} aria-label={t('admin.fields.editNamed', { label: field.label })}>
            <Feedback action={action} />
            <p className="hint">{t('admin.fields.fixedHint')}</p>
            <label>
              {t('admin.fields.label')}
              <input name="label" value={label} onChange={(event) => setLabel(event.target.value)} required maxLength={80} autoComplete="off" autoFocus />
            </label>
            <label>
              {t('admin.fields.helpText')}
              <input name="description" value={description} onChange={(event) => setDescription(event.target.value)} maxLength={500} autoComplete="off" aria-describedby={`${idPrefix}-help-hint`} />
            </label>
            <p id={`${idPrefix}-help-hint`} className="hint">
              {t('admin.fields.helpTextHint')}
            </p>
            {field.type === 'select' && (
              <>
                <label>
                  {t('admin.fields.options')}
                  <textarea name="options" rows={4} value={options} onChange={(event) => setOptions(event.target.value)} aria-describedby={`${idPrefix}-options-hint`} />
                </label>
                <p id={`${idPrefix}-options-hint`} className="hint">
                  {t('admin.fields.optionsEditHint')}
                </p>
              </>
            )}
            <label className="admin-check">
              <input type="checkbox" name="isRequired" checked={isRequired} onChange={(event) => setRequired(event.target.checked)} />
              <span>{t('admin.fields.required')}</span>
            </label>
            <div className="admin-actions">
              <button type="submit" className="primary" disabled={action.isBusy}>
                {t('admin.fields.save')}
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
