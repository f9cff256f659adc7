import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { paths } from '@switchboard/sdk';
import { api, ApiError, unwrap } from '../../api/client';
import { useAsync } from '../../use-async';
import { AdminSection, Feedback, HintedCheckbox, ListTable, LoadState, SubmitButton, useAction, type Action, type StaffMember, type Team } from './admin-kit';
import { ActiveToggle, EditDeleteActions, ListFormSection, moveInOrder, OrderButtons, useListForm } from './admin-list-kit';
import { CONDITION_FIELDS, FieldError, fieldErrorsOf, GroupEditor, NO_ERRORS, nodeOf, readRuleChoices, rootDraftOf, UnplacedErrors, type FieldErrors, type GroupDraft, type RuleChoices } from './automation-rule-form';

type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type RoutingRule = JsonOf<paths['/api/v1/routing/rules']['get']['responses'][200]>['data'][number];
type CreateRoutingRuleRequest = paths['/api/v1/routing/rules']['post']['requestBody']['content']['application/json'];
type RoutingRuleChanges = paths['/api/v1/routing/rules/{ruleId}']['patch']['requestBody']['content']['application/json'];
type TeamRoutingSettings = JsonOf<paths['/api/v1/routing/teams/{teamId}']['get']['responses'][200]>;
type AgentRoutingProfile = JsonOf<paths['/api/v1/routing/agents/{userId}']['get']['responses'][200]>;
type TeamQueue = JsonOf<paths['/api/v1/routing/queues']['get']['responses'][200]>['data'][number];
type BusinessCalendar = JsonOf<paths['/api/v1/business-hours/calendars']['get']['responses'][200]>['data'][number];
type Strategy = TeamRoutingSettings['strategy'];
type SkillLevel = RoutingRule['requiredSkills'][number];

const STRATEGIES = ['manual', 'round_robin', 'least_loaded', 'skills'] as const satisfies readonly Strategy[];
// Fails to compile when the server gains a strategy this list lacks.
const everyStrategyListed: Exclude<Strategy, (typeof STRATEGIES)[number]> extends never ? true : false = true;
void everyStrategyListed;

/** The server's limits: skill levels, skills per list, minutes (a week), open tickets per person. */
const SKILL_LEVELS = [1, 2, 3, 4, 5] as const;
const MAX_SKILLS = 50;
const MAX_MINUTES = 10_080;
const MAX_CAPACITY = 1000;
/** The roles routing gives work to; the others never receive a routed ticket. */
const ROUTED_ROLES: readonly StaffMember['role'][] = ['admin', 'manager', 'agent'];
/** Routing reads a ticket arriving: there is no comment, no change and no status move to test. */
const ROUTING_FIELDS = CONDITION_FIELDS.filter((field) => !field.startsWith('comment.') && field !== 'changes.fields' && field !== 'status.from' && field !== 'status.to');

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Runs a write; the server's refusals of named fields go to `showErrors`, to be shown beside those fields. */
async function withFieldErrors<T>(t: Translate, showErrors: (errors: FieldErrors) => void, write: () => Promise<T>): Promise<T> {
  showErrors(NO_ERRORS);
  try {
    return await write();
  } catch (error) {
    if (error instanceof ApiError && error.code === 'validation_failed' && error.details.length > 0) {
      showErrors(fieldErrorsOf(error.details));
      throw new Error(t('admin.routing.errors.validation'));
    }
    throw error;
  }
}

const fieldProps = (errors: FieldErrors, field: string, errorId: string) => ({
  'aria-describedby': errors.at(field).length > 0 ? errorId : undefined,
  'aria-invalid': errors.at(field).length > 0 || undefined,
});

/**
 * A form's field errors, and the ids that tie each control to its error (and its hint). Showing errors takes the
 * keyboard to the first field they mark (in the form `data-routing-form={formId}`).
 */
function useFieldErrors(formId: string) {
  const [errors, setErrors] = useState<FieldErrors>(NO_ERRORS);
  const isFocusWanted = useRef(false);
  useEffect(() => {
    if (!isFocusWanted.current) return;
    isFocusWanted.current = false;
    document.querySelector<HTMLElement>(`[data-routing-form="${formId}"] [aria-invalid="true"]`)?.focus();
  }, [errors, formId]);
  const showErrors = useCallback((next: FieldErrors) => {
    isFocusWanted.current = next.all.length > 0;
    setErrors(next);
  }, []);
  const errorId = (field: string) => `${formId}-${field}-error`;
  /** A control with a hint under it: described by its error, when it has one, then by its hint. */
  const hinted = (field: string, hintId: string) => {
    const isInvalid = errors.at(field).length > 0;
    return { 'aria-describedby': isInvalid ? `${errorId(field)} ${hintId}` : hintId, 'aria-invalid': isInvalid || undefined };
  };
  return { errors, showErrors, errorId, hinted };
}
type FormFields = ReturnType<typeof useFieldErrors>;

