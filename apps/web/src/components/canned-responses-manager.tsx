import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { paths } from '@switchboard/sdk';
import { api, unwrap } from '../api/client';
import { useDirectory } from '../directory';
import { Feedback, ListTable, LoadState, SubmitButton, useAction, type Action } from '../pages/admin/admin-kit';
import { EditDeleteActions, ListFormSection, useListForm } from '../pages/admin/admin-list-kit';
import { useAsync } from '../use-async';
import { statusChoices, statusLabel, useWorkspaceVocabulary } from '../workspace-vocabulary';
import { useDescribeChanges, type CannedChanges, type CannedResponse } from './canned-response-picker';

type CreateRequest = paths['/api/v1/canned-responses']['post']['requestBody']['content']['application/json'];
type Priority = NonNullable<CannedChanges['priority']>;
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const satisfies readonly Priority[];
const VARIABLES = ['customer.first_name', 'customer.name', 'customer.email', 'ticket.number', 'ticket.subject', 'agent.name', 'agent.first_name', 'workspace.name'] as const;

/** `shared`: the workspace's shared ones (Administration); `personal`: the caller's own. */
export type CannedScope = 'shared' | 'personal';

/** Lists canned responses of one scope with edit and delete, and the form that creates or edits one. */
export function CannedResponsesManager({ scope }: { scope: CannedScope }) {
  const { t } = useTranslation();
  const listAction = useAction();
  const [directory] = useDirectory();
  const teams = directory.status === 'ready' ? directory.value.teams : [];
  const describeChanges = useDescribeChanges();
  const [listState, reload] = useAsync(async () => {
    const answer = await unwrap(api.GET('/api/v1/canned-responses', { params: { query: scope === 'shared' ? { scope: 'shared' } : {} } }));
    return scope === 'shared' ? answer.data : answer.data.filter((item) => item.visibility === 'personal');
  }, [scope]);
  const items = listState.status === 'ready' ? listState.value : [];
  const form = useListForm<CannedResponse>();
  const editing = form.chosen;
  const categories = [...new Set(items.map((item) => item.category).filter((category): category is string => Boolean(category)))];
  const audienceOf = (item: CannedResponse) =>
    item.visibility === 'personal' ? t('canned.audience.personal') : item.teamId ? t('canned.audience.team', { name: teams.find((team) => team.id === item.teamId)?.name ?? '?' }) : t('canned.audience.workspace');

  const remove = (item: CannedResponse) =>
    void listAction.run(() => unwrap(api.DELETE('/api/v1/canned-responses/{cannedResponseId}', { params: { path: { cannedResponseId: item.id } } })), t('canned.deleted', { name: item.name })).then((isDone) => {
      if (!isDone) return;
      form.dropDeleted(item);
      reload();
    });

  return (
    <>
      <LoadState state={listState} onRetry={reload} />
      <Feedback action={listAction} />
      {listState.status === 'ready' &&
        (items.length === 0 ? (
          <p className="empty">{t('canned.noneYet')}</p>
        ) : (
          <ListTable
            label={t('canned.listLabel')}
            testId="canned-table"
            columns={[t('canned.columns.name'), t('canned.columns.category'), t('canned.columns.languages'), t('canned.columns.audience'), t('canned.columns.changes'), t('canned.columns.uses'), t('canned.columns.actions')]}
          >
            {items.map((item) => (
              <tr key={item.id} data-canned-name={item.name} aria-current={editing?.id === item.id ? 'true' : undefined}>
                <th scope="row">{item.name}</th>
                <td>{item.category ?? '—'}</td>
                <td>{[item.bodyEn.trim() && 'EN', item.bodyFr.trim() && 'FR'].filter(Boolean).join(' · ')}</td>
                <td>{audienceOf(item)}</td>
                <td>{describeChanges(item.changes).join(' · ') || '—'}</td>
                <td>{item.usageCount}</td>
                <td>
                  {item.isEditable && (
                    <EditDeleteActions
                      editLabel={t('canned.editNamed', { name: item.name })}
                      editText={t('canned.edit')}
                      onEdit={() => form.choose(item)}
                      deletion={{ label: t('canned.delete'), confirmLabel: t('canned.confirmDelete'), question: t('canned.deleteQuestion', { name: item.name }), onConfirm: () => remove(item), disabled: listAction.isBusy }}
                    />
                  )}
                </td>
              </tr>
            ))}
          </ListTable>
        ))}
      <ListFormSection
        id="canned-form"
        title={editing ? t('canned.editTitle', { name: editing.name }) : t('canned.createTitle')}
        form={form}
        isEditing={editing !== undefined}
        createAnotherLabel={t('canned.createAnother')}
      >
        <CannedResponseForm
          key={form.formSession}
          scope={scope}
          canned={editing}
          categories={categories}
          teams={teams}
          action={form.action}
          onSaved={(saved) => {
            form.keepEditing(saved);
            reload();
          }}
        />
      </ListFormSection>
    </>
  );
}

const tagsOf = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((tag) => tag.trim().toLowerCase())
    .filter(Boolean);

