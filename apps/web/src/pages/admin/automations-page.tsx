import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { paths } from '@switchboard/sdk';
import { api, ApiError, unwrap } from '../../api/client';
import { useAsync } from '../../use-async';
import { AdminSection, ConfirmButton, Feedback, LoadState, readAllPages, TableScroll, useAction } from './admin-kit';
import { FIELD_SPECS, RULE_TRIGGERS, RuleForm, useChoiceLabels, withRuleErrors, type AutomationRule, type ConditionField, type RuleAction, type RuleChoices, type RuleTrigger } from './automation-rule-form';

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
  const formAction = useAction();
  const [data, reload] = useAsync(async () => {
    const [rules, statuses, teams, staff] = await Promise.all([
      unwrap(api.GET('/api/v1/automations/rules')),
      unwrap(api.GET('/api/v1/ticket-statuses')),
      readAllPages((cursor) => unwrap(api.GET('/api/v1/teams', { params: { query: { limit: 200, ...(cursor ? { cursor } : {}) } } }))),
      readAllPages((cursor) => unwrap(api.GET('/api/v1/users', { params: { query: { limit: 200, ...(cursor ? { cursor } : {}) } } }))),
    ]);
    return { rules: rules.data, choices: { statuses: statuses.data, teams, staff } satisfies RuleChoices };
  }, []);
  const [chosenId, setChosenId] = useState<string | undefined>();
  const [formSession, setFormSession] = useState(0);
  const rules = data.status === 'ready' ? data.value.rules : [];
  const choices: RuleChoices = data.status === 'ready' ? data.value.choices : { statuses: [], teams: [], staff: [] };
  const selected = chosenId ? rules.find((rule) => rule.id === chosenId) : undefined;

  const choose = (rule: AutomationRule | undefined) => {
    formAction.clear();
    setChosenId(rule?.id);
    setFormSession((session) => session + 1);
  };

  const patch = (rule: AutomationRule, body: paths['/api/v1/automations/rules/{ruleId}']['patch']['requestBody']['content']['application/json']) =>
    unwrap(api.PATCH('/api/v1/automations/rules/{ruleId}', { params: { path: { ruleId: rule.id } }, body }));

  const toggle = (rule: AutomationRule, isActive: boolean) =>
    void listAction.run(() => withRuleErrors(t, () => patch(rule, { isActive })), t(isActive ? 'admin.automations.turnedOn' : 'admin.automations.turnedOff', { name: rule.name })).then(reload);

  /** Swaps a rule with its neighbour; rules sharing a position are numbered afresh first, so the move shows. */
  const move = (index: number, by: -1 | 1) => {
    const rule = rules[index]!;
    const other = rules[index + by]!;
    void listAction
      .run(async () => {
        if (rule.position !== other.position) {
          await patch(rule, { position: other.position });
          await patch(other, { position: rule.position });
          return;
        }
        const order = [...rules];
        order.splice(index, 1);
        order.splice(index + by, 0, rule);
        for (const [at, item] of order.entries()) if (item.position !== at) await patch(item, { position: at });
      }, t('admin.automations.moved', { name: rule.name, position: index + by + 1 }))
      .then(reload);
  };

  const remove = (rule: AutomationRule) =>
    void listAction
      .run(() => withRuleErrors(t, () => unwrap(api.DELETE('/api/v1/automations/rules/{ruleId}', { params: { path: { ruleId: rule.id } } }))), t('admin.automations.deleted', { name: rule.name }))
      .then((isDone) => {
        if (!isDone) return;
        if (chosenId === rule.id) choose(undefined);
        reload();
      });

  return (
    <>
      <AdminSection id="automation-rules" title={t('admin.automations.title')} description={t('admin.automations.description')}>
        <LoadState state={data} onRetry={reload} />
        <Feedback action={listAction} />
        {data.status === 'ready' && rules.length === 0 && <p className="empty">{t('admin.automations.empty')}</p>}
        {data.status === 'ready' && rules.length > 0 && (
          <TableScroll label={t('admin.automations.title')}>
            <table className="admin-table automation-table" data-testid="automation-rule-table">
              <thead>
                <tr>
                  <th scope="col">{t('admin.automations.columns.order')}</th>
                  <th scope="col">{t('admin.automations.columns.name')}</th>
                  <th scope="col">{t('admin.automations.columns.triggers')}</th>
                  <th scope="col">{t('admin.automations.columns.active')}</th>
                  <th scope="col">{t('admin.automations.columns.stop')}</th>
                  <th scope="col">{t('admin.automations.columns.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {rules.map((rule, index) => (
                  <tr key={rule.id} data-rule-name={rule.name} className={rule.isActive ? undefined : 'admin-inactive'} aria-current={selected?.id === rule.id ? 'true' : undefined}>
                    <td>
                      <div className="admin-actions automation-order">
                        <span className="automation-order-number">{index + 1}</span>
                        <button type="button" onClick={() => move(index, -1)} disabled={index === 0 || listAction.isBusy} aria-label={t('admin.automations.moveUp', { name: rule.name })}>
                          ↑
                        </button>
                        <button type="button" onClick={() => move(index, 1)} disabled={index === rules.length - 1 || listAction.isBusy} aria-label={t('admin.automations.moveDown', { name: rule.name })}>
                          ↓
                        </button>
                      </div>
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
                      <label className="admin-check automation-toggle">
                        <input type="checkbox" checked={rule.isActive} onChange={(event) => toggle(rule, event.target.checked)} disabled={listAction.isBusy} aria-label={t('admin.automations.activeNamed', { name: rule.name })} />
                        <span aria-hidden="true">{rule.isActive ? t('admin.automations.on') : t('admin.automations.off')}</span>
                      </label>
                    </td>
                    <td>{rule.isStopProcessing ? <span className="badge">{t('admin.automations.stops')}</span> : <span className="meta">—</span>}</td>
                    <td>
                      <div className="admin-actions">
                        <button type="button" onClick={() => choose(rule)} aria-label={t('admin.automations.editNamed', { name: rule.name })}>
                          {t('admin.edit')}
                        </button>
                        {rule.builtIn ? (
                          <span className="hint">{t('admin.automations.builtInHint')}</span>
                        ) : (
                          <ConfirmButton
                            label={t('admin.automations.delete')}
                            confirmLabel={t('admin.automations.confirmDelete')}
                            question={t('admin.automations.deleteQuestion', { name: rule.name })}
                            onConfirm={() => remove(rule)}
                            disabled={listAction.isBusy}
                          />
                        )}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </AdminSection>
      {data.status === 'ready' && (
        <AdminSection id="automation-form" title={selected ? t('admin.automations.editTitle', { name: selected.name }) : t('admin.automations.createTitle')}>
          <Feedback action={formAction} />
          {selected && (
            <div className="admin-actions">
              <button type="button" onClick={() => choose(undefined)}>
                {t('admin.automations.createAnother')}
              </button>
            </div>
          )}
          <RuleForm
            key={formSession}
            rule={selected}
            choices={choices}
            action={formAction}
            isFocusWanted={formSession > 0}
            onSaved={(rule) => {
              setChosenId(rule.id);
              reload();
            }}
          />
        </AdminSection>
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
    <TableScroll label={t('admin.automations.dryRun.conditions')}>
      <table className="admin-table automation-dry-run-conditions">
        <caption className="visually-hidden">{t('admin.automations.dryRun.conditions')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.automations.dryRun.columns.condition')}</th>
            <th scope="col">{t('admin.automations.dryRun.columns.expected')}</th>
            <th scope="col">{t('admin.automations.dryRun.columns.actual')}</th>
            <th scope="col">{t('admin.automations.dryRun.columns.met')}</th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
    </TableScroll>
  );
}