/** A whole number (minutes, a capacity) with its label and the hint under it; `name` is also its field. */
function WholeNumberField({ fields, name, label, hint, hintId, min, max, isRequired, value, onChange }: { fields: FormFields; name: string; label: string; hint: string; hintId: string; min: number; max: number; isRequired?: boolean; value: string; onChange(value: string): void }) {
  return (
    <>
      <label>
        {label}
        <input name={name} type="number" inputMode="numeric" min={min} max={max} step={1} required={isRequired} value={value} onChange={(event) => onChange(event.target.value)} {...fields.hinted(name, hintId)} />
      </label>
      <p id={hintId} className="hint">
        {hint}
      </p>
    </>
  );
}

/**
 * Routing: the rules that send a new ticket to a team, how each team then hands out its work, each person's skills,
 * capacity and shift, and the queues as they stand.
 */
export function RoutingPage() {
  const { t } = useTranslation();
  const listAction = useAction();
  const [data, reload, reloaded] = useAsync(async () => {
    const [rules, choices, calendars] = await Promise.all([unwrap(api.GET('/api/v1/routing/rules')), readRuleChoices(), unwrap(api.GET('/api/v1/business-hours/calendars'))]);
    return { rules: rules.data, calendars: calendars.data, choices };
  }, []);
  const form = useListForm<RoutingRule>();
  const rules = data.status === 'ready' ? data.value.rules : [];
  const teams = data.status === 'ready' ? data.value.choices.teams : [];
  const chosenId = form.chosen?.id;
  const selected = chosenId ? rules.find((rule) => rule.id === chosenId) : undefined;
  const teamName = (teamId: string) => teams.find((team) => team.id === teamId)?.name ?? t('admin.routing.rules.unknownTeam');

  const patch = (rule: RoutingRule, body: RoutingRuleChanges) => unwrap(api.PATCH('/api/v1/routing/rules/{ruleId}', { params: { path: { ruleId: rule.id } }, body }));

  const toggle = (rule: RoutingRule, isActive: boolean) =>
    // The list reloads within the action: its buttons stay disabled until they show the change.
    void listAction.run(async () => {
      await patch(rule, { isActive });
      await reloaded();
    }, t(isActive ? 'admin.routing.rules.turnedOn' : 'admin.routing.rules.turnedOff', { name: rule.name }));

  const move = (index: number, by: -1 | 1) =>
    // The list reloads within the action: its buttons stay disabled until they show the change.
    void listAction.run(async () => {
      await moveInOrder(rules, index, by, (rule, position) => patch(rule, { position }));
      await reloaded();
    }, t('admin.routing.rules.moved', { name: rules[index]!.name, position: index + by + 1 }));

  const remove = (rule: RoutingRule) =>
    void listAction.run(() => unwrap(api.DELETE('/api/v1/routing/rules/{ruleId}', { params: { path: { ruleId: rule.id } } })), t('admin.routing.rules.deleted', { name: rule.name })).then((isDone) => {
      if (!isDone) return;
      form.dropDeleted(rule);
      reload();
    });

  return (
    <>
      <AdminSection id="routing-rules" title={t('admin.routing.rules.title')} description={t('admin.routing.rules.description')}>
        <LoadState state={data} onRetry={reload} />
        <Feedback action={listAction} />
        {data.status === 'ready' && rules.length === 0 && <p className="empty">{t('admin.routing.rules.empty')}</p>}
        {data.status === 'ready' && rules.length > 0 && (
          <ListTable
            label={t('admin.routing.rules.title')}
            testId="routing-rule-table"
            className="admin-table automation-table"
            columns={[t('admin.routing.rules.columns.order'), t('admin.routing.rules.columns.name'), t('admin.routing.rules.columns.team'), t('admin.routing.rules.columns.skills'), t('admin.routing.rules.columns.active'), t('admin.routing.rules.columns.actions')]}
          >
            {rules.map((rule, index) => (
              <tr key={rule.id} data-rule-name={rule.name} className={rule.isActive ? undefined : 'admin-inactive'} aria-current={selected?.id === rule.id ? 'true' : undefined}>
                <td>
                  <OrderButtons
                    index={index}
                    count={rules.length}
                    isBusy={listAction.isBusy}
                    upLabel={t('admin.routing.rules.moveUp', { name: rule.name })}
                    downLabel={t('admin.routing.rules.moveDown', { name: rule.name })}
                    onMove={(by) => move(index, by)}
                  />
                </td>
                <th scope="row">{rule.name}</th>
                <td data-testid="rule-team">{teamName(rule.teamId)}</td>
                <td data-testid="rule-skills">
                  <SkillsSummary skills={rule.requiredSkills} />
                </td>
                <td>
                  <ActiveToggle
                    isActive={rule.isActive}
                    isBusy={listAction.isBusy}
                    label={t('admin.routing.rules.activeNamed', { name: rule.name })}
                    onText={t('admin.routing.rules.on')}
                    offText={t('admin.routing.rules.off')}
                    onChange={(isActive) => toggle(rule, isActive)}
                  />
                </td>
                <td>
                  <EditDeleteActions
                    editLabel={t('admin.routing.rules.editNamed', { name: rule.name })}
                    onEdit={() => form.choose(rule)}
                    deletion={{ label: t('admin.routing.rules.delete'), confirmLabel: t('admin.routing.rules.confirmDelete'), question: t('admin.routing.rules.deleteQuestion', { name: rule.name }), onConfirm: () => remove(rule), disabled: listAction.isBusy }}
                  />
                </td>
              </tr>
            ))}
          </ListTable>
        )}
      </AdminSection>
      {data.status === 'ready' && (
        <ListFormSection
          id="routing-rule-form"
          title={selected ? t('admin.routing.rules.editTitle', { name: selected.name }) : t('admin.routing.rules.createTitle')}
          form={form}
          isEditing={selected !== undefined}
          createAnotherLabel={t('admin.routing.rules.createAnother')}
        >
          <RoutingRuleForm
            key={form.formSession}
            rule={selected}
            choices={data.value.choices}
            action={form.action}
            isFocusWanted={form.formSession > 0}
            onSaved={(rule) => {
              form.keepEditing(rule);
              reload();
            }}
          />
        </ListFormSection>
      )}
      {data.status === 'ready' && <TeamRoutingSection teams={teams} />}
      {data.status === 'ready' && <AgentRoutingSection staff={data.value.choices.staff} calendars={data.value.calendars} />}
      {data.status === 'ready' && <QueuesSection />}
    </>
  );
}

