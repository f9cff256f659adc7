import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { paths } from '@switchboard/sdk';
import { api, ApiError, unwrap } from '../../api/client';
import { useAsync } from '../../use-async';
import { AdminSection, Feedback, ListTable, LoadState, readAllTeams, SubmitButton, TableScroll, useAction, type Action, type Team } from './admin-kit';
import { EditDeleteActions, ListFormSection, useListForm } from './admin-list-kit';

type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type SlaPolicy = JsonOf<paths['/api/v1/sla/policies']['get']['responses'][200]>['data'][number];
type CreatePolicyRequest = paths['/api/v1/sla/policies']['post']['requestBody']['content']['application/json'];
type PolicyChanges = paths['/api/v1/sla/policies/{policyId}']['patch']['requestBody']['content']['application/json'];
type BusinessCalendar = JsonOf<paths['/api/v1/business-hours/calendars']['get']['responses'][200]>['data'][number];
type Conditions = SlaPolicy['conditions'];
type Priority = Conditions['priorities'][number];
type Tier = Conditions['tiers'][number];
type Channel = Conditions['channels'][number];
type Targets = SlaPolicy['targets'];
type Metric = keyof Targets['urgent'];

/** The order the conditions offer them, lowest first. */
const CONDITION_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const satisfies readonly Priority[];
/** The order the targets table lists them, most pressing first. */
const TARGET_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const satisfies readonly Priority[];
const TIERS = ['free', 'paid', 'enterprise', 'vip'] as const satisfies readonly Tier[];
const CHANNELS = ['email', 'chat', 'phone', 'web', 'api', 'messaging', 'social', 'whatsapp', 'messenger', 'telegram', 'sms'] as const satisfies readonly Channel[];
const METRICS = ['firstResponseMinutes', 'nextResponseMinutes', 'resolutionMinutes'] as const satisfies readonly Metric[];
// Fail to compile when the server gains a priority, tier, channel or metric these lists lack.
const everyChoiceListed: [Exclude<Priority, (typeof TARGET_PRIORITIES)[number]>, Exclude<Tier, (typeof TIERS)[number]>, Exclude<Channel, (typeof CHANNELS)[number]>, Exclude<Metric, (typeof METRICS)[number]>] extends [never, never, never, never]
  ? true
  : false = true;
void everyChoiceListed;

/** A year of minutes: the longest target the server takes. */
const MAX_TARGET_MINUTES = 365 * 24 * 60;
const MAX_POSITION = 10_000;
const NO_TARGETS: Targets = Object.fromEntries(TARGET_PRIORITIES.map((priority) => [priority, { firstResponseMinutes: null, nextResponseMinutes: null, resolutionMinutes: null }])) as Targets;

/** The API's SLA error codes, in the interface language. */
const SLA_ERROR_KEYS: Record<string, string> = {
  sla_policy_name_taken: 'admin.sla.errors.nameTaken',
  sla_policy_not_found: 'admin.sla.errors.notFound',
  sla_default_policy_fixed: 'admin.sla.errors.defaultFixed',
};

type TargetCells = Record<Priority, Record<Metric, string>>;

/**
 * SLA policies: which tickets each covers (priorities, customer tiers, channels, categories), the time allowed for
 * each reply and for resolution by priority, the calendar its clocks run on, when to warn, and what a breach does.
 * Policies are tried in order; the default one covers every ticket no other matches.
 */
