import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { paths } from '@switchboard/sdk';
import { api, ApiError, unwrap } from '../../api/client';
import type { TicketStatus } from '../../workspace-vocabulary';
import { HintedCheckbox, readAllStaff, readAllTeams, SubmitButton, type Action, type StaffMember, type Team } from './admin-kit';

type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
export type AutomationRule = JsonOf<paths['/api/v1/automations/rules']['get']['responses'][200]>['data'][number];
type CreateRuleRequest = paths['/api/v1/automations/rules']['post']['requestBody']['content']['application/json'];
type RuleChanges = paths['/api/v1/automations/rules/{ruleId}']['patch']['requestBody']['content']['application/json'];
export type RuleTrigger = AutomationRule['triggers'][number];
export type RuleAction = AutomationRule['actions'][number];
export type ActionType = RuleAction['type'];
type ConditionNode = AutomationRule['conditions'];
type ConditionLeaf = Extract<ConditionNode, { field: unknown }>;
export type ConditionField = ConditionLeaf['field'];
export type ConditionOperator = ConditionLeaf['operator'];

export const RULE_TRIGGERS = ['ticket.created', 'ticket.updated', 'ticket.status_changed', 'comment.created', 'sla.warning', 'sla.breached', 'time'] as const satisfies readonly RuleTrigger[];
export const ACTION_TYPES = [
  'set_status',
  'set_priority',
  'set_category',
  'set_type',
  'set_language',
  'assign_team',
  'assign_agent',
  'add_tags',
  'remove_tags',
  'add_note',
  'reply',
  'reply_template',
  'notify',
  'notify_webhook',
  'escalate',
  'close',
] as const satisfies readonly ActionType[];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const TICKET_TYPES = ['question', 'incident', 'problem', 'task', 'complaint', 'request', 'compliment'] as const;
const CHANNELS = ['email', 'chat', 'phone', 'web', 'api', 'messaging', 'social', 'whatsapp', 'messenger', 'telegram', 'sms'] as const;
const STATUS_CATEGORIES = ['new', 'open', 'pending', 'on_hold', 'resolved', 'closed'] as const;
const TIERS = ['free', 'paid', 'enterprise', 'vip'] as const;
export const LANGUAGES = ['en', 'fr'] as const;
const AUTHOR_TYPES = ['user', 'customer', 'system'] as const;
export const RECIPIENTS = ['assignee', 'managers', 'team'] as const;
export const WEBHOOK_FORMATS = ['json', 'slack', 'teams'] as const;
/** The server's limits: nesting of AND/OR groups, actions per rule. */
export const MAX_CONDITION_DEPTH = 4;
const MAX_ACTIONS = 20;

/** How a field's value is entered, and which operators make sense for it (the server accepts these). */
type ValueKind = 'text' | 'list' | 'enum' | 'boolean' | 'hours' | 'custom';
interface FieldSpec {
  kind: ValueKind;
  operators: readonly ConditionOperator[];
}
const TEXT_OPERATORS = ['contains', 'not_contains', 'contains_any', 'equals', 'not_equals', 'is_empty', 'is_not_empty'] as const;
const ENUM_OPERATORS = ['equals', 'not_equals', 'in', 'not_in', 'is_empty', 'is_not_empty'] as const;
const LIST_OPERATORS = ['includes', 'excludes', 'is_empty', 'is_not_empty'] as const;
const NUMBER_OPERATORS = ['gt', 'gte', 'lt', 'lte'] as const;
export const FIELD_SPECS: Record<ConditionField, FieldSpec> = {
  'ticket.subject': { kind: 'text', operators: TEXT_OPERATORS },
  'ticket.description': { kind: 'text', operators: TEXT_OPERATORS },
  text: { kind: 'text', operators: TEXT_OPERATORS },
  'comment.body': { kind: 'text', operators: TEXT_OPERATORS },
  'customer.email': { kind: 'text', operators: TEXT_OPERATORS },
  'ticket.category': { kind: 'text', operators: ['equals', 'not_equals', 'in', 'not_in', 'contains', 'is_empty', 'is_not_empty'] },
  'ticket.status': { kind: 'enum', operators: ENUM_OPERATORS },
  'ticket.statusCategory': { kind: 'enum', operators: ENUM_OPERATORS },
  'ticket.priority': { kind: 'enum', operators: ENUM_OPERATORS },
  'ticket.channel': { kind: 'enum', operators: ENUM_OPERATORS },
  'ticket.type': { kind: 'enum', operators: ENUM_OPERATORS },
  'ticket.language': { kind: 'enum', operators: ENUM_OPERATORS },
  'ticket.assigneeId': { kind: 'enum', operators: ENUM_OPERATORS },
  'ticket.teamId': { kind: 'enum', operators: ENUM_OPERATORS },
  'customer.tier': { kind: 'enum', operators: ENUM_OPERATORS },
  'customer.language': { kind: 'enum', operators: ENUM_OPERATORS },
  'comment.authorType': { kind: 'enum', operators: ENUM_OPERATORS },
  'status.from': { kind: 'enum', operators: ENUM_OPERATORS },
  'status.to': { kind: 'enum', operators: ENUM_OPERATORS },
  'ticket.tags': { kind: 'list', operators: LIST_OPERATORS },
  'changes.fields': { kind: 'list', operators: LIST_OPERATORS },
  'comment.isPublic': { kind: 'boolean', operators: ['equals'] },
  'businessHours.isOpen': { kind: 'boolean', operators: ['equals'] },
  'hours.sinceCreated': { kind: 'hours', operators: NUMBER_OPERATORS },
  'hours.sinceUpdated': { kind: 'hours', operators: NUMBER_OPERATORS },
  'hours.inStatus': { kind: 'hours', operators: NUMBER_OPERATORS },
  'ticket.customField': { kind: 'custom', operators: ['equals', 'not_equals', 'contains', 'is_empty', 'is_not_empty', 'gt', 'gte', 'lt', 'lte'] },
};
export const CONDITION_FIELDS = Object.keys(FIELD_SPECS) as ConditionField[];
const NO_VALUE_OPERATORS: readonly ConditionOperator[] = ['is_empty', 'is_not_empty'];
const LIST_VALUE_OPERATORS: readonly ConditionOperator[] = ['in', 'not_in', 'contains_any', 'includes', 'excludes'];
// Fail to compile when the server gains a trigger or an action type these lists lack.
const everyChoiceListed: [Exclude<RuleTrigger, (typeof RULE_TRIGGERS)[number]>, Exclude<ActionType, (typeof ACTION_TYPES)[number]>] extends [never, never] ? true : false = true;
void everyChoiceListed;

