import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { paths } from '@switchboard/sdk';
import { api, ApiError, unwrap } from '../../api/client';
import { useAsync } from '../../use-async';
import { AdminSection, Feedback, ListTable, LoadState, useAction } from './admin-kit';
import { ActiveToggle, EditDeleteActions, ListFormSection, moveInOrder, OrderButtons, useListForm } from './admin-list-kit';
import { FIELD_SPECS, NO_RULE_CHOICES, readRuleChoices, RULE_TRIGGERS, RuleForm, useChoiceLabels, withRuleErrors, type AutomationRule, type ConditionField, type RuleAction, type RuleChoices, type RuleTrigger } from './automation-rule-form';

type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type DryRunResult = JsonOf<paths['/api/v1/automations/rules/{ruleId}/dry-run']['post']['responses'][200]>;

const triggerKey = (trigger: RuleTrigger) => `admin.automations.triggers.${trigger.replace('.', '_')}`;

/** Each action of a rule in one line, with the workspace's names for teams and people. */
function useDescribeAction(choices: RuleChoices) {
  const { t } = useTranslation();
  const { statusName, teamName, staffName } = useChoiceLabels(choices);
  return (action: RuleAction): string => {
    switch (action.type) {
      case 'set_status':
        return t('admin.automations.describe.set_status', { status: statusName(action.status) });
      case 'set_priority':
        return t('admin.automations.describe.set_priority', { priority: t(`priority.${action.priority}`) });
      case 'set_category':
        return action.category ? t('admin.automations.describe.set_category', { category: action.category }) : t('admin.automations.describe.clear_category');
      case 'set_type':
        return action.ticketType ? t('admin.automations.describe.set_type', { type: t(`admin.automations.ticketTypes.${action.ticketType}`) }) : t('admin.automations.describe.clear_type');
      case 'set_language':
        return t('admin.automations.describe.set_language', { language: t(`languages.${action.language}`) });
      case 'assign_team':
        return action.teamId ? t('admin.automations.describe.assign_team', { team: teamName(action.teamId) }) : t('admin.automations.describe.remove_team');
      case 'assign_agent':
        return action.userId ? t('admin.automations.describe.assign_agent', { agent: staffName(action.userId) }) : t('admin.automations.describe.unassign');
      case 'add_tags':
        return t('admin.automations.describe.add_tags', { tags: action.tags.join(', ') });
      case 'remove_tags':
        return t('admin.automations.describe.remove_tags', { tags: action.tags.join(', ') });
      case 'add_note':
        return t('admin.automations.describe.add_note');
      case 'reply':
        return action.bodyFr ? t('admin.automations.describe.reply_both') : t('admin.automations.describe.reply');
      case 'reply_template':
        return t('admin.automations.describe.reply_template', { name: choices.cannedResponses.find((canned) => canned.id === action.cannedResponseId)?.name ?? action.cannedResponseId });
      case 'notify':
        return t(action.byEmail ? 'admin.automations.describe.notify_email' : 'admin.automations.describe.notify', { recipients: t(`admin.automations.recipientChoices.${action.recipients}`) });
      case 'notify_webhook': {
        let host = action.url;
        try {
          host = new URL(action.url).host;
        } catch {
          // Shown as written.
        }
        return t('admin.automations.describe.notify_webhook', { format: t(`admin.automations.webhookFormats.${action.format}`), host });
      }
      case 'escalate':
        return action.teamId ? t('admin.automations.describe.escalate_team', { team: teamName(action.teamId) }) : t('admin.automations.describe.escalate');
      case 'close':
        return t('admin.automations.describe.close');
    }
  };
}

/**
 * Automation rules: the list in the order they are tried (with the shipped escalation rules), each one's triggers,
 * state and "stop processing"; reordering, the editor, and a dry run of the rules an event would try on a ticket.
 */