function SkillsSummary({ skills }: { skills: SkillLevel[] }) {
  const { t } = useTranslation();
  if (skills.length === 0) return <span className="meta">{t('admin.routing.skills.none')}</span>;
  return <>{skills.map((entry) => t('admin.routing.skills.summary', { skill: entry.skill, level: entry.level })).join(', ')}</>;
}

// ── Skills, as a list of rows ─────────────────────────────────────────────────────────────────────────────────

interface SkillDraft {
  key: string;
  skill: string;
  level: number;
}

let nextSkillKey = 0;
const newSkillKey = () => `skill-${(nextSkillKey += 1)}`;
const skillDraftsOf = (skills: SkillLevel[]): SkillDraft[] => skills.map((entry) => ({ key: newSkillKey(), ...entry }));
const skillsOf = (drafts: SkillDraft[]): SkillLevel[] => drafts.map((draft) => ({ skill: draft.skill.trim(), level: draft.level }));

/** The rows without a name, as errors at `path.index.skill` (the server would refuse them with less helpful words). */
function unnamedSkillProblems(t: Translate, drafts: SkillDraft[], path: string): Array<{ path: string; message: string }> {
  return drafts.flatMap((draft, index) => (draft.skill.trim() === '' ? [{ path: `${path}.${index}.skill`, message: t('admin.routing.skills.nameNeeded') }] : []));
}