export function SlaPage() {
  const { t } = useTranslation();
  const listAction = useAction();
  const [data, reload] = useAsync(async () => {
    const [policies, calendars, teams] = await Promise.all([
      unwrap(api.GET('/api/v1/sla/policies')),
      unwrap(api.GET('/api/v1/business-hours/calendars')),
      readAllTeams(),
    ]);
    return { policies: policies.data, calendars: calendars.data, teams };
  }, []);
  const form = useListForm<SlaPolicy>();
  const { chosen } = form;
  const policies = data.status === 'ready' ? data.value.policies : [];
  const calendars = data.status === 'ready' ? data.value.calendars : [];
  const selected = chosen ? (policies.find((policy) => policy.id === chosen.id) ?? chosen) : undefined;
  const calendarName = (calendarId: string | null) =>
    calendarId === null ? t('admin.sla.roundTheClock') : (calendars.find((calendar) => calendar.id === calendarId)?.name ?? t('admin.sla.unknownCalendar'));

  const remove = (policy: SlaPolicy) =>
    void listAction
      .run(() => withSlaErrors(t, policy.name, () => unwrap(api.DELETE('/api/v1/sla/policies/{policyId}', { params: { path: { policyId: policy.id } } }))), t('admin.sla.deleted', { name: policy.name }))
      .then((isDone) => {
        if (!isDone) return;
        form.dropDeleted(policy, { isMessageKept: true });
        reload();
      });

  return (
    <>
      <AdminSection id="sla-policies" title={t('admin.sla.title')} description={t('admin.sla.description')}>
        <LoadState state={data} onRetry={reload} />
        <Feedback action={listAction} />
        {data.status === 'ready' && (
          <ListTable
            label={t('admin.sla.title')}
            testId="sla-policy-table"
            columns={[t('admin.sla.columns.order'), t('admin.sla.columns.name'), t('admin.sla.columns.state'), t('admin.sla.columns.conditions'), t('admin.sla.columns.calendar'), t('admin.sla.columns.actions')]}
          >
            {policies.map((policy) => (
              <tr key={policy.id} data-policy-name={policy.name} className={policy.isActive ? undefined : 'admin-inactive'} aria-current={selected?.id === policy.id ? 'true' : undefined}>
                <td>{policy.isDefault ? t('admin.sla.last') : policy.position}</td>
                <th scope="row">
                  <span className="admin-person-name">
                    {policy.name}
                    {policy.isDefault && (
                      <span className="badge" data-testid="sla-default">
                        {t('admin.sla.default')}
                      </span>
                    )}
                  </span>
                </th>
                <td>
                  <span className={`badge ${policy.isActive ? 'admin-on' : 'admin-off'}`}>{policy.isActive ? t('admin.sla.active') : t('admin.sla.inactive')}</span>
                </td>
                <td>
                  <ConditionsSummary policy={policy} />
                </td>
                <td>{calendarName(policy.calendarId)}</td>
                <td>
                  <EditDeleteActions
                    editLabel={t('admin.sla.editNamed', { name: policy.name })}
                    onEdit={() => form.choose(policy)}
                    deletion={
                      policy.isDefault
                        ? undefined
                        : { label: t('admin.sla.delete'), confirmLabel: t('admin.sla.confirmDelete'), question: t('admin.sla.deleteQuestion', { name: policy.name }), onConfirm: () => remove(policy), disabled: listAction.isBusy }
                    }
                  />
                </td>
              </tr>
            ))}
          </ListTable>
        )}
      </AdminSection>
      {data.status === 'ready' && (
        <ListFormSection
          id="sla-policy-form"
          title={selected ? t('admin.sla.editTitle', { name: selected.name }) : t('admin.sla.createTitle')}
          form={form}
          isEditing={selected !== undefined}
          createAnotherLabel={t('admin.sla.createAnother')}
        >
          <PolicyForm
            key={form.formSession}
            policy={selected}
            template={policies.find((policy) => policy.isDefault)}
            calendars={calendars}
            teams={data.value.teams}
            isFocusWanted={form.formSession > 0}
            action={form.action}
            onSaved={(policy) => {
              form.keepEditing(policy);
              reload();
            }}
          />
        </ListFormSection>
      )}
    </>
  );
}

/** Runs a write, turning the SLA error codes into sentences in the interface language. */
async function withSlaErrors<T>(t: (key: string, options?: Record<string, unknown>) => string, name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const key = error instanceof ApiError ? SLA_ERROR_KEYS[error.code] : undefined;
    if (key) throw new Error(t(key, { name }));
    throw error;
  }
}