function CannedResponseForm({
  scope,
  canned,
  categories,
  teams,
  action,
  onSaved,
}: {
  scope: CannedScope;
  canned: CannedResponse | undefined;
  categories: string[];
  teams: Array<{ id: string; name: string }>;
  action: Action;
  onSaved(saved: CannedResponse): void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [vocabulary] = useWorkspaceVocabulary();
  const statuses = vocabulary.status === 'ready' ? statusChoices(vocabulary.value.statuses, canned?.changes.status) : [];
  const [name, setName] = useState(canned?.name ?? '');
  const [category, setCategory] = useState(canned?.category ?? '');
  const [bodyEn, setBodyEn] = useState(canned?.bodyEn ?? '');
  const [bodyFr, setBodyFr] = useState(canned?.bodyFr ?? '');
  const [audience, setAudience] = useState(canned?.teamId ?? '');
  const [status, setStatus] = useState(canned?.changes.status ?? '');
  const [priority, setPriority] = useState<Priority | ''>(canned?.changes.priority ?? '');
  const [teamId, setTeamId] = useState(canned?.changes.teamId ?? '');
  const [addTags, setAddTags] = useState(canned?.changes.addTags.join(', ') ?? '');
  const [removeTags, setRemoveTags] = useState(canned?.changes.removeTags.join(', ') ?? '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!bodyEn.trim() && !bodyFr.trim()) {
      action.fail(t('canned.needsText'));
      return;
    }
    const request: CreateRequest = {
      name,
      category: category.trim() || null,
      bodyEn,
      bodyFr,
      visibility: scope,
      teamId: scope === 'shared' ? audience || null : null,
      changes: { ...(status && { status }), ...(priority && { priority }), ...(teamId && { teamId }), addTags: tagsOf(addTags), removeTags: tagsOf(removeTags) },
    };
    let saved: CannedResponse | undefined;
    void action
      .run(async () => {
        saved = canned
          ? await unwrap(api.PATCH('/api/v1/canned-responses/{cannedResponseId}', { params: { path: { cannedResponseId: canned.id } }, body: request }))
          : await unwrap(api.POST('/api/v1/canned-responses', { body: request }));
      }, canned ? t('canned.saved', { name }) : t('canned.created', { name }))
      .then((isDone) => {
        if (isDone && saved) onSaved(saved);
      });
  };

  return (
    <form className="admin-form" onSubmit={submit} data-testid="canned-form">
      <label>
        {t('canned.fields.name')}
        <input name="name" value={name} onChange={(event) => setName(event.target.value)} required maxLength={120} />
      </label>
      <label>
        {t('canned.fields.category')}
        <input name="category" value={category} onChange={(event) => setCategory(event.target.value)} maxLength={60} list={`${id}-categories`} />
        <datalist id={`${id}-categories`}>
          {categories.map((item) => (
            <option key={item} value={item} />
          ))}
        </datalist>
      </label>
      <label>
        {t('canned.fields.bodyEn')}
        <textarea name="bodyEn" rows={6} value={bodyEn} onChange={(event) => setBodyEn(event.target.value)} lang="en" />
      </label>
      <label>
        {t('canned.fields.bodyFr')}
        <textarea name="bodyFr" rows={6} value={bodyFr} onChange={(event) => setBodyFr(event.target.value)} lang="fr" />
      </label>
      <p className="hint">
        {t('canned.variablesHint')} {VARIABLES.map((variable) => <code key={variable}>{`{{${variable}}}`} </code>)}
      </p>
      {scope === 'shared' && (
        <label>
          {t('canned.fields.audience')}
          <select name="audience" value={audience} onChange={(event) => setAudience(event.target.value)}>
            <option value="">{t('canned.audience.workspace')}</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {t('canned.audience.team', { name: team.name })}
              </option>
            ))}
          </select>
        </label>
      )}
      <fieldset>
        <legend>{t('canned.fields.changes')}</legend>
        <p className="hint">{t('canned.changesHint')}</p>
        <label>
          {t('canned.fields.status')}
          <select name="changeStatus" value={status} onChange={(event) => setStatus(event.target.value)}>
            <option value="">{t('canned.noChange')}</option>
            {statuses.map((item) => (
              <option key={item.key} value={item.key}>
                {statusLabel(t, item)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('canned.fields.priority')}
          <select name="changePriority" value={priority} onChange={(event) => setPriority(event.target.value as Priority | '')}>
            <option value="">{t('canned.noChange')}</option>
            {PRIORITIES.map((item) => (
              <option key={item} value={item}>
                {t(`priority.${item}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('canned.fields.team')}
          <select name="changeTeam" value={teamId} onChange={(event) => setTeamId(event.target.value)}>
            <option value="">{t('canned.noChange')}</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('canned.fields.addTags')}
          <input name="addTags" value={addTags} onChange={(event) => setAddTags(event.target.value)} placeholder={t('canned.tagsPlaceholder')} />
        </label>
        <label>
          {t('canned.fields.removeTags')}
          <input name="removeTags" value={removeTags} onChange={(event) => setRemoveTags(event.target.value)} placeholder={t('canned.tagsPlaceholder')} />
        </label>
      </fieldset>
      <SubmitButton action={action}>{canned ? t('canned.save') : t('canned.create')}</SubmitButton>
    </form>
  );
}