/** Skills with a level each: a name box, a level select and a remove button per row, and a button to add one. */
function SkillsEditor({ legend, hint, emptyHint, skills, path, errors, onChange }: { legend: string; hint: string; emptyHint: string; skills: SkillDraft[]; path: string; errors: FieldErrors; onChange(next: SkillDraft[]): void }) {
  const { t } = useTranslation();
  const id = useId();
  const [focusKey, setFocusKey] = useState<string | undefined>();
  const change = (key: string, changes: Partial<SkillDraft>) => onChange(skills.map((draft) => (draft.key === key ? { ...draft, ...changes } : draft)));
  const add = () => {
    const draft = { key: newSkillKey(), skill: '', level: 3 };
    setFocusKey(draft.key);
    onChange([...skills, draft]);
  };
  return (
    <fieldset className="email-fieldset routing-skills" data-testid="skills-editor" aria-describedby={`${id}-hint`}>
      <legend>{legend}</legend>
      <p id={`${id}-hint`} className="hint">
        {skills.length === 0 ? emptyHint : hint}
      </p>
      {skills.length > 0 && (
        <ul className="routing-skill-list">
          {skills.map((draft, index) => {
            const number = index + 1;
            const rowPath = `${path}.${index}`;
            const errorId = `${id}-${draft.key}-error`;
            const rowErrors = errors.at(rowPath);
            return (
              <li key={draft.key} data-testid="skill">
                <div className="routing-skill-row">
                  <input
                    aria-label={t('admin.routing.skills.nameOf', { number })}
                    value={draft.skill}
                    onChange={(event) => change(draft.key, { skill: event.target.value })}
                    maxLength={50}
                    autoComplete="off"
                    autoFocus={draft.key === focusKey}
                    {...fieldProps(errors, `${rowPath}.skill`, errorId)}
                  />
                  <select aria-label={t('admin.routing.skills.levelOf', { number })} value={draft.level} onChange={(event) => change(draft.key, { level: Number(event.target.value) })} {...fieldProps(errors, `${rowPath}.level`, errorId)}>
                    {SKILL_LEVELS.map((level) => (
                      <option key={level} value={level}>
                        {t(`admin.routing.skills.levels.${level}`)}
                      </option>
                    ))}
                  </select>
                  <button type="button" onClick={() => onChange(skills.filter((item) => item.key !== draft.key))} aria-label={t('admin.routing.skills.removeOf', { number })}>
                    {t('admin.routing.skills.remove')}
                  </button>
                </div>
                <FieldError id={errorId} messages={rowErrors} />
              </li>
            );
          })}
        </ul>
      )}
      <FieldError id={`${id}-error`} messages={errors.exactly(path)} />
      <div className="admin-actions">
        <button type="button" onClick={add} disabled={skills.length >= MAX_SKILLS}>
          {t('admin.routing.skills.add')}
        </button>
      </div>
    </fieldset>
  );
}

// ── A rule's editor ───────────────────────────────────────────────────────────────────────────────────────────

