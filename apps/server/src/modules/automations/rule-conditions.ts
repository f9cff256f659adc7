/**
 * Rule conditions: a tree of AND (`all`) and OR (`any`) over leaves `{ field, operator, value }`, evaluated against
 * the facts of one event. Pure: the service gathers the facts, this decides.
 */

export const CONDITION_FIELDS = [
  'ticket.subject',
  'ticket.description',
  'ticket.status',
  'ticket.statusCategory',
  'ticket.priority',
  'ticket.channel',
  'ticket.category',
  'ticket.type',
  'ticket.language',
  'ticket.tags',
  'ticket.assigneeId',
  'ticket.teamId',
  'ticket.customField',
  'customer.tier',
  'customer.email',
  'customer.language',
  'comment.body',
  'comment.isPublic',
  'comment.authorType',
  'text',
  'changes.fields',
  'status.from',
  'status.to',
  'businessHours.isOpen',
  'hours.sinceCreated',
  'hours.sinceUpdated',
  'hours.inStatus',
] as const;
export type ConditionField = (typeof CONDITION_FIELDS)[number];

export const CONDITION_OPERATORS = [
  'equals',
  'not_equals',
  'in',
  'not_in',
  'contains',
  'not_contains',
  'contains_any',
  'is_empty',
  'is_not_empty',
  'gt',
  'gte',
  'lt',
  'lte',
  'includes',
  'excludes',
] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

export interface ConditionLeaf {
  field: ConditionField;
  operator: ConditionOperator;
  value?: unknown;
  /** For `ticket.customField`: the field's key. */
  key?: string;
}
export type ConditionNode = { all: ConditionNode[] } | { any: ConditionNode[] } | ConditionLeaf;

/** Everything a condition can look at for one event on one ticket. */
export interface RuleFacts {
  ticket: {
    subject: string;
    description: string;
    status: string;
    statusCategory: string;
    priority: string;
    channel: string;
    category: string | null;
    type: string | null;
    language: string;
    tags: string[];
    assigneeId: string | null;
    teamId: string | null;
    customFields: Record<string, unknown>;
  };
  customer: { tier: string; email: string | null; language: string | null } | null;
  comment: { body: string; isPublic: boolean; authorType: string } | null;
  /** Fields the event changed (`ticket.updated`), with old and new values. */
  changes: Array<{ field: string; from: unknown; to: unknown }>;
  isBusinessHours: boolean;
  hoursSinceCreated: number;
  hoursSinceUpdated: number;
  hoursInStatus: number;
}

const foldedTexts = new Map<string, string>();
const FOLDED_CACHE_SIZE = 5000;

/** Case- and accent-insensitive: "Poursuite", "POURSUITE" and "poursuité" read the same. Recent texts are remembered (many rules read one message). */
export function foldText(text: string): string {
  const cached = foldedTexts.get(text);
  if (cached !== undefined) return cached;
  const folded = text.normalize('NFD').replace(/\p{Mn}/gu, '').toLowerCase();
  if (foldedTexts.size >= FOLDED_CACHE_SIZE) foldedTexts.clear();
  foldedTexts.set(text, folded);
  return folded;
}

export function valueOf(leaf: ConditionLeaf, facts: RuleFacts): unknown {
  const { ticket } = facts;
  switch (leaf.field) {
    case 'ticket.subject':
      return ticket.subject;
    case 'ticket.description':
      return ticket.description;
    case 'ticket.status':
      return ticket.status;
    case 'ticket.statusCategory':
      return ticket.statusCategory;
    case 'ticket.priority':
      return ticket.priority;
    case 'ticket.channel':
      return ticket.channel;
    case 'ticket.category':
      return ticket.category;
    case 'ticket.type':
      return ticket.type;
    case 'ticket.language':
      return ticket.language;
    case 'ticket.tags':
      return ticket.tags;
    case 'ticket.assigneeId':
      return ticket.assigneeId;
    case 'ticket.teamId':
      return ticket.teamId;
    case 'ticket.customField':
      return leaf.key ? (ticket.customFields[leaf.key] ?? null) : null;
    case 'customer.tier':
      return facts.customer?.tier ?? null;
    case 'customer.email':
      return facts.customer?.email ?? null;
    case 'customer.language':
      return facts.customer?.language ?? null;
    case 'comment.body':
      return facts.comment?.body ?? null;
    case 'comment.isPublic':
      return facts.comment?.isPublic ?? null;
    case 'comment.authorType':
      return facts.comment?.authorType ?? null;
    case 'text':
      // What the customer wrote this time: the comment, or the new ticket's subject and description.
      return facts.comment ? facts.comment.body : `${ticket.subject}\n${ticket.description}`;
    case 'changes.fields':
      return facts.changes.map((change) => change.field);
    case 'status.from':
      return facts.changes.find((change) => change.field === 'status')?.from ?? null;
    case 'status.to':
      return facts.changes.find((change) => change.field === 'status')?.to ?? null;
    case 'businessHours.isOpen':
      return facts.isBusinessHours;
    case 'hours.sinceCreated':
      return facts.hoursSinceCreated;
    case 'hours.sinceUpdated':
      return facts.hoursSinceUpdated;
    case 'hours.inStatus':
      return facts.hoursInStatus;
  }
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return foldText(a) === foldText(b);
  return a === b;
}