/** What the selects offer, from the workspace: its statuses, teams, staff and the canned responses a rule may send. */
export interface RuleChoices {
  statuses: TicketStatus[];
  teams: Team[];
  staff: StaffMember[];
  /** Shared with the whole workspace (a team's or a personal one is not a rule's to send). */
  cannedResponses: Array<{ id: string; name: string }>;
}

export const NO_RULE_CHOICES: RuleChoices = { statuses: [], teams: [], staff: [], cannedResponses: [] };

/** The workspace's statuses, teams, staff and shared canned responses, for the selects of a rule's conditions and actions. */
export async function readRuleChoices(): Promise<RuleChoices> {
  const [statuses, teams, staff, canned] = await Promise.all([
    unwrap(api.GET('/api/v1/ticket-statuses')),
    readAllTeams(),
    readAllStaff(),
    unwrap(api.GET('/api/v1/canned-responses', { params: { query: { scope: 'shared' } } })),
  ]);
  const cannedResponses = canned.data.filter((item) => item.visibility === 'shared' && !item.teamId).map((item) => ({ id: item.id, name: item.name }));
  return { statuses: statuses.data, teams, staff, cannedResponses };
}

// ── The form's own model: the tree with keys React can follow ─────────────────────────────────────────────────

let nextKey = 0;
const newKey = () => `n${(nextKey += 1)}`;

export interface LeafDraft {
  kind: 'leaf';
  key: string;
  field: ConditionField;
  operator: ConditionOperator;
  /** A single value as typed (text, number, select), or the values of a list. */
  text: string;
  list: string[];
  customKey: string;
}
export interface GroupDraft {
  kind: 'group';
  key: string;
  mode: 'all' | 'any';
  children: NodeDraft[];
}
type NodeDraft = LeafDraft | GroupDraft;

export function newLeaf(field: ConditionField = 'ticket.subject'): LeafDraft {
  return { kind: 'leaf', key: newKey(), field, operator: FIELD_SPECS[field].operators[0]!, text: FIELD_SPECS[field].kind === 'boolean' ? 'true' : '', list: [], customKey: '' };
}
const newGroup = (mode: 'all' | 'any' = 'all', children: NodeDraft[] = []): GroupDraft => ({ kind: 'group', key: newKey(), mode, children });

function draftOf(node: ConditionNode): NodeDraft {
  if ('all' in node) return newGroup('all', node.all.map(draftOf));
  if ('any' in node) return newGroup('any', node.any.map(draftOf));
  const value = node.value;
  return {
    kind: 'leaf',
    key: newKey(),
    field: node.field,
    operator: node.operator,
    text: Array.isArray(value) || value === undefined || value === null ? '' : String(value),
    list: Array.isArray(value) ? value.map(String) : [],
    customKey: node.key ?? '',
  };
}

/** The root is always a group (a rule saved as a single condition opens as "all of" that one). */
export function rootDraftOf(node: ConditionNode | undefined): GroupDraft {
  const draft = node ? draftOf(node) : newGroup();
  return draft.kind === 'group' ? draft : newGroup('all', [draft]);
}

function leafValue(leaf: LeafDraft): ConditionLeaf['value'] {
  if (NO_VALUE_OPERATORS.includes(leaf.operator)) return undefined;
  const kind = FIELD_SPECS[leaf.field].kind;
  if (LIST_VALUE_OPERATORS.includes(leaf.operator)) return leaf.list;
  if (kind === 'boolean') return leaf.text === 'true';
  const isNumeric = kind === 'hours' || NUMBER_OPERATORS.includes(leaf.operator as (typeof NUMBER_OPERATORS)[number]);
  if (isNumeric) return leaf.text.trim() === '' ? '' : Number(leaf.text);
  return leaf.text;
}

export function nodeOf(draft: NodeDraft): ConditionNode {
  if (draft.kind === 'group') return draft.mode === 'all' ? { all: draft.children.map(nodeOf) } : { any: draft.children.map(nodeOf) };
  const value = leafValue(draft);
  return { field: draft.field, operator: draft.operator, ...(value !== undefined ? { value } : {}), ...(draft.field === 'ticket.customField' ? { key: draft.customKey.trim() } : {}) };
}

/** The path the server names a node by in its errors: `conditions.any.0.value`. */
const childPath = (path: string, mode: 'all' | 'any', index: number) => `${path}.${mode}.${index}`;

// ── Actions ───────────────────────────────────────────────────────────────────────────────────────────────────

export interface ActionDraft {
  key: string;
  action: RuleAction;
}