/** Name, the AND/OR conditions (those of automation rules), the team, the skills the ticket then needs, active. */
function RoutingRuleForm({ rule, choices, action, isFocusWanted, onSaved }: { rule: RoutingRule | undefined; choices: RuleChoices; action: Action; isFocusWanted: boolean; onSaved(rule: RoutingRule): void }) {
  const { t } = useTranslation();
  const formId = useId();
  const [name, setName] = useState(rule?.name ?? '');
  const [conditions, setConditions] = useState<GroupDraft>(() => rootDraftOf(rule?.conditions));
  const [teamId, setTeamId] = useState(rule?.teamId ?? '');
  const [skills, setSkills] = useState<SkillDraft[]>(() => skillDraftsOf(rule?.requiredSkills ?? []));
  const [isActive, setActive] = useState(rule?.isActive ?? true);
  const { errors, showErrors, errorId, hinted } = useFieldErrors(formId);
  const isTeamKnown = teamId === '' || choices.teams.some((team) => team.id === teamId);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = { name: name.trim(), conditions: nodeOf(conditions), teamId, requiredSkills: skillsOf(skills), isActive };
    const problems = [...(teamId === '' ? [{ path: 'teamId', message: t('admin.routing.rules.teamNeeded') }] : []), ...unnamedSkillProblems(t, skills, 'requiredSkills')];
    if (problems.length > 0) {
      showErrors(fieldErrorsOf(problems));
      action.fail(t('admin.routing.errors.validation'));
      return;
    }
    let saved: RoutingRule | undefined;
    const isDone = await action.run(
      async () => {
        saved = await withFieldErrors(t, showErrors, () =>
          rule
            ? unwrap(api.PATCH('/api/v1/routing/rules/{ruleId}', { params: { path: { ruleId: rule.id } }, body: body as RoutingRuleChanges }))
            : unwrap(api.POST('/api/v1/routing/rules', { body: body as CreateRoutingRuleRequest })),
        );
      },
      rule ? t('admin.routing.rules.saved', { name: body.name }) : t('admin.routing.rules.created', { name: body.name }),
    );
    if (isDone && saved) onSaved(saved);
  };

  return (
    <form className="admin-form automation-form routing-rule-form" onSubmit={submit} aria-labelledby="routing-rule-form-title" data-routing-form={formId} noValidate>
      <label>
        {t('admin.routing.rules.name')}
        <input name="name" value={name} onChange={(event) => setName(event.target.value)} maxLength={120} autoComplete="off" autoFocus={isFocusWanted} {...fieldProps(errors, 'name', errorId('name'))} />
      </label>
      <FieldError id={errorId('name')} messages={errors.at('name')} />

      <GroupEditor group={conditions} path="conditions" depth={1} choices={choices} errors={errors} onChange={setConditions} fields={ROUTING_FIELDS} emptyHint={t('admin.routing.rules.noConditions')} />

      <label>
        {t('admin.routing.rules.team')}
        <select name="teamId" value={teamId} onChange={(event) => setTeamId(event.target.value)} {...hinted('teamId', `${formId}-team-hint`)}>
          <option value="">{t('admin.routing.rules.chooseTeam')}</option>
          {!isTeamKnown && <option value={teamId}>{t('admin.routing.rules.unknownTeam')}</option>}
          {choices.teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      </label>
      <p id={`${formId}-team-hint`} className="hint">
        {choices.teams.length === 0 ? (
          <>
            {t('admin.routing.rules.noTeams')} <Link to="/admin/teams">{t('admin.nav.teams')}</Link>
          </>
        ) : (
          t('admin.routing.rules.teamHint')
        )}
      </p>
      <FieldError id={errorId('teamId')} messages={errors.at('teamId')} />

      <SkillsEditor
        legend={t('admin.routing.rules.requiredSkills')}
        hint={t('admin.routing.rules.requiredSkillsHint')}
        emptyHint={t('admin.routing.rules.noRequiredSkills')}
        skills={skills}
        path="requiredSkills"
        errors={errors}
        onChange={setSkills}
      />

      <HintedCheckbox name="isActive" label={t('admin.routing.rules.isActive')} hint={t('admin.routing.rules.isActiveHint')} hintId={`${formId}-active-hint`} checked={isActive} onChange={setActive} />
      <UnplacedErrors errors={errors} placed={['name', 'conditions', 'teamId', 'requiredSkills', 'isActive']} />
      <SubmitButton action={action}>{rule ? t('admin.routing.rules.save') : t('admin.routing.rules.create')}</SubmitButton>
    </form>
  );
}

// ── Team routing ──────────────────────────────────────────────────────────────────────────────────────────────

function TeamRoutingSection({ teams }: { teams: Team[] }) {
  const { t } = useTranslation();
  return (
    <AdminSection id="routing-teams" title={t('admin.routing.teams.title')} description={t('admin.routing.teams.description')}>
      {teams.length === 0 ? (
        <p className="empty">
          {t('admin.routing.teams.empty')} <Link to="/admin/teams">{t('admin.nav.teams')}</Link>
        </p>
      ) : (
        <ul className="admin-cards">
          {teams.map((team) => (
            <li key={team.id}>
              <TeamRoutingCard team={team} teams={teams} />
            </li>
          ))}
        </ul>
      )}
    </AdminSection>
  );
}

function TeamRoutingCard({ team, teams }: { team: Team; teams: Team[] }) {
  const headingId = useId();
  const [settings, reload] = useAsync(() => unwrap(api.GET('/api/v1/routing/teams/{teamId}', { params: { path: { teamId: team.id } } })), [team.id]);
  // Held here, not in the form: a save reloads the settings and remounts the form, and its message must stay.
  const action = useAction();
  return (
    <article className="admin-card" aria-labelledby={headingId} data-team-name={team.name}>
      <h3 id={headingId}>{team.name}</h3>
      <Feedback action={action} />
      <LoadState state={settings} onRetry={reload} />
      {settings.status === 'ready' && <TeamRoutingForm key={JSON.stringify(settings.value)} team={team} teams={teams} settings={settings.value} action={action} onSaved={reload} />}
    </article>
  );
}

const minutesText = (minutes: number | null) => (minutes === null ? '' : String(minutes));
const minutesOf = (text: string) => (text.trim() === '' ? null : Number(text));

