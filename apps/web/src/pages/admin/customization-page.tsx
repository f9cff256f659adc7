import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { useAsync } from '../../use-async';
import { AdminSection, Feedback, LoadState, TableScroll, useAction, type CustomField, type TicketStatus } from './admin-kit';

const STATUS_CATEGORIES = ['new', 'open', 'pending', 'on_hold', 'resolved', 'closed'] as const satisfies readonly TicketStatus['category'][];
const FIELD_TYPES = ['text', 'number', 'date', 'select', 'checkbox'] as const satisfies readonly CustomField['type'][];
const FIELD_ENTITIES = ['ticket', 'customer'] as const satisfies readonly CustomField['entity'][];
const STATUS_KEY = /^[a-z][a-z0-9_]{1,39}$/;
const FIELD_KEY = /^[a-z][a-z0-9_]{0,39}$/;

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
  const [statuses, reload] = useAsync(async () => (await unwrap(api.GET('/api/v1/ticket-statuses'))).data, []);
  const [key, setKey] = useState('');
  const [label, setLabel] = useState('');
  const [category, setCategory] = useState<TicketStatus['category']>('pending');

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
    reload();
  };

  return (
    <AdminSection id="statuses" title={t('admin.statuses.title')} description={t('admin.statuses.description')}>
      <LoadState state={statuses} onRetry={reload} />
      {statuses.status === 'ready' && (
        <TableScroll label={t('admin.statuses.title')}>
          <table className="admin-table" data-testid="status-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.statuses.columns.label')}</th>
                <th scope="col">{t('admin.statuses.columns.key')}</th>
                <th scope="col">{t('admin.statuses.columns.category')}</th>
                <th scope="col">{t('admin.statuses.columns.kind')}</th>
              </tr>
            </thead>
            <tbody>
              {statuses.value.map((status) => (
                <tr key={status.key} data-status-key={status.key}>
                  <th scope="row">{status.label}</th>
                  <td>
                    <code>{status.key}</code>
                  </td>
                  <td>{t(`admin.categories.${status.category}`)}</td>
                  <td>{status.isBuiltIn ? t('admin.statuses.builtIn') : t('admin.statuses.custom')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
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
        <label>
          {t('admin.statuses.category')}
          <select name="category" value={category} onChange={(event) => setCategory(event.target.value as TicketStatus['category'])}>
            {STATUS_CATEGORIES.map((value) => (
              <option key={value} value={value}>
                {t(`admin.categories.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <div className="admin-actions">
          <button type="submit" className="primary" disabled={action.isBusy}>
            {t('admin.statuses.add')}
          </button>
        </div>
      </form>
    </AdminSection>
  );
}

function CustomFieldsSection() {
  const { t } = useTranslation();
  const action = useAction();
  const [fields, reload] = useAsync(async () => (await unwrap(api.GET('/api/v1/custom-fields'))).data, []);
  const [entity, setEntity] = useState<CustomField['entity']>('ticket');
  const [key, setKey] = useState('');
  const [label, setLabel] = useState('');
  const [type, setType] = useState<CustomField['type']>('text');
  const [options, setOptions] = useState('');
  const [isRequired, setRequired] = useState(false);
  const [isSensitive, setSensitive] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!FIELD_KEY.test(key)) {
      action.fail(t('admin.fields.keyRule'));
      return;
    }
    const optionList = options
      .split('\n')
      .map((option) => option.trim())
      .filter((option) => option.length > 0);
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
    reload();
  };

  return (
    <AdminSection id="fields" title={t('admin.fields.title')} description={t('admin.fields.description')}>
      <LoadState state={fields} onRetry={reload} />
      {fields.status === 'ready' && fields.value.length === 0 && <p className="empty">{t('admin.fields.empty')}</p>}
      {fields.status === 'ready' && fields.value.length > 0 && (
        <TableScroll label={t('admin.fields.title')}>
          <table className="admin-table" data-testid="field-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.fields.columns.label')}</th>
                <th scope="col">{t('admin.fields.columns.entity')}</th>
                <th scope="col">{t('admin.fields.columns.type')}</th>
                <th scope="col">{t('admin.fields.columns.options')}</th>
                <th scope="col">{t('admin.fields.columns.required')}</th>
                <th scope="col">{t('admin.fields.columns.sensitive')}</th>
              </tr>
            </thead>
            <tbody>
              {fields.value.map((field) => (
                <tr key={field.id} data-field-key={field.key}>
                  <th scope="row">
                    {field.label}
                    <span className="admin-person-email">
                      <code>{field.key}</code>
                    </span>
                  </th>
                  <td>{t(`admin.fields.entities.${field.entity}`)}</td>
                  <td>{t(`admin.fields.types.${field.type}`)}</td>
                  <td>{field.options.length > 0 ? field.options.join(', ') : '—'}</td>
                  <td>{field.isRequired ? t('admin.yes') : t('admin.no')}</td>
                  <td>{field.isSensitive ? t('admin.fields.encrypted') : t('admin.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
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