export function newAction(type: ActionType): RuleAction {
  switch (type) {
    case 'set_status':
      return { type, status: 'open' };
    case 'set_priority':
      return { type, priority: 'high' };
    case 'set_category':
      return { type, category: null };
    case 'set_type':
      return { type, ticketType: null };
    case 'set_language':
      return { type, language: 'en' };
    case 'assign_team':
      return { type, teamId: null };
    case 'assign_agent':
      return { type, userId: null };
    case 'add_tags':
    case 'remove_tags':
      return { type, tags: [] };
    case 'add_note':
      return { type, body: '' };
    case 'reply':
      return { type, body: '' };
    case 'reply_template':
      return { type, cannedResponseId: '' };
    case 'notify':
      return { type, recipients: 'assignee', byEmail: false };
    case 'notify_webhook':
      return { type, url: '', format: 'slack', text: '{{rule.name}}: ticket #{{ticket.number}} {{ticket.subject}}' };
    case 'escalate':
      return { type, teamId: null };
    case 'close':
      return { type };
  }
}

// ── Server errors, by the field they are about ────────────────────────────────────────────────────────────────

/** `body.actions[0].teamId` and `body.actions.0.teamId` both read `actions.0.teamId`. */
function normalPath(path: unknown): string {
  return String(path ?? '')
    .replace(/^body\.?/, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/^\./, '');
}

export interface FieldErrors {
  /** The messages about this field or anything inside it. */
  at(path: string): string[];
  /** The messages about exactly this field. */
  exactly(path: string): string[];
  all: Array<{ path: string; message: string }>;
}

export function fieldErrorsOf(details: Array<Record<string, unknown>>): FieldErrors {
  const all = details.map((detail) => ({ path: normalPath(detail.path), message: String(detail.message ?? '') }));
  return {
    all,
    at: (path) => all.filter((item) => item.path === path || item.path.startsWith(`${path}.`)).map((item) => item.message),
    exactly: (path) => all.filter((item) => item.path === path).map((item) => item.message),
  };
}
export const NO_ERRORS = fieldErrorsOf([]);

/** A field's error message, tied to its input by `aria-describedby`. */
export function FieldError({ id, messages }: { id: string; messages: string[] }) {
  const { t } = useTranslation();
  if (messages.length === 0) return null;
  return (
    <p id={id} className="error admin-field-error" data-testid="field-error">
      {t('admin.automations.fieldError', { message: messages.join('; ') })}
    </p>
  );
}

/** The errors a form has no field for (an unexpected path): still shown, under the form. */
export function UnplacedErrors({ errors, placed }: { errors: FieldErrors; placed: readonly string[] }) {
  const unplaced = errors.all.filter((item) => !placed.some((field) => item.path === field || item.path.startsWith(`${field}.`)));
  if (unplaced.length === 0) return null;
  return (
    <p className="error admin-field-error" data-testid="field-error">
      {unplaced.map((item) => `${item.path}: ${item.message}`).join('; ')}
    </p>
  );
}

// ── Pieces ────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * A list of words entered one by one: Enter or a comma adds what was typed, each word has its remove button,
 * Backspace in the empty box takes the last one back.
 */