function TeamRoutingForm({ team, teams, settings, action, onSaved }: { team: Team; teams: Team[]; settings: TeamRoutingSettings; action: Action; onSaved(): void }) {
  const { t } = useTranslation();
  const formId = useId();
  const [strategy, setStrategy] = useState<Strategy>(settings.strategy);
  const [backupTeamId, setBackupTeamId] = useState<string | null>(settings.backupTeamId);
  const [overflowAfter, setOverflowAfter] = useState(minutesText(settings.overflowAfterMinutes));
  const [rerouteAfter, setRerouteAfter] = useState(minutesText(settings.rerouteOfflineAfterMinutes));
  const fields = useFieldErrors(formId);
  const { errors, showErrors, errorId } = fields;
  const backupChoices = teams.filter((item) => item.id !== team.id);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // A backup team and an overflow time go together: without a backup team, no overflow time is sent.
    const body = { strategy, backupTeamId, overflowAfterMinutes: backupTeamId === null ? null : minutesOf(overflowAfter), rerouteOfflineAfterMinutes: minutesOf(rerouteAfter) };
    const isDone = await action.run(
      () => withFieldErrors(t, showErrors, () => unwrap(api.PUT('/api/v1/routing/teams/{teamId}', { params: { path: { teamId: team.id } }, body }))),
      t('admin.routing.teams.saved', { name: team.name }),
    );
    if (isDone) onSaved();
  };

  return (
    <form className="admin-form" onSubmit={submit} aria-label={t('admin.routing.teams.formOf', { name: team.name })} data-routing-form={formId}>
      <label>
        {t('admin.routing.teams.strategy')}
        <select name="strategy" value={strategy} onChange={(event) => setStrategy(event.target.value as Strategy)} {...fields.hinted('strategy', `${formId}-strategy-hint`)}>
          {STRATEGIES.map((item) => (
            <option key={item} value={item}>
              {t(`admin.routing.teams.strategies.${item}`)}
            </option>
          ))}
        </select>
      </label>
      <p id={`${formId}-strategy-hint`} className="hint">
        {t(`admin.routing.teams.strategyHints.${strategy}`)}
      </p>
      <FieldError id={errorId('strategy')} messages={errors.at('strategy')} />

      <label>
        {t('admin.routing.teams.backupTeam')}
        <select name="backupTeamId" value={backupTeamId ?? ''} onChange={(event) => setBackupTeamId(event.target.value === '' ? null : event.target.value)} {...fieldProps(errors, 'backupTeamId', errorId('backupTeamId'))}>
          <option value="">{t('admin.routing.teams.noBackup')}</option>
          {backupTeamId !== null && !backupChoices.some((item) => item.id === backupTeamId) && <option value={backupTeamId}>{t('admin.routing.rules.unknownTeam')}</option>}
          {backupChoices.map((item) => (
            <option key={item.id} value={item.id}>
              {item.name}
            </option>
          ))}
        </select>
      </label>
      <FieldError id={errorId('backupTeamId')} messages={errors.at('backupTeamId')} />
      {backupTeamId !== null && (
        <WholeNumberField
          fields={fields}
          name="overflowAfterMinutes"
          label={t('admin.routing.teams.overflowAfter')}
          hint={t('admin.routing.teams.overflowHint')}
          hintId={`${formId}-overflow-hint`}
          min={1}
          max={MAX_MINUTES}
          isRequired
          value={overflowAfter}
          onChange={setOverflowAfter}
        />
      )}
      <FieldError id={errorId('overflowAfterMinutes')} messages={errors.at('overflowAfterMinutes')} />

      <WholeNumberField
        fields={fields}
        name="rerouteOfflineAfterMinutes"
        label={t('admin.routing.teams.rerouteOfflineAfter')}
        hint={t('admin.routing.teams.rerouteOfflineHint')}
        hintId={`${formId}-reroute-hint`}
        min={1}
        max={MAX_MINUTES}
        value={rerouteAfter}
        onChange={setRerouteAfter}
      />
      <FieldError id={errorId('rerouteOfflineAfterMinutes')} messages={errors.at('rerouteOfflineAfterMinutes')} />

      <SubmitButton action={action}>{t('admin.routing.teams.save')}</SubmitButton>
    </form>
  );
}

// ── Agent skills and capacity ─────────────────────────────────────────────────────────────────────────────────