export function AutomationsPage() {
  const { t } = useTranslation();
  const listAction = useAction();
  const [data, reload, reloaded] = useAsync(async () => {
    const [rules, choices] = await Promise.all([unwrap(api.GET('/api/v1/automations/rules')), readRuleChoices()]);
    return { rules: rules.data, choices };
  }, []);
  const form = useListForm<AutomationRule>();
  const rules = data.status === 'ready' ? data.value.rules : [];
  const choices: RuleChoices = data.status === 'ready' ? data.value.choices : NO_RULE_CHOICES;
  const chosenId = form.chosen?.id;
  const selected = chosenId ? rules.find((rule) => rule.id === chosenId) : undefined;

  const patch = (rule: AutomationRule, body: paths['/api/v1/automations/rules/{ruleId}']['patch']['requestBody']['content']['application/json']) =>
    unwrap(api.PATCH('/api/v1/automations/rules/{ruleId}', { params: { path: { ruleId: rule.id } }, body }));

  const toggle = (rule: AutomationRule, isActive: boolean) =>
    // The list reloads within the action: its buttons stay disabled until they show the change.
    void listAction.run(async () => {
      await withRuleErrors(t, () => patch(rule, { isActive }));
      await reloaded();
    }, t(isActive ? 'admin.automations.turnedOn' : 'admin.automations.turnedOff', { name: rule.name }));

  const move = (index: number, by: -1 | 1) =>
    // The list reloads within the action: its buttons stay disabled until they show the change.
    void listAction.run(async () => {
      await moveInOrder(rules, index, by, (rule, position) => patch(rule, { position }));
      await reloaded();
    }, t('admin.automations.moved', { name: rules[index]!.name, position: index + by + 1 }));

  const remove = (rule: AutomationRule) =>
    void listAction
      .run(() => withRuleErrors(t, () => unwrap(api.DELETE('/api/v1/automations/rules/{ruleId}', { params: { path: { ruleId: rule.id } } }))), t('admin.automations.deleted', { name: rule.name }))
      .then((isDone) => {
        if (!isDone) return;
        form.dropDeleted(rule);
        reload();
      });

  return (
    <>
      <AdminSection id="automation-rules" title={t('admin.automations.title')} description={t('admin.automations.description')}>
        <LoadState state={data} onRetry={reload} />
        <Feedback action={listAction} />
        {data.status === 'ready' && rules.length === 0 && <p className="empty">{t('admin.automations.empty')}</p>}
        {data.status === 'ready' && rules.length > 0 && (
          <ListTable
            label={t('admin.automations.title')}
            testId="automation-rule-table"
            className="admin-table automation-table"
            columns={[t('admin.automations.columns.order'), t('admin.automations.columns.name'), t('admin.automations.columns.triggers'), t('admin.automations.columns.active'), t('admin.automations.columns.stop'), t('admin.automations.columns.actions')]}
          >
            {rules.map((rule, index) => (
              <tr key={rule.id} data-rule-name={rule.name} className={rule.isActive ? undefined : 'admin-inactive'} aria-current={selected?.id === rule.id ? 'true' : undefined}>
                <td>
                  <OrderButtons
                    index={index}
                    count={rules.length}
                    isBusy={listAction.isBusy}
                    upLabel={t('admin.automations.moveUp', { name: rule.name })}
                    downLabel={t('admin.automations.moveDown', { name: rule.name })}
                    onMove={(by) => move(index, by)}
                  />
                </td>
                <th scope="row">
                  <span className="admin-person-name">
                    {rule.name}
                    {rule.builtIn && (
                      <span className="badge" data-testid="rule-built-in">
                        {t('admin.automations.builtIn')}
                      </span>
                    )}
                  </span>
                  {rule.description && <span className="hint automation-rule-description">{rule.description}</span>}
                </th>
                <td>{rule.triggers.map((trigger) => t(triggerKey(trigger))).join(', ')}</td>
                <td>
                  <ActiveToggle
                    isActive={rule.isActive}
                    isBusy={listAction.isBusy}
                    label={t('admin.automations.activeNamed', { name: rule.name })}
                    onText={t('admin.automations.on')}
                    offText={t('admin.automations.off')}
                    onChange={(isActive) => toggle(rule, isActive)}
                  />
                </td>
                <td>{rule.isStopProcessing ? <span className="badge">{t('admin.automations.stops')}</span> : <span className="meta">—</span>}</td>
                <td>
                  <EditDeleteActions
                    editLabel={t('admin.automations.editNamed', { name: rule.name })}
                    onEdit={() => form.choose(rule)}
                    deletion={
                      rule.builtIn
                        ? undefined
                        : { label: t('admin.automations.delete'), confirmLabel: t('admin.automations.confirmDelete'), question: t('admin.automations.deleteQuestion', { name: rule.name }), onConfirm: () => remove(rule), disabled: listAction.isBusy }
                    }
                  >
                    {rule.builtIn && <span className="hint">{t('admin.automations.builtInHint')}</span>}
                  </EditDeleteActions>
                </td>
              </tr>
            ))}
          </ListTable>
        )}
      </AdminSection>
      {data.status === 'ready' && (
        <ListFormSection
          id="automation-form"
          title={selected ? t('admin.automations.editTitle', { name: selected.name }) : t('admin.automations.createTitle')}
          form={form}
          isEditing={selected !== undefined}
          createAnotherLabel={t('admin.automations.createAnother')}
        >
          <RuleForm
            key={form.formSession}
            rule={selected}
            choices={choices}
            action={form.action}
            isFocusWanted={form.formSession > 0}
            onSaved={(rule) => {
              form.keepEditing(rule);
              reload();
            }}
          />
        </ListFormSection>
      )}
      {data.status === 'ready' && (
        <AdminSection id="automation-dry-run" title={t('admin.automations.dryRun.title')} description={t('admin.automations.dryRun.description')}>
          <DryRun rules={rules} choices={choices} />
        </AdminSection>
      )}
    </>
  );
}