/** Minutes as a person reads them: 15 → "15 min", 240 → "4 h", 90 → "1 h 30 min". */
function useDuration() {
  const { t } = useTranslation();
  return (minutes: number) => {
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    if (hours === 0) return t('admin.sla.duration.minutes', { count: rest });
    if (rest === 0) return t('admin.sla.duration.hours', { count: hours });
    return t('admin.sla.duration.hoursMinutes', { hours, minutes: rest });
  };
}

function ConditionsSummary({ policy }: { policy: SlaPolicy }) {
  const { t } = useTranslation();
  if (policy.isDefault) return <span className="admin-label">{t('admin.sla.coversTheRest')}</span>;
  const { priorities, tiers, channels, categories } = policy.conditions;
  const parts = [
    priorities.length > 0 && t('admin.sla.summary.priorities', { values: CONDITION_PRIORITIES.filter((item) => priorities.includes(item)).map((item) => t(`priority.${item}`)).join(', ') }),
    tiers.length > 0 && t('admin.sla.summary.tiers', { values: TIERS.filter((item) => tiers.includes(item)).map((item) => t(`admin.sla.tiers.${item}`)).join(', ') }),
    channels.length > 0 && t('admin.sla.summary.channels', { values: CHANNELS.filter((item) => channels.includes(item)).map((item) => t(`channels.${item}`)).join(', ') }),
    categories.length > 0 && t('admin.sla.summary.categories', { values: categories.join(', ') }),
  ].filter((part): part is string => typeof part === 'string');
  if (parts.length === 0) return <span className="admin-label">{t('admin.sla.everyTicket')}</span>;
  return (
    <ul className="admin-sla-conditions-summary">
      {parts.map((part) => (
        <li key={part}>{part}</li>
      ))}
    </ul>
  );
}

function cellsOf(targets: Targets): TargetCells {
  return Object.fromEntries(TARGET_PRIORITIES.map((priority) => [priority, Object.fromEntries(METRICS.map((metric) => [metric, targets[priority][metric]?.toString() ?? '']))])) as TargetCells;
}

/** A list of checkboxes for one condition; none ticked accepts any value. */
function ConditionChoices<Value extends string>({ legend, hint, values, selected, labelOf, onChange }: { legend: string; hint: string; values: readonly Value[]; selected: readonly Value[]; labelOf(value: Value): string; onChange(next: Value[]): void }) {
  const hintId = useId();
  return (
    <fieldset className="admin-checkboxes admin-sla-choices" aria-describedby={hintId}>
      <legend>{legend}</legend>
      <p id={hintId} className="hint">
        {hint}
      </p>
      {values.map((value) => (
        <label key={value}>
          <input type="checkbox" value={value} checked={selected.includes(value)} onChange={(event) => onChange(values.filter((item) => (item === value ? event.target.checked : selected.includes(item))))} />
          <span>{labelOf(value)}</span>
        </label>
      ))}
    </fieldset>
  );
}