function AgentRoutingSection({ staff, calendars }: { staff: StaffMember[]; calendars: BusinessCalendar[] }) {
  const { t } = useTranslation();
  const routed = staff.filter((member) => member.isActive && ROUTED_ROLES.includes(member.role)).sort((a, b) => a.name.localeCompare(b.name));
  return (
    <AdminSection id="routing-agents" title={t('admin.routing.agents.title')} description={t('admin.routing.agents.description')}>
      {routed.length === 0 ? (
        <p className="empty">{t('admin.routing.agents.empty')}</p>
      ) : (
        <ul className="admin-cards">
          {routed.map((member) => (
            <li key={member.id}>
              <AgentRoutingCard member={member} calendars={calendars} />
            </li>
          ))}
        </ul>
      )}
    </AdminSection>
  );
}

function AgentRoutingCard({ member, calendars }: { member: StaffMember; calendars: BusinessCalendar[] }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [profile, reload] = useAsync(() => unwrap(api.GET('/api/v1/routing/agents/{userId}', { params: { path: { userId: member.id } } })), [member.id]);
  // Held here, not in the form: a save reloads the profile and remounts the form, and its message must stay.
  const action = useAction();
  return (
    <article className="admin-card" aria-labelledby={headingId} data-agent-name={member.name}>
      <h3 id={headingId}>{member.name}</h3>
      <p className="admin-label">
        {t(`admin.roles.${member.role}`)} · <span className="admin-person-email">{member.email}</span>
      </p>
      <Feedback action={action} />
      <LoadState state={profile} onRetry={reload} />
      {profile.status === 'ready' && <AgentRoutingForm key={JSON.stringify(profile.value)} member={member} profile={profile.value} calendars={calendars} action={action} onSaved={reload} />}
    </article>
  );
}

function AgentRoutingForm({ member, profile, calendars, action, onSaved }: { member: StaffMember; profile: AgentRoutingProfile; calendars: BusinessCalendar[]; action: Action; onSaved(): void }) {
  const { t } = useTranslation();
  const formId = useId();
  const [skills, setSkills] = useState<SkillDraft[]>(() => skillDraftsOf(profile.skills));
  const [capacity, setCapacity] = useState(String(profile.ticketCapacity));
  const [shiftCalendarId, setShiftCalendarId] = useState<string | null>(profile.shiftCalendarId);
  const fields = useFieldErrors(formId);
  const { errors, showErrors, errorId } = fields;
  const isShiftKnown = shiftCalendarId === null || calendars.some((calendar) => calendar.id === shiftCalendarId);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems = unnamedSkillProblems(t, skills, 'skills');
    if (problems.length > 0) {
      showErrors(fieldErrorsOf(problems));
      action.fail(t('admin.routing.errors.validation'));
      return;
    }
    const body = { skills: skillsOf(skills), ticketCapacity: Number(capacity), shiftCalendarId };
    const isDone = await action.run(
      () => withFieldErrors(t, showErrors, () => unwrap(api.PUT('/api/v1/routing/agents/{userId}', { params: { path: { userId: member.id } }, body }))),
      t('admin.routing.agents.saved', { name: member.name }),
    );
    if (isDone) onSaved();
  };

  return (
    <form className="admin-form" onSubmit={submit} aria-label={t('admin.routing.agents.formOf', { name: member.name })} data-routing-form={formId}>
      <SkillsEditor legend={t('admin.routing.agents.skills')} hint={t('admin.routing.skills.hint')} emptyHint={t('admin.routing.agents.noSkills')} skills={skills} path="skills" errors={errors} onChange={setSkills} />
      <WholeNumberField
        fields={fields}
        name="ticketCapacity"
        label={t('admin.routing.agents.capacity')}
        hint={t('admin.routing.agents.capacityHint')}
        hintId={`${formId}-capacity-hint`}
        min={0}
        max={MAX_CAPACITY}
        isRequired
        value={capacity}
        onChange={setCapacity}
      />
      <FieldError id={errorId('ticketCapacity')} messages={errors.at('ticketCapacity')} />
      <label>
        {t('admin.routing.agents.shift')}
        <select
          name="shiftCalendarId"
          value={shiftCalendarId ?? ''}
          onChange={(event) => setShiftCalendarId(event.target.value === '' ? null : event.target.value)}
          {...fields.hinted('shiftCalendarId', `${formId}-shift-hint`)}
        >
          <option value="">{t('admin.routing.agents.anyTime')}</option>
          {!isShiftKnown && <option value={shiftCalendarId ?? ''}>{t('admin.routing.agents.unknownCalendar')}</option>}
          {calendars.map((calendar) => (
            <option key={calendar.id} value={calendar.id}>
              {calendar.name}
            </option>
          ))}
        </select>
      </label>
      <p id={`${formId}-shift-hint`} className="hint">
        {calendars.length === 0 ? t('admin.routing.agents.noCalendars') : t('admin.routing.agents.shiftHint')}
      </p>
      <FieldError id={errorId('shiftCalendarId')} messages={errors.at('shiftCalendarId')} />
      <SubmitButton action={action}>{t('admin.routing.agents.save')}</SubmitButton>
    </form>
  );
}