export function evaluateLeaf(leaf: ConditionLeaf, facts: RuleFacts): boolean {
  const actual = valueOf(leaf, facts);
  const expected = leaf.value;
  switch (leaf.operator) {
    case 'equals':
      return same(actual, expected);
    case 'not_equals':
      return !same(actual, expected);
    case 'in':
      return asList(expected).some((item) => same(actual, item));
    case 'not_in':
      return !asList(expected).some((item) => same(actual, item));
    case 'contains':
      return typeof actual === 'string' && foldText(actual).includes(foldText(String(expected ?? '')));
    case 'not_contains':
      return !(typeof actual === 'string' && foldText(actual).includes(foldText(String(expected ?? ''))));
    case 'contains_any': {
      if (typeof actual !== 'string') return false;
      const text = foldText(actual);
      return asList(expected).some((word) => containsWord(text, foldText(String(word))));
    }
    case 'is_empty':
      return actual === null || actual === undefined || actual === '' || (Array.isArray(actual) && actual.length === 0);
    case 'is_not_empty':
      return !(actual === null || actual === undefined || actual === '' || (Array.isArray(actual) && actual.length === 0));
    case 'gt':
      return typeof actual === 'number' && actual > Number(expected);
    case 'gte':
      return typeof actual === 'number' && actual >= Number(expected);
    case 'lt':
      return typeof actual === 'number' && actual < Number(expected);
    case 'lte':
      return typeof actual === 'number' && actual <= Number(expected);
    case 'includes':
      return Array.isArray(actual) && asList(expected).every((item) => actual.some((value) => same(value, item)));
    case 'excludes':
      return Array.isArray(actual) && !asList(expected).some((item) => actual.some((value) => same(value, item)));
  }
}

/** A word or phrase on word boundaries: "angry" matches "I am angry!" but not "hangry". */
function containsWord(foldedText: string, foldedWord: string): boolean {
  if (!foldedWord || !foldedText.includes(foldedWord)) return false;
  let pattern = wordPatterns.get(foldedWord);
  if (!pattern) {
    const escaped = foldedWord.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    pattern = new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'u');
    if (wordPatterns.size >= 10_000) wordPatterns.clear();
    wordPatterns.set(foldedWord, pattern);
  }
  return pattern.test(foldedText);
}
/** Compiled once per word or phrase the rules use. */
const wordPatterns = new Map<string, RegExp>();

export function evaluate(node: ConditionNode, facts: RuleFacts): boolean {
  if ('all' in node) return node.all.every((child) => evaluate(child, facts));
  if ('any' in node) return node.any.some((child) => evaluate(child, facts));
  return evaluateLeaf(node, facts);
}

/** Each leaf with what it saw and whether it held, for the dry run. */
export function explain(node: ConditionNode, facts: RuleFacts, path = 'conditions'): Array<{ path: string; field: string; operator: string; expected: unknown; actual: unknown; isMet: boolean }> {
  if ('all' in node) return node.all.flatMap((child, index) => explain(child, facts, `${path}.all[${index}]`));
  if ('any' in node) return node.any.flatMap((child, index) => explain(child, facts, `${path}.any[${index}]`));
  return [{ path, field: node.field + (node.key ? `.${node.key}` : ''), operator: node.operator, expected: node.value ?? null, actual: valueOf(node, facts) ?? null, isMet: evaluateLeaf(node, facts) }];
}

/** The time the time-based conditions of a rule measure from, so a time rule fires once per such moment. */
export function timeAnchorOf(node: ConditionNode): 'created' | 'updated' | 'status' | undefined {
  if ('all' in node) return node.all.map(timeAnchorOf).find(Boolean);
  if ('any' in node) return node.any.map(timeAnchorOf).find(Boolean);
  if (node.field === 'hours.sinceCreated') return 'created';
  if (node.field === 'hours.sinceUpdated') return 'updated';
  if (node.field === 'hours.inStatus') return 'status';
  return undefined;
}

/** The fields a condition tree reads. */
export function fieldsOf(node: ConditionNode): Set<ConditionField> {
  if ('all' in node) return new Set(node.all.flatMap((child) => [...fieldsOf(child)]));
  if ('any' in node) return new Set(node.any.flatMap((child) => [...fieldsOf(child)]));
  return new Set([node.field]);
}

export type CompiledConditions = (facts: RuleFacts) => boolean;

/**
 * The same decision as `evaluate`, with the rule's constants folded and its word patterns built once: what the
 * dispatcher runs for every event, against every rule.
 */
export function compileConditions(node: ConditionNode): CompiledConditions {
  if ('all' in node) {
    const children = node.all.map(compileConditions);
    return (facts) => children.every((child) => child(facts));
  }
  if ('any' in node) {
    const children = node.any.map(compileConditions);
    return (facts) => children.some((child) => child(facts));
  }
  const leaf = node;
  if (leaf.operator === 'contains_any') {
    const words = asList(leaf.value).map((word) => foldText(String(word))).filter(Boolean);
    const patterns = words.map((word) => ({ word, pattern: new RegExp(`(^|[^\\p{L}\\p{N}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'u') }));
    return (facts) => {
      const actual = valueOf(leaf, facts);
      if (typeof actual !== 'string') return false;
      const text = foldText(actual);
      return patterns.some(({ word, pattern }) => text.includes(word) && pattern.test(text));
    };
  }
  if ((leaf.operator === 'in' || leaf.operator === 'not_in') && asList(leaf.value).every((item) => typeof item === 'string')) {
    const accepted = new Set(asList(leaf.value).map((item) => foldText(String(item))));
    const isIn = leaf.operator === 'in';
    return (facts) => {
      const actual = valueOf(leaf, facts);
      const found = typeof actual === 'string' && accepted.has(foldText(actual));
      return isIn ? found : !found;
    };
  }
  return (facts) => evaluateLeaf(leaf, facts);
}