interface RuleOutcome {
  rule: AutomationRule;
  /** Undefined: not tried, an earlier rule that applied stops processing. */
  result: DryRunResult | undefined;
}

/**
 * What an event on a ticket would do: the active rules listening to that event, tried in order with the server's
 * dry run (which changes nothing), each shown with the conditions it saw and the actions it would take.
 */
function DryRun({ rules, choices }: { rules: AutomationRule[]; choices: RuleChoices }) {
  const { t } = useTranslation();
  const id = useId();
  const action = useAction();
  const describeAction = useDescribeAction(choices);
  const [ticket, setTicket] = useState('');
  const [trigger, setTrigger] = useState<RuleTrigger>('ticket.created');
  const [outcome, setOutcome] = useState<{ ticket: string; trigger: RuleTrigger; rules: RuleOutcome[] } | undefined>();
  const [isTicketMissing, setTicketMissing] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const number = ticket.trim().replace(/^#/, '');
    setTicketMissing(false);
    if (!/^\d+$/.test(number)) {
      setTicketMissing(true);
      action.fail(t('admin.automations.dryRun.numberNeeded'));
      return;
    }
    const listening = rules.filter((rule) => rule.isActive && rule.triggers.includes(trigger));
    const tried: RuleOutcome[] = [];
    const isDone = await action.run(async () => {
      let isStopped = false;
      for (const rule of listening) {
        if (isStopped) {
          tried.push({ rule, result: undefined });
          continue;
        }
        try {
          const result = await unwrap(api.POST('/api/v1/automations/rules/{ruleId}/dry-run', { params: { path: { ruleId: rule.id } }, body: { ticketId: number } }));
          tried.push({ rule, result });
          if (result.isMatched && rule.isStopProcessing) isStopped = true;
        } catch (error) {
          if (error instanceof ApiError && error.code === 'ticket_not_found') {
            setTicketMissing(true);
            throw new Error(t('admin.automations.dryRun.noTicket', { number }));
          }
          throw error;
        }
      }
      // With no rule to try, still tell a ticket that does not exist from one nothing would happen to.
      if (listening.length === 0) await unwrap(api.GET('/api/v1/tickets/{ticketId}', { params: { path: { ticketId: number } } })).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) {
          setTicketMissing(true);
          throw new Error(t('admin.automations.dryRun.noTicket', { number }));
        }
        throw error;
      });
    });
    setOutcome(isDone ? { ticket: number, trigger, rules: tried } : undefined);
  };

  const matched = outcome?.rules.filter((item) => item.result?.isMatched) ?? [];
  return (
    <>
      <form className="admin-form automation-dry-run-form" onSubmit={submit} aria-label={t('admin.automations.dryRun.title')}>
        <div className="admin-actions automation-dry-run-inputs">
          <label>
            {t('admin.automations.dryRun.ticket')}
            <input
              name="ticket"
              inputMode="numeric"
              value={ticket}
              onChange={(event) => setTicket(event.target.value)}
              autoComplete="off"
              maxLength={20}
              aria-invalid={isTicketMissing || undefined}
              aria-describedby={`${id}-ticket-hint`}
            />
          </label>
          <label>
            {t('admin.automations.dryRun.trigger')}
            <select name="trigger" value={trigger} onChange={(event) => setTrigger(event.target.value as RuleTrigger)}>
              {RULE_TRIGGERS.map((item) => (
                <option key={item} value={item}>
                  {t(triggerKey(item))}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary" disabled={action.isBusy}>
            {t('admin.automations.dryRun.run')}
          </button>
        </div>
        <p id={`${id}-ticket-hint`} className="hint">
          {t('admin.automations.dryRun.hint')}
        </p>
      </form>
      <Feedback action={action} />
      {outcome && (
        <div className="automation-dry-run-results" data-testid="dry-run-results" aria-live="polite">
          <p className="notice" data-testid="dry-run-summary">
            {outcome.rules.length === 0
              ? t('admin.automations.dryRun.noRules', { trigger: t(triggerKey(outcome.trigger)) })
              : matched.length === 0
                ? t('admin.automations.dryRun.nothing', { number: outcome.ticket, trigger: t(triggerKey(outcome.trigger)) })
                : t('admin.automations.dryRun.summary', { count: matched.length, number: outcome.ticket, trigger: t(triggerKey(outcome.trigger)) })}{' '}
            {t('admin.automations.dryRun.unchanged')}
          </p>
          <ol className="automation-dry-run-list">
            {outcome.rules.map(({ rule, result }) => (
              <li key={rule.id} data-testid="dry-run-rule" data-rule-name={rule.name} data-outcome={result ? (result.isMatched ? 'match' : 'no-match') : 'not-tried'}>
                <h3>
                  {rule.name}{' '}
                  <span className={`badge ${result?.isMatched ? 'admin-on' : 'admin-off'}`}>
                    {result ? (result.isMatched ? t('admin.automations.dryRun.wouldApply') : t('admin.automations.dryRun.wouldNotApply')) : t('admin.automations.dryRun.notTried')}
                  </span>
                </h3>
                {!result && <p className="hint">{t('admin.automations.dryRun.stoppedEarlier')}</p>}
                {result && result.conditions.length === 0 && <p className="hint">{t('admin.automations.dryRun.noConditions')}</p>}
                {result && result.conditions.length > 0 && <DryRunConditions result={result} choices={choices} />}
                {result?.isMatched && (
                  <>
                    <p className="automation-dry-run-would">{t('admin.automations.dryRun.wouldDo')}</p>
                    <ul className="automation-dry-run-actions">
                      {rule.actions.map((item, index) => (
                        <li key={index}>{describeAction(item)}</li>
                      ))}
                    </ul>
                    {rule.isStopProcessing && <p className="hint">{t('admin.automations.dryRun.stops')}</p>}
                  </>
                )}
              </li>
            ))}
          </ol>
        </div>
      )}
    </>
  );
}

/** Each condition with the value the rule expects, the value it saw on the ticket, and whether it held. */
function DryRunConditions({ result, choices }: { result: DryRunResult; choices: RuleChoices }) {
  const { t } = useTranslation();
  const { optionsOf } = useChoiceLabels(choices);
  const show = (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return t('admin.automations.dryRun.empty');
    if (Array.isArray(value)) return value.length === 0 ? t('admin.automations.dryRun.empty') : value.map((item) => show(field, item)).join(', ');
    if (typeof value === 'boolean') return value ? t('admin.yes') : t('admin.no');
    if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(1);
    const known = field in FIELD_SPECS ? optionsOf(field as ConditionField).find(([option]) => option === value) : undefined;
    return known ? known[1] : String(value);
  };
  const fieldName = (field: string) => {
    const base = field.startsWith('ticket.customField.') ? 'ticket.customField' : field;
    const label = t(`admin.automations.fields.${base.replace('.', '_')}`, { defaultValue: field });
    return base === field ? label : `${label} (${field.slice('ticket.customField.'.length)})`;
  };
  return (
    <ListTable
      label={t('admin.automations.dryRun.conditions')}
      className="admin-table automation-dry-run-conditions"
      caption={t('admin.automations.dryRun.conditions')}
      columns={[t('admin.automations.dryRun.columns.condition'), t('admin.automations.dryRun.columns.expected'), t('admin.automations.dryRun.columns.actual'), t('admin.automations.dryRun.columns.met')]}
    >
      {result.conditions.map((condition) => {
        const field = condition.field.startsWith('ticket.customField.') ? 'ticket.customField' : condition.field;
        return (
          <tr key={condition.path} data-testid="dry-run-condition" data-met={condition.isMet}>
            <th scope="row">
              {fieldName(condition.field)} · {t(`admin.automations.operators.${condition.operator}`)}
            </th>
            <td>{['is_empty', 'is_not_empty'].includes(condition.operator) ? '—' : show(field, condition.expected)}</td>
            <td>{show(field, condition.actual)}</td>
            <td>
              <span className={`badge ${condition.isMet ? 'admin-on' : 'admin-off'}`}>{condition.isMet ? t('admin.automations.dryRun.met') : t('admin.automations.dryRun.notMet')}</span>
            </td>
          </tr>
        );
      })}
    </ListTable>
  );
}