export function TagInput({ label, values, onChange, describedBy, invalid, placeholder }: { label: string; values: string[]; onChange(next: string[]): void; describedBy?: string; invalid?: boolean; placeholder?: string }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const inputId = useId();
  const commit = () => {
    const words = typed
      .split(',')
      .map((word) => word.trim())
      .filter((word) => word.length > 0 && !values.includes(word));
    if (words.length > 0) onChange([...values, ...new Set(words)]);
    setTyped('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      commit();
    } else if (event.key === 'Backspace' && typed === '' && values.length > 0) {
      onChange(values.slice(0, -1));
    }
  };
  return (
    <div className="automation-tags">
      <label htmlFor={inputId} className="visually-hidden">
        {label}
      </label>
      {values.length > 0 && (
        <ul className="automation-tag-list" aria-label={t('admin.automations.tags.current', { label })}>
          {values.map((value) => (
            <li key={value} className="badge automation-tag">
              <span>{value}</span>
              <button type="button" className="automation-tag-remove" aria-label={t('admin.automations.tags.remove', { value })} onClick={() => onChange(values.filter((item) => item !== value))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        id={inputId}
        value={typed}
        onChange={(event) => setTyped(event.target.value)}
        onKeyDown={onKeyDown}
        onBlur={commit}
        placeholder={placeholder ?? t('admin.automations.tags.placeholder')}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        autoComplete="off"
        maxLength={200}
      />
    </div>
  );
}

/** The label of one choice of an enum field, in the interface language. */
export function useChoiceLabels(choices: RuleChoices) {
  const { t } = useTranslation();
  const statusName = (key: string) => {
    const status = choices.statuses.find((item) => item.key === key);
    return status ? (status.isBuiltIn ? t(`status.${status.key}`, { defaultValue: status.label }) : status.label) : key;
  };
  const teamName = (id: string | null) => (id === null ? t('admin.automations.none') : (choices.teams.find((team) => team.id === id)?.name ?? t('admin.automations.unknownTeam')));
  const staffName = (id: string | null) => (id === null ? t('admin.automations.nobody') : (choices.staff.find((member) => member.id === id)?.name ?? t('admin.automations.unknownPerson')));
  /** The values a field offers, as [value, label]. */
  const optionsOf = (field: ConditionField): Array<[string, string]> => {
    switch (field) {
      case 'ticket.status':
      case 'status.from':
      case 'status.to':
        return choices.statuses.map((status) => [status.key, statusName(status.key)]);
      case 'ticket.statusCategory':
        return STATUS_CATEGORIES.map((value) => [value, t(`status.${value}`)]);
      case 'ticket.priority':
        return PRIORITIES.map((value) => [value, t(`priority.${value}`)]);
      case 'ticket.channel':
        return CHANNELS.map((value) => [value, t(`channels.${value}`)]);
      case 'ticket.type':
        return TICKET_TYPES.map((value) => [value, t(`admin.automations.ticketTypes.${value}`)]);
      case 'ticket.language':
      case 'customer.language':
        return LANGUAGES.map((value) => [value, t(`languages.${value}`)]);
      case 'ticket.assigneeId':
        return choices.staff.map((member) => [member.id, member.name]);
      case 'ticket.teamId':
        return choices.teams.map((team) => [team.id, team.name]);
      case 'customer.tier':
        return TIERS.map((value) => [value, t(`admin.sla.tiers.${value}`)]);
      case 'comment.authorType':
        return AUTHOR_TYPES.map((value) => [value, t(`admin.automations.authorTypes.${value}`)]);
      default:
        return [];
    }
  };
  return { statusName, teamName, staffName, optionsOf };
}

function LeafEditor({ leaf, path, choices, fields, errors, onChange, onRemove }: { leaf: LeafDraft; path: string; choices: RuleChoices; fields: readonly ConditionField[]; errors: FieldErrors; onChange(next: LeafDraft): void; onRemove(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const { optionsOf } = useChoiceLabels(choices);
  const spec = FIELD_SPECS[leaf.field];
  const messages = errors.at(path);
  const errorId = `${id}-error`;
  const describedBy = messages.length > 0 ? errorId : undefined;
  const invalid = messages.length > 0 || undefined;
  const fieldLabel = t(`admin.automations.fields.${leaf.field.replace('.', '_')}`);
  const changeField = (field: ConditionField) => {
    const next = newLeaf(field);
    // Keep what was typed when it still fits the new field (text to text, say).
    const keepsValue = FIELD_SPECS[field].kind === spec.kind && FIELD_SPECS[field].operators.includes(leaf.operator);
    onChange({ ...next, key: leaf.key, ...(keepsValue ? { operator: leaf.operator, text: leaf.text, list: leaf.list } : {}) });
  };
  const options = optionsOf(leaf.field);
  const isList = LIST_VALUE_OPERATORS.includes(leaf.operator);
  const hasValue = !NO_VALUE_OPERATORS.includes(leaf.operator);
  const valueLabel = t('admin.automations.valueOf', { field: fieldLabel });

  let valueInput: ReactNode = null;
  if (hasValue) {
    if (spec.kind === 'boolean') {
      valueInput = (
        <select aria-label={valueLabel} value={leaf.text} onChange={(event) => onChange({ ...leaf, text: event.target.value })} aria-describedby={describedBy} aria-invalid={invalid}>
          <option value="true">{t('admin.yes')}</option>
          <option value="false">{t('admin.no')}</option>
        </select>
      );
    } else if (spec.kind === 'enum' && isList) {
      valueInput = (
        <select
          multiple
          size={Math.min(5, Math.max(2, options.length))}
          aria-label={valueLabel}
          value={leaf.list}
          onChange={(event) => onChange({ ...leaf, list: [...event.target.selectedOptions].map((option) => option.value) })}
          aria-describedby={describedBy}
          aria-invalid={invalid}
        >
          {options.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      );
    } else if (spec.kind === 'enum') {
      const isKnown = leaf.text === '' || options.some(([value]) => value === leaf.text);
      valueInput = (
        <select aria-label={valueLabel} value={leaf.text} onChange={(event) => onChange({ ...leaf, text: event.target.value })} aria-describedby={describedBy} aria-invalid={invalid}>
          <option value="">{t('admin.automations.choose')}</option>
          {!isKnown && <option value={leaf.text}>{leaf.text}</option>}
          {options.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      );
    } else if (isList) {
      valueInput = <TagInput label={valueLabel} values={leaf.list} onChange={(list) => onChange({ ...leaf, list })} describedBy={describedBy} invalid={invalid} />;
    } else if (spec.kind === 'hours') {
      valueInput = (
        <span className="automation-hours">
          <input type="number" inputMode="decimal" min={0} step="any" aria-label={t('admin.automations.hoursOf', { field: fieldLabel })} value={leaf.text} onChange={(event) => onChange({ ...leaf, text: event.target.value })} aria-describedby={describedBy} aria-invalid={invalid} required />
          <span aria-hidden="true">{t('admin.automations.hoursUnit')}</span>
        </span>
      );
    } else {
      const isNumeric = NUMBER_OPERATORS.includes(leaf.operator as (typeof NUMBER_OPERATORS)[number]);
      valueInput = (
        <input
          type={isNumeric ? 'number' : 'text'}
          step={isNumeric ? 'any' : undefined}
          aria-label={valueLabel}
          value={leaf.text}
          onChange={(event) => onChange({ ...leaf, text: event.target.value })}
          maxLength={500}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          autoComplete="off"
        />
      );
    }
  }

  return (
    <li className="automation-leaf" data-testid="condition">
      <div className="automation-leaf-row">
        <select aria-label={t('admin.automations.field')} value={leaf.field} onChange={(event) => changeField(event.target.value as ConditionField)}>
          {/* A field outside the offered ones (a rule written through the API) stays shown as it is. */}
          {(fields.includes(leaf.field) ? fields : [leaf.field, ...fields]).map((field) => (
            <option key={field} value={field}>
              {t(`admin.automations.fields.${field.replace('.', '_')}`)}
            </option>
          ))}
        </select>
        {leaf.field === 'ticket.customField' && (
          <input aria-label={t('admin.automations.customFieldKey')} placeholder={t('admin.automations.customFieldKey')} value={leaf.customKey} onChange={(event) => onChange({ ...leaf, customKey: event.target.value })} maxLength={64} required autoComplete="off" />
        )}
        <select aria-label={t('admin.automations.operator')} value={leaf.operator} onChange={(event) => onChange({ ...leaf, operator: event.target.value as ConditionOperator })}>
          {spec.operators.map((operator) => (
            <option key={operator} value={operator}>
              {t(`admin.automations.operators.${operator}`)}
            </option>
          ))}
        </select>
        {valueInput}
        <button type="button" onClick={onRemove} aria-label={t('admin.automations.removeCondition', { field: fieldLabel })}>
          {t('admin.automations.remove')}
        </button>
      </div>
      <FieldError id={errorId} messages={messages} />
    </li>
  );
}

/**
 * An AND/OR group of conditions and the groups inside it, down to MAX_CONDITION_DEPTH. `fields` narrows the fields
 * offered (routing rules see a ticket arriving: no comment, no change); `emptyHint` says what a rule without
 * conditions does.
 */
export function GroupEditor({
  group,
  path,
  depth,
  choices,
  errors,
  onChange,
  onRemove,
  fields = CONDITION_FIELDS,
  emptyHint,
}: {
  group: GroupDraft;
  path: string;
  depth: number;
  choices: RuleChoices;
  errors: FieldErrors;
  onChange(next: GroupDraft): void;
  onRemove?: () => void;
  fields?: readonly ConditionField[];
  emptyHint?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const replaceChild = (index: number, next: NodeDraft | undefined) => onChange({ ...group, children: next ? group.children.map((child, at) => (at === index ? next : child)) : group.children.filter((_, at) => at !== index) });
  const ownErrors = errors.exactly(path);
  return (
    <fieldset className={`automation-group automation-depth-${depth}`} data-testid="condition-group" data-mode={group.mode}>
      <legend>{depth === 1 ? t('admin.automations.conditionsLegend') : t('admin.automations.groupLegend', { level: depth })}</legend>
      <div className="automation-group-head">
        <label>
          {t('admin.automations.matchMode')}
          <select value={group.mode} onChange={(event) => onChange({ ...group, mode: event.target.value as 'all' | 'any' })} aria-describedby={`${id}-hint`}>
            <option value="all">{t('admin.automations.modes.all')}</option>
            <option value="any">{t('admin.automations.modes.any')}</option>
          </select>
        </label>
        {onRemove && (
          <button type="button" onClick={onRemove}>
            {t('admin.automations.removeGroup')}
          </button>
        )}
      </div>
      <p id={`${id}-hint`} className="hint">
        {group.children.length === 0 ? (depth === 1 ? (emptyHint ?? t('admin.automations.noConditions')) : t('admin.automations.emptyGroup')) : t(`admin.automations.modeHints.${group.mode}`)}
      </p>
      {group.children.length > 0 && (
        <ul className="automation-children">
          {group.children.map((child, index) =>
            child.kind === 'leaf' ? (
              <LeafEditor key={child.key} leaf={child} path={childPath(path, group.mode, index)} choices={choices} fields={fields} errors={errors} onChange={(next) => replaceChild(index, next)} onRemove={() => replaceChild(index, undefined)} />
            ) : (
              <li key={child.key}>
                <GroupEditor group={child} path={childPath(path, group.mode, index)} depth={depth + 1} choices={choices} errors={errors} onChange={(next) => replaceChild(index, next)} onRemove={() => replaceChild(index, undefined)} fields={fields} />
              </li>
            ),
          )}
        </ul>
      )}
      <FieldError id={`${id}-error`} messages={ownErrors} />
      <div className="admin-actions">
        <button type="button" onClick={() => onChange({ ...group, children: [...group.children, newLeaf(fields[0])] })}>
          {t('admin.automations.addCondition')}
        </button>
        {depth < MAX_CONDITION_DEPTH && (
          <button type="button" onClick={() => onChange({ ...group, children: [...group.children, newGroup(group.mode === 'all' ? 'any' : 'all', [newLeaf(fields[0])])] })}>
            {t('admin.automations.addGroup')}
          </button>
        )}
      </div>
    </fieldset>
  );
}

function ActionEditor({ draft, index, count, choices, errors, onChange, onRemove, onMove }: { draft: ActionDraft; index: number; count: number; choices: RuleChoices; errors: FieldErrors; onChange(next: RuleAction): void; onRemove(): void; onMove(by: -1 | 1): void }) {
  const { t } = useTranslation();
  const id = useId();
  const { action } = draft;
  const path = `actions.${index}`;
  const errorOf = (field: string) => errors.at(`${path}.${field}`);
  const described = (field: string) => (errorOf(field).length > 0 ? `${id}-${field}-error` : undefined);
  const fieldProps = (field: string) => ({ 'aria-describedby': described(field), 'aria-invalid': errorOf(field).length > 0 || undefined });
  const fieldError = (field: string) => <FieldError id={`${id}-${field}-error`} messages={errorOf(field)} />;
  const typeLabel = t(`admin.automations.actionTypes.${action.type}`);
  const ownErrors = errors.exactly(path).concat(errors.at(`${path}.type`));
  const teamSelect = (teamId: string | null, onPick: (next: string | null) => void, noneLabel: string) => (
    <label>
      {t('admin.automations.team')}
      <select value={teamId ?? ''} onChange={(event) => onPick(event.target.value === '' ? null : event.target.value)} {...fieldProps('teamId')}>
        <option value="">{noneLabel}</option>
        {teamId && !choices.teams.some((team) => team.id === teamId) && <option value={teamId}>{t('admin.automations.unknownTeam')}</option>}
        {choices.teams.map((team) => (
          <option key={team.id} value={team.id}>
            {team.name}
          </option>
        ))}
      </select>
    </label>
  );

  let fields: ReactNode = null;
  switch (action.type) {
    case 'set_status':
      fields = (
        <label>
          {t('admin.automations.status')}
          <select value={action.status} onChange={(event) => onChange({ ...action, status: event.target.value })} {...fieldProps('status')}>
            {choices.statuses
              .filter((status) => !status.isArchived || status.key === action.status)
              .map((status) => (
                <option key={status.key} value={status.key}>
                  {status.isBuiltIn ? t(`status.${status.key}`, { defaultValue: status.label }) : status.label}
                </option>
              ))}
          </select>
        </label>
      );
      break;
    case 'set_priority':
      fields = (
        <label>
          {t('admin.automations.priority')}
          <select value={action.priority} onChange={(event) => onChange({ ...action, priority: event.target.value as typeof action.priority })} {...fieldProps('priority')}>
            {PRIORITIES.map((priority) => (
              <option key={priority} value={priority}>
                {t(`priority.${priority}`)}
              </option>
            ))}
          </select>
        </label>
      );
      break;
    case 'set_category':
      fields = (
        <label>
          {t('admin.automations.category')}
          <input value={action.category ?? ''} onChange={(event) => onChange({ ...action, category: event.target.value === '' ? null : event.target.value })} maxLength={60} placeholder={t('admin.automations.categoryNone')} autoComplete="off" {...fieldProps('category')} />
        </label>
      );
      break;
    case 'set_type':
      fields = (
        <label>
          {t('admin.automations.ticketType')}
          <select value={action.ticketType ?? ''} onChange={(event) => onChange({ ...action, ticketType: event.target.value === '' ? null : (event.target.value as NonNullable<typeof action.ticketType>) })} {...fieldProps('ticketType')}>
            <option value="">{t('admin.automations.none')}</option>
            {TICKET_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`admin.automations.ticketTypes.${type}`)}
              </option>
            ))}
          </select>
        </label>
      );
      break;
    case 'set_language':
      fields = (
        <label>
          {t('admin.automations.language')}
          <select value={action.language} onChange={(event) => onChange({ ...action, language: event.target.value as typeof action.language })} {...fieldProps('language')}>
            {LANGUAGES.map((language) => (
              <option key={language} value={language}>
                {t(`languages.${language}`)}
              </option>
            ))}
          </select>
        </label>
      );
      break;
    case 'assign_team':
      fields = teamSelect(action.teamId, (teamId) => onChange({ ...action, teamId }), t('admin.automations.removeTeam'));
      break;
    case 'escalate':
      fields = (
        <>
          {teamSelect(action.teamId ?? null, (teamId) => onChange({ ...action, teamId }), t('admin.automations.keepTeam'))}
          <p className="hint">{t('admin.automations.escalateHint')}</p>
        </>
      );
      break;
    case 'assign_agent':
      fields = (
        <label>
          {t('admin.automations.agent')}
          <select value={action.userId ?? ''} onChange={(event) => onChange({ ...action, userId: event.target.value === '' ? null : event.target.value })} {...fieldProps('userId')}>
            <option value="">{t('admin.automations.unassign')}</option>
            {action.userId && !choices.staff.some((member) => member.id === action.userId) && <option value={action.userId}>{t('admin.automations.unknownPerson')}</option>}
            {choices.staff
              .filter((member) => member.isActive !== false || member.id === action.userId)
              .map((member) => (
                <option key={member.id} value={member.id}>
                  {member.name}
                </option>
              ))}
          </select>
        </label>
      );
      break;
    case 'add_tags':
    case 'remove_tags':
      fields = (
        <div className="automation-action-field">
          <span className="automation-field-label" aria-hidden="true">
            {t('admin.automations.tagsLabel')}
          </span>
          <TagInput label={t('admin.automations.tagsOf', { action: typeLabel })} values={action.tags} onChange={(tags) => onChange({ ...action, tags })} describedBy={described('tags')} invalid={errorOf('tags').length > 0} />
        </div>
      );
      break;
    case 'add_note':
      fields = (
        <label>
          {t('admin.automations.noteBody')}
          <textarea value={action.body} onChange={(event) => onChange({ ...action, body: event.target.value })} rows={3} maxLength={10_000} {...fieldProps('body')} />
        </label>
      );
      break;
    case 'reply':
      fields = (
        <>
          <label>
            {t('admin.automations.replyEn')}
            <textarea lang="en" value={action.body} onChange={(event) => onChange({ ...action, body: event.target.value })} rows={3} maxLength={10_000} {...fieldProps('body')} />
          </label>
          {fieldError('body')}
          <label>
            {t('admin.automations.replyFr')}
            <textarea
              lang="fr"
              value={action.bodyFr ?? ''}
              onChange={(event) => {
                const { bodyFr: _previous, ...rest } = action;
                onChange(event.target.value === '' ? rest : { ...rest, bodyFr: event.target.value });
              }}
              rows={3}
              maxLength={10_000}
              {...fieldProps('bodyFr')}
            />
          </label>
          {fieldError('bodyFr')}
          <p className="hint">{t('admin.automations.replyHint', { example: '{{ticket.number}}, {{customer.first_name}}' })}</p>
        </>
      );
      break;
    case 'reply_template':
      fields = (
        <>
          <label>
            {t('admin.automations.cannedResponse')}
            <select value={action.cannedResponseId} onChange={(event) => onChange({ ...action, cannedResponseId: event.target.value })} {...fieldProps('cannedResponseId')}>
              <option value="">{t('admin.automations.chooseCannedResponse')}</option>
              {choices.cannedResponses.map((canned) => (
                <option key={canned.id} value={canned.id}>
                  {canned.name}
                </option>
              ))}
            </select>
          </label>
          <p className="hint">{t(choices.cannedResponses.length > 0 ? 'admin.automations.replyTemplateHint' : 'admin.automations.noSharedCannedResponses')}</p>
        </>
      );
      break;
    case 'notify':
      fields = (
        <>
          <label>
            {t('admin.automations.recipients')}
            <select value={action.recipients} onChange={(event) => onChange({ ...action, recipients: event.target.value as typeof action.recipients })} {...fieldProps('recipients')}>
              {RECIPIENTS.map((recipient) => (
                <option key={recipient} value={recipient}>
                  {t(`admin.automations.recipientChoices.${recipient}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="admin-check">
            <input type="checkbox" checked={action.byEmail === true} onChange={(event) => onChange({ ...action, byEmail: event.target.checked })} />
            {t('admin.automations.notifyByEmail')}
          </label>
        </>
      );
      break;
    case 'notify_webhook':
      fields = (
        <>
          <label>
            {t('admin.automations.webhookFormat')}
            <select value={action.format} onChange={(event) => onChange({ ...action, format: event.target.value as typeof action.format })} {...fieldProps('format')}>
              {WEBHOOK_FORMATS.map((format) => (
                <option key={format} value={format}>
                  {t(`admin.automations.webhookFormats.${format}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('admin.automations.webhookUrl')}
            <input type="url" value={action.url} onChange={(event) => onChange({ ...action, url: event.target.value })} maxLength={2000} placeholder="https://" autoComplete="off" {...fieldProps('url')} />
          </label>
          {fieldError('url')}
          <label>
            {t('admin.automations.webhookText')}
            <input value={action.text ?? ''} onChange={(event) => onChange({ ...action, text: event.target.value })} maxLength={2000} autoComplete="off" {...fieldProps('text')} />
          </label>
        </>
      );
      break;
    case 'close':
      fields = <p className="hint">{t('admin.automations.closeHint')}</p>;
      break;
  }
  const inlineErrorFields = action.type === 'reply' ? [] : action.type === 'notify_webhook' ? ['format', 'text'] : ['status', 'priority', 'category', 'ticketType', 'language', 'teamId', 'userId', 'tags', 'body', 'recipients', 'cannedResponseId'];

  return (
    <li className="automation-action" data-testid="action" data-action-type={action.type}>
      <fieldset>
        <legend>{t('admin.automations.actionLegend', { number: index + 1, type: typeLabel })}</legend>
        <div className="automation-action-fields">{fields}</div>
        {inlineErrorFields.map((field) => (
          <FieldError key={field} id={`${id}-${field}-error`} messages={errorOf(field)} />
        ))}
        <FieldError id={`${id}-error`} messages={ownErrors} />
        <div className="admin-actions">
          <button type="button" onClick={() => onMove(-1)} disabled={index === 0} aria-label={t('admin.automations.moveActionUp', { number: index + 1 })}>
            {t('admin.automations.up')}
          </button>
          <button type="button" onClick={() => onMove(1)} disabled={index === count - 1} aria-label={t('admin.automations.moveActionDown', { number: index + 1 })}>
            {t('admin.automations.down')}
          </button>
          <button type="button" onClick={onRemove} aria-label={t('admin.automations.removeAction', { number: index + 1, type: typeLabel })}>
            {t('admin.automations.remove')}
          </button>
        </div>
      </fieldset>
    </li>
  );
}

/** Runs a write, turning the automation error codes into sentences in the interface language. */
export async function withRuleErrors<T>(t: (key: string, options?: Record<string, unknown>) => string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof ApiError && error.code === 'automation_rule_limit_reached') {
      const detail = error.details[0] ?? {};
      const plan = typeof detail.plan === 'string' ? t(`admin.plans.${detail.plan}`, { defaultValue: detail.plan }) : '';
      throw new Error(t('admin.automations.errors.limit', { plan, limit: detail.limit ?? '' }));
    }
    if (error instanceof ApiError && error.code === 'automation_rule_not_found') throw new Error(t('admin.automations.errors.notFound'));
    if (error instanceof ApiError && error.code === 'automation_rule_built_in') throw new Error(t('admin.automations.errors.builtIn'));
    throw error;
  }
}

/**
 * One rule's editor: name, triggers, the AND/OR tree of conditions, the actions in order, stop processing, active.
 * The server checks it all; its refusals appear next to the field they name.
 */
export function RuleForm({ rule, choices, action, isFocusWanted, onSaved }: { rule: AutomationRule | undefined; choices: RuleChoices; action: Action; isFocusWanted: boolean; onSaved(rule: AutomationRule): void }) {
  const { t } = useTranslation();
  const formId = useId();
  const [name, setName] = useState(rule?.name ?? '');
  const [description, setDescription] = useState(rule?.description ?? '');
  const [triggers, setTriggers] = useState<RuleTrigger[]>(rule?.triggers ?? ['ticket.created']);
  const [conditions, setConditions] = useState<GroupDraft>(() => rootDraftOf(rule?.conditions));
  const [actions, setActions] = useState<ActionDraft[]>(() => (rule?.actions ?? []).map((item) => ({ key: newKey(), action: item })));
  const [newActionType, setNewActionType] = useState<ActionType>('add_tags');
  const [isActive, setActive] = useState(rule?.isActive ?? true);
  const [isStopProcessing, setStopProcessing] = useState(rule?.isStopProcessing ?? false);
  const [errors, setErrors] = useState<FieldErrors>(NO_ERRORS);
  const firstErrorRef = useRef(false);
  useEffect(() => {
    if (!firstErrorRef.current) return;
    firstErrorRef.current = false;
    // Take the keyboard to the first field the server refused.
    const invalid = document.querySelector<HTMLElement>(`[data-rule-form="${formId}"] [aria-invalid="true"]`);
    invalid?.focus();
  }, [errors, formId]);

  const errorId = (field: string) => `${formId}-${field}-error`;
  const fieldProps = (field: string) => ({ 'aria-describedby': errors.at(field).length > 0 ? errorId(field) : undefined, 'aria-invalid': errors.at(field).length > 0 || undefined });

  const moveAction = (index: number, by: -1 | 1) =>
    setActions((current) => {
      const next = [...current];
      const [moved] = next.splice(index, 1);
      next.splice(index + by, 0, moved!);
      return next;
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors(NO_ERRORS);
    const body = {
      name: name.trim(),
      description,
      triggers: RULE_TRIGGERS.filter((trigger) => triggers.includes(trigger)),
      conditions: nodeOf(conditions),
      actions: actions.map((item) => item.action),
      isActive,
      isStopProcessing,
    };
    let saved: AutomationRule | undefined;
    const isDone = await action.run(
      async () => {
        try {
          saved = await withRuleErrors(t, () =>
            rule
              ? unwrap(api.PATCH('/api/v1/automations/rules/{ruleId}', { params: { path: { ruleId: rule.id } }, body: body as RuleChanges }))
              : unwrap(api.POST('/api/v1/automations/rules', { body: body as CreateRuleRequest })),
          );
        } catch (error) {
          if (error instanceof ApiError && error.code === 'validation_failed' && error.details.length > 0) {
            firstErrorRef.current = true;
            setErrors(fieldErrorsOf(error.details));
            throw new Error(t('admin.automations.errors.validation'));
          }
          throw error;
        }
      },
      rule ? t('admin.automations.saved', { name: body.name }) : t('admin.automations.created', { name: body.name }),
    );
    if (isDone && saved) onSaved(saved);
  };

  return (
    <form className="admin-form automation-form" onSubmit={submit} aria-labelledby="automation-form-title" data-rule-form={formId} noValidate>
      <label>
        {t('admin.automations.name')}
        <input name="name" value={name} onChange={(event) => setName(event.target.value)} maxLength={120} autoComplete="off" autoFocus={isFocusWanted} {...fieldProps('name')} />
      </label>
      <FieldError id={errorId('name')} messages={errors.at('name')} />
      <label>
        {t('admin.automations.descriptionLabel')}
        <textarea name="description" value={description} onChange={(event) => setDescription(event.target.value)} maxLength={1000} rows={2} {...fieldProps('description')} />
      </label>
      <FieldError id={errorId('description')} messages={errors.at('description')} />

      <fieldset className="admin-checkboxes automation-triggers" {...fieldProps('triggers')}>
        <legend>{t('admin.automations.triggersLegend')}</legend>
        <p className="hint">{t('admin.automations.triggersHint')}</p>
        {RULE_TRIGGERS.map((trigger) => (
          <label key={trigger}>
            <input
              type="checkbox"
              value={trigger}
              checked={triggers.includes(trigger)}
              onChange={(event) => setTriggers(RULE_TRIGGERS.filter((item) => (item === trigger ? event.target.checked : triggers.includes(item))))}
              aria-invalid={errors.at('triggers').length > 0 || undefined}
            />
            <span>{t(`admin.automations.triggers.${trigger.replace('.', '_')}`)}</span>
          </label>
        ))}
        <FieldError id={errorId('triggers')} messages={errors.at('triggers')} />
      </fieldset>

      <GroupEditor group={conditions} path="conditions" depth={1} choices={choices} errors={errors} onChange={setConditions} />

      <fieldset className="email-fieldset automation-actions" {...fieldProps('actions')}>
        <legend>{t('admin.automations.actionsLegend')}</legend>
        <p className="hint">{actions.length === 0 ? t('admin.automations.noActions') : t('admin.automations.actionsHint')}</p>
        {actions.length > 0 && (
          <ol className="automation-action-list">
            {actions.map((item, index) => (
              <ActionEditor
                key={item.key}
                draft={item}
                index={index}
                count={actions.length}
                choices={choices}
                errors={errors}
                onChange={(next) => setActions((current) => current.map((entry) => (entry.key === item.key ? { ...entry, action: next } : entry)))}
                onRemove={() => setActions((current) => current.filter((entry) => entry.key !== item.key))}
                onMove={(by) => moveAction(index, by)}
              />
            ))}
          </ol>
        )}
        <FieldError id={errorId('actions')} messages={errors.exactly('actions')} />
        <div className="admin-actions automation-add-action">
          <label>
            {t('admin.automations.newActionType')}
            <select value={newActionType} onChange={(event) => setNewActionType(event.target.value as ActionType)}>
              {ACTION_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`admin.automations.actionTypes.${type}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => setActions((current) => [...current, { key: newKey(), action: newAction(newActionType) }])} disabled={actions.length >= MAX_ACTIONS}>
            {t('admin.automations.addAction')}
          </button>
        </div>
      </fieldset>

      <HintedCheckbox name="isStopProcessing" label={t('admin.automations.isStopProcessing')} hint={t('admin.automations.isStopProcessingHint')} hintId={`${formId}-stop-hint`} checked={isStopProcessing} onChange={setStopProcessing} />
      <HintedCheckbox name="isActive" label={t('admin.automations.isActive')} hint={t('admin.automations.isActiveHint')} hintId={`${formId}-active-hint`} checked={isActive} onChange={setActive} />
      <UnplacedErrors errors={errors} placed={['name', 'description', 'triggers', 'conditions', 'actions', 'isActive', 'isStopProcessing']} />
      <SubmitButton action={action}>{rule ? t('admin.automations.save') : t('admin.automations.create')}</SubmitButton>
    </form>
  );
}