// ── Queues now ────────────────────────────────────────────────────────────────────────────────────────────────

/** A wait as a person reads it: "under a minute", "12 min", "2 h 5 min", "3 d 4 h". */
function useWait() {
  const { t } = useTranslation();
  return (seconds: number) => {
    const minutes = Math.floor(seconds / 60);
    if (minutes < 1) return t('admin.routing.queues.wait.underMinute');
    if (minutes < 60) return t('admin.routing.queues.wait.minutes', { minutes });
    const hours = Math.floor(minutes / 60);
    if (hours < 24) return t('admin.routing.queues.wait.hours', { hours, minutes: minutes % 60 });
    return t('admin.routing.queues.wait.days', { days: Math.floor(hours / 24), hours: hours % 24 });
  };
}

/** Read-only: per team, the tickets waiting for an agent, the longest wait, and who can take work now. */
function QueuesSection() {
  const { t } = useTranslation();
  const wait = useWait();
  const [queues, reload] = useAsync(() => unwrap(api.GET('/api/v1/routing/queues', { params: { query: { limit: 10 } } })), []);
  const agentLine = (agent: TeamQueue['agents'][number]) =>
    t('admin.routing.queues.agentLine', {
      name: agent.name,
      availability: t(`availability.${agent.availability}`, { defaultValue: agent.availability }),
      shift: agent.isInShift ? t('admin.routing.queues.inShift') : t('admin.routing.queues.outOfShift'),
      load: agent.load,
      capacity: agent.capacity,
    });
  return (
    <AdminSection id="routing-queues" title={t('admin.routing.queues.title')} description={t('admin.routing.queues.description')}>
      <div className="admin-actions">
        <button type="button" onClick={reload}>
          {t('admin.routing.queues.refresh')}
        </button>
      </div>
      <LoadState state={queues} onRetry={reload} />
      {queues.status === 'ready' && queues.value.data.length === 0 && <p className="empty">{t('admin.routing.queues.empty')}</p>}
      {queues.status === 'ready' && queues.value.data.length > 0 && (
        <ListTable
          label={t('admin.routing.queues.title')}
          testId="routing-queue-table"
          columns={[t('admin.routing.queues.columns.team'), t('admin.routing.queues.columns.waiting'), t('admin.routing.queues.columns.oldest'), t('admin.routing.queues.columns.agents'), t('admin.routing.queues.columns.first')]}
        >
          {queues.value.data.map((queue) => (
            <tr key={queue.team.id} data-queue-team={queue.team.name}>
              <th scope="row">
                {queue.team.name}
                <span className="hint routing-queue-strategy">{t(`admin.routing.teams.strategies.${queue.strategy}`)}</span>
              </th>
              <td data-testid="queue-waiting">{queue.waitingCount}</td>
              <td>{queue.oldestWaitSeconds === null ? <span className="meta">—</span> : wait(queue.oldestWaitSeconds)}</td>
              <td>
                <span className="admin-label">{t('admin.routing.queues.available', { available: queue.availableAgents, total: queue.agents.length })}</span>
                {queue.agents.length > 0 && (
                  <ul className="routing-queue-list">
                    {queue.agents.map((agent) => (
                      <li key={agent.userId} className={agent.isAvailable ? undefined : 'meta'}>
                        {agentLine(agent)}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td>
                {queue.waiting.length === 0 ? (
                  <span className="meta">{t('admin.routing.queues.noneWaiting')}</span>
                ) : (
                  <ul className="routing-queue-list" data-testid="queue-first">
                    {queue.waiting.map((item) => (
                      <li key={item.ticketId}>
                        <Link to={`/tickets/${item.number}`}>{t('admin.routing.queues.ticket', { number: item.number, subject: item.subject })}</Link> <span className="meta">{wait(item.waitSeconds)}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </ListTable>
      )}
    </AdminSection>
  );
}