function PolicyForm({
  policy,
  template,
  calendars,
  teams,
  isFocusWanted,
  action,
  onSaved,
}: {
  policy: SlaPolicy | undefined;
  /** A new policy starts from the default policy's targets. */
  template: SlaPolicy | undefined;
  calendars: BusinessCalendar[];
  teams: Team[];
  isFocusWanted: boolean;
  action: Action;
  onSaved(policy: SlaPolicy): void;
}) {
  const { t } = useTranslation();
  const formId = useId();
  const duration = useDuration();
  // A new policy runs on the workspace's default calendar, as the calendars promise; "round the clock" is a choice away.
  const defaultCalendarId = calendars.find((calendar) => calendar.isDefault)?.id ?? null;
  const [name, setName] = useState(policy?.name ?? '');
  const [isActive, setActive] = useState(policy?.isActive ?? true);
  const [position, setPosition] = useState(policy && !policy.isDefault ? String(policy.position) : '');
  const [priorities, setPriorities] = useState<Priority[]>(policy?.conditions.priorities ?? []);
  const [tiers, setTiers] = useState<Tier[]>(policy?.conditions.tiers ?? []);
  const [channels, setChannels] = useState<Channel[]>(policy?.conditions.channels ?? []);
  const [categories, setCategories] = useState((policy?.conditions.categories ?? []).join(', '));
  const [cells, setCells] = useState<TargetCells>(() => cellsOf(policy?.targets ?? template?.targets ?? NO_TARGETS));
  const [calendarId, setCalendarId] = useState<string | null>(policy ? policy.calendarId : defaultCalendarId);
  const [warningPercent, setWarningPercent] = useState(String(policy?.warningPercent ?? 75));
  const [isPriorityRaised, setPriorityRaised] = useState(policy?.breachActions.isPriorityRaised ?? false);
  const [reassignTeamId, setReassignTeamId] = useState<string | null>(policy?.breachActions.reassignTeamId ?? null);
  const [isNotified, setNotified] = useState(policy?.breachActions.isNotified ?? true);
  const [invalidId, setInvalidId] = useState<string | undefined>();
  const [focusId, setFocusId] = useState<string | undefined>();
  useEffect(() => {
    if (!focusId) return;
    document.getElementById(focusId)?.focus();
    setFocusId(undefined);
  }, [focusId]);
  const isDefault = policy?.isDefault === true;
  const cellId = (priority: Priority, metric: Metric) => `${formId}-${priority}-${metric}`;
  const invalid = (id: string) => (invalidId === id ? true : undefined);
  // A deleted team stays offered while the policy still names it, so the admin sees it and can pick another.
  const teamChoices = reassignTeamId && !teams.some((team) => team.id === reassignTeamId) ? [...teams, { id: reassignTeamId, name: t('admin.sla.unknownTeam') } as Team] : teams;

  const refuse = (message: string, fieldId: string) => {
    action.fail(message);
    setInvalidId(fieldId);
    setFocusId(fieldId);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setInvalidId(undefined);
    const targets = {} as Targets;
    for (const priority of TARGET_PRIORITIES) {
      targets[priority] = { firstResponseMinutes: null, nextResponseMinutes: null, resolutionMinutes: null };
      for (const metric of METRICS) {
        const typed = cells[priority][metric].trim();
        if (typed === '') continue;
        const minutes = Number(typed);
        if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_TARGET_MINUTES) {
          refuse(t('admin.sla.invalidTarget', { metric: t(`admin.sla.metrics.${metric}`), priority: t(`priority.${priority}`), max: MAX_TARGET_MINUTES }), cellId(priority, metric));
          return;
        }
        targets[priority][metric] = minutes;
      }
    }
    const warning = Number(warningPercent);
    if (!Number.isInteger(warning) || warning < 1 || warning > 99) {
      refuse(t('admin.sla.invalidWarning'), `${formId}-warning`);
      return;
    }
    const order = position.trim() === '' ? undefined : Number(position);
    if (order !== undefined && (!Number.isInteger(order) || order < 0 || order > MAX_POSITION)) {
      refuse(t('admin.sla.invalidPosition', { max: MAX_POSITION }), `${formId}-position`);
      return;
    }
    const conditions = {
      priorities: CONDITION_PRIORITIES.filter((item) => priorities.includes(item)),
      tiers: TIERS.filter((item) => tiers.includes(item)),
      channels: CHANNELS.filter((item) => channels.includes(item)),
      categories: [...new Set(categories.split(',').map((category) => category.trim()).filter((category) => category.length > 0))],
    };
    const common = { name: name.trim(), isActive, targets, calendarId, warningPercent: warning, breachActions: { isPriorityRaised, reassignTeamId, isNotified } };
    let saved: SlaPolicy | undefined;
    const isDone = await action.run(
      async () => {
        saved = await withSlaErrors(t, common.name, () => {
          if (!policy) {
            const body: CreatePolicyRequest = { ...common, conditions, ...(order !== undefined ? { position: order } : {}) };
            return unwrap(api.POST('/api/v1/sla/policies', { body }));
          }
          // The default policy keeps no conditions and its place after every other; the others send what can change.
          const changes: PolicyChanges = isDefault ? common : { ...common, conditions, ...(order !== undefined && order !== policy.position ? { position: order } : {}) };
          return unwrap(api.PATCH('/api/v1/sla/policies/{policyId}', { params: { path: { policyId: policy.id } }, body: changes }));
        });
      },
      policy ? t('admin.sla.saved', { name: common.name }) : t('admin.sla.created', { name: common.name }),
    );
    if (isDone && saved) {
      setPosition(saved.isDefault ? '' : String(saved.position));
      onSaved(saved);
    }
  };

  return (
    <form className="admin-form admin-sla-form" onSubmit={submit} aria-labelledby="sla-policy-form-title">
      <label>
        {t('admin.sla.name')}
        <input name="name" value={name} onChange={(event) => setName(event.target.value)} required maxLength={100} autoComplete="off" autoFocus={isFocusWanted} />
      </label>
      <label className="admin-check">
        <input type="checkbox" name="isActive" checked={isActive} onChange={(event) => setActive(event.target.checked)} aria-describedby={`${formId}-active-hint`} />
        {t('admin.sla.isActive')}
      </label>
      <p id={`${formId}-active-hint`} className="hint">
        {isDefault ? t('admin.sla.isActiveDefaultHint') : t('admin.sla.isActiveHint')}
      </p>

      {isDefault ? (
        <p className="notice admin-sla-default-note" data-testid="sla-default-note">
          {t('admin.sla.defaultNote')}
        </p>
      ) : (
        <>
          <label>
            {t('admin.sla.position')}
            <input
              id={`${formId}-position`}
              name="position"
              type="number"
              inputMode="numeric"
              min={0}
              max={MAX_POSITION}
              step={1}
              value={position}
              onChange={(event) => setPosition(event.target.value)}
              required={policy !== undefined}
              aria-describedby={`${formId}-position-hint`}
              aria-invalid={invalid(`${formId}-position`)}
            />
          </label>
          <p id={`${formId}-position-hint`} className="hint">
            {policy ? t('admin.sla.positionHint') : t('admin.sla.positionNewHint')}
          </p>
          <fieldset className="email-fieldset admin-sla-conditions">
            <legend>{t('admin.sla.conditions')}</legend>
            <p className="hint">{t('admin.sla.conditionsHint')}</p>
            <ConditionChoices legend={t('admin.sla.priorities')} hint={t('admin.sla.anyPriority')} values={CONDITION_PRIORITIES} selected={priorities} labelOf={(item) => t(`priority.${item}`)} onChange={setPriorities} />
            <ConditionChoices legend={t('admin.sla.tiersLabel')} hint={t('admin.sla.anyTier')} values={TIERS} selected={tiers} labelOf={(item) => t(`admin.sla.tiers.${item}`)} onChange={setTiers} />
            <ConditionChoices legend={t('admin.sla.channels')} hint={t('admin.sla.anyChannel')} values={CHANNELS} selected={channels} labelOf={(item) => t(`channels.${item}`)} onChange={setChannels} />
            <div className="admin-sla-categories">
              <label>
                {t('admin.sla.categories')}
                <input name="categories" value={categories} onChange={(event) => setCategories(event.target.value)} maxLength={2000} autoComplete="off" aria-describedby={`${formId}-categories-hint`} />
              </label>
              <p id={`${formId}-categories-hint`} className="hint">
                {t('admin.sla.categoriesHint')}
              </p>
            </div>
          </fieldset>
        </>
      )}

      <fieldset className="email-fieldset admin-sla-targets-fieldset">
        <legend>{t('admin.sla.targets')}</legend>
        <p id={`${formId}-targets-hint`} className="hint">
          {t('admin.sla.targetsHint')}
        </p>
        <TableScroll label={t('admin.sla.targets')}>
          <table className="admin-table admin-sla-targets" data-testid="sla-targets">
            <thead>
              <tr>
                <th scope="col">{t('admin.sla.priority')}</th>
                {METRICS.map((metric) => (
                  <th key={metric} scope="col">
                    {t(`admin.sla.metrics.${metric}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {TARGET_PRIORITIES.map((priority) => (
                <tr key={priority}>
                  <th scope="row">{t(`priority.${priority}`)}</th>
                  {METRICS.map((metric) => {
                    const id = cellId(priority, metric);
                    const typed = cells[priority][metric].trim();
                    const minutes = Number(typed);
                    const hint = typed === '' ? t('admin.sla.noTarget') : Number.isInteger(minutes) && minutes >= 1 ? duration(minutes) : '';
                    return (
                      <td key={metric}>
                        <input
                          id={id}
                          type="number"
                          inputMode="numeric"
                          min={1}
                          max={MAX_TARGET_MINUTES}
                          step={1}
                          className="admin-sla-minutes"
                          aria-label={t('admin.sla.targetLabel', { metric: t(`admin.sla.metrics.${metric}`), priority: t(`priority.${priority}`) })}
                          aria-describedby={`${id}-hint`}
                          aria-invalid={invalid(id)}
                          value={cells[priority][metric]}
                          onChange={(event) => setCells({ ...cells, [priority]: { ...cells[priority], [metric]: event.target.value } })}
                        />
                        <span id={`${id}-hint`} className="hint admin-sla-duration" data-testid="sla-duration">
                          {hint}
                        </span>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </fieldset>

      <label>
        {t('admin.sla.calendar')}
        <select name="calendarId" value={calendarId ?? ''} onChange={(event) => setCalendarId(event.target.value === '' ? null : event.target.value)} aria-describedby={`${formId}-calendar-hint`}>
          <option value="">{t('admin.sla.roundTheClock')}</option>
          {calendars.map((calendar) => (
            <option key={calendar.id} value={calendar.id}>
              {calendar.isDefault ? t('admin.sla.defaultCalendar', { name: calendar.name }) : calendar.name}
            </option>
          ))}
        </select>
      </label>
      <p id={`${formId}-calendar-hint`} className="hint">
        {calendars.length === 0 ? t('admin.sla.noCalendars') : t('admin.sla.calendarHint')}
      </p>

      <label>
        {t('admin.sla.warningPercent')}
        <input
          id={`${formId}-warning`}
          name="warningPercent"
          type="number"
          inputMode="numeric"
          min={1}
          max={99}
          step={1}
          value={warningPercent}
          onChange={(event) => setWarningPercent(event.target.value)}
          required
          aria-describedby={`${formId}-warning-hint`}
          aria-invalid={invalid(`${formId}-warning`)}
        />
      </label>
      <p id={`${formId}-warning-hint`} className="hint">
        {t('admin.sla.warningPercentHint')}
      </p>

      <fieldset className="email-fieldset admin-sla-breach">
        <legend>{t('admin.sla.breachActions')}</legend>
        <label className="admin-check">
          <input type="checkbox" name="isPriorityRaised" checked={isPriorityRaised} onChange={(event) => setPriorityRaised(event.target.checked)} />
          {t('admin.sla.isPriorityRaised')}
        </label>
        <label className="admin-sla-team">
          {t('admin.sla.reassignTeam')}
          <select name="reassignTeamId" value={reassignTeamId ?? ''} onChange={(event) => setReassignTeamId(event.target.value === '' ? null : event.target.value)}>
            <option value="">{t('admin.sla.noReassign')}</option>
            {teamChoices.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </label>
        <label className="admin-check">
          <input type="checkbox" name="isNotified" checked={isNotified} onChange={(event) => setNotified(event.target.checked)} />
          {t('admin.sla.isNotified')}
        </label>
      </fieldset>

      <SubmitButton action={action}>{policy ? t('admin.sla.save') : t('admin.sla.create')}</SubmitButton>
    </form>
  );
}
