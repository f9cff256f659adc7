import { describe, expect, it } from 'vitest';
import { ESCALATION_WORDS } from './automations.built-in.js';
import { compileConditions, evaluate, explain, timeAnchorOf, type ConditionNode, type RuleFacts } from './rule-conditions.js';

function facts(overrides: Omit<Partial<RuleFacts>, 'ticket'> & { ticket?: Partial<RuleFacts['ticket']> } = {}): RuleFacts {
  return {
    ticket: {
      subject: 'Order late',
      description: '',
      status: 'open',
      statusCategory: 'open',
      priority: 'normal',
      channel: 'email',
      category: null,
      type: null,
      language: 'en',
      tags: [],
      assigneeId: null,
      teamId: null,
      customFields: {},
      ...overrides.ticket,
    },
    customer: overrides.customer === undefined ? { tier: 'free', email: 'a@example.com', language: 'en' } : overrides.customer,
    comment: overrides.comment ?? null,
    changes: overrides.changes ?? [],
    isBusinessHours: overrides.isBusinessHours ?? true,
    hoursSinceCreated: overrides.hoursSinceCreated ?? 1,
    hoursSinceUpdated: overrides.hoursSinceUpdated ?? 1,
    hoursInStatus: overrides.hoursInStatus ?? 1,
  };
}

const customerSays = (body: string) => facts({ comment: { body, isPublic: true, authorType: 'customer' } });
const escalationWords: ConditionNode = { field: 'text', operator: 'contains_any', value: ESCALATION_WORDS };

describe('rule conditions', () => {
  it('finds the escalation words in English and French, whatever the case and accents, as whole words', () => {
    expect(evaluate(escalationWords, customerSays('I will file a LAWSUIT tomorrow'))).toBe(true);
    expect(evaluate(escalationWords, customerSays('Vous recevrez une mise en demeure de mon avocat.'))).toBe(true);
    expect(evaluate(escalationWords, customerSays('Je suis FACHÉ, cette poursuite est inévitable'))).toBe(true);
    expect(evaluate(escalationWords, customerSays('Je suis fache'))).toBe(true);
    // "hangry" and "avocado" are not the words.
    expect(evaluate(escalationWords, customerSays('I was hangry and ordered an avocado toast'))).toBe(false);
    // A new ticket has no comment: its subject and description are what the customer wrote.
    expect(evaluate(escalationWords, facts({ ticket: { subject: 'Angry about billing', description: '' } }))).toBe(true);
  });

  it('combines AND and OR, nested', () => {
    const rule: ConditionNode = {
      all: [
        { any: [{ field: 'customer.tier', operator: 'in', value: ['enterprise', 'vip'] }, { field: 'ticket.priority', operator: 'equals', value: 'urgent' }] },
        { field: 'ticket.channel', operator: 'not_in', value: ['phone'] },
        { field: 'ticket.tags', operator: 'excludes', value: ['escalated'] },
      ],
    };
    expect(evaluate(rule, facts({ customer: { tier: 'vip', email: null, language: 'fr' } }))).toBe(true);
    expect(evaluate(rule, facts({ ticket: { priority: 'urgent' } }))).toBe(true);
    expect(evaluate(rule, facts())).toBe(false);
    expect(evaluate(rule, facts({ ticket: { priority: 'urgent', channel: 'phone' } }))).toBe(false);
    expect(evaluate(rule, facts({ ticket: { priority: 'urgent', tags: ['Escalated'] } }))).toBe(false);
    // No conditions at all: always.
    expect(evaluate({ all: [] }, facts())).toBe(true);
    expect(evaluate({ any: [] }, facts())).toBe(false);
  });

  it('reads status changes, business hours, time and custom fields', () => {
    const changed = facts({ changes: [{ field: 'status', from: 'open', to: 'pending' }] });
    expect(evaluate({ field: 'status.to', operator: 'equals', value: 'pending' }, changed)).toBe(true);
    expect(evaluate({ field: 'changes.fields', operator: 'includes', value: ['status'] }, changed)).toBe(true);
    expect(evaluate({ field: 'businessHours.isOpen', operator: 'equals', value: false }, facts({ isBusinessHours: false }))).toBe(true);
    expect(evaluate({ field: 'hours.inStatus', operator: 'gte', value: 72 }, facts({ hoursInStatus: 80 }))).toBe(true);
    expect(evaluate({ field: 'hours.inStatus', operator: 'gte', value: 72 }, facts({ hoursInStatus: 71.9 }))).toBe(false);
    expect(evaluate({ field: 'ticket.customField', key: 'order_number', operator: 'is_not_empty' }, facts({ ticket: { customFields: { order_number: 'A-1' } } }))).toBe(true);
    expect(evaluate({ field: 'customer.tier', operator: 'equals', value: 'vip' }, facts({ customer: null }))).toBe(false);
  });

  it('decides the same compiled as interpreted, on every case above', () => {
    const cases: Array<[ConditionNode, RuleFacts]> = [
      [escalationWords, customerSays('I will file a LAWSUIT tomorrow')],
      [escalationWords, customerSays('I was hangry and ordered an avocado toast')],
      [escalationWords, facts({ ticket: { subject: 'Angry about billing', description: '' } })],
      [{ field: 'customer.tier', operator: 'in', value: ['Enterprise', 'VIP'] }, facts({ customer: { tier: 'vip', email: null, language: 'fr' } })],
      [{ field: 'customer.tier', operator: 'not_in', value: ['vip'] }, facts({ customer: null })],
      [{ all: [{ field: 'ticket.priority', operator: 'in', value: ['urgent'] }, { any: [{ field: 'hours.inStatus', operator: 'gte', value: 2 }] }] }, facts({ ticket: { priority: 'urgent' }, hoursInStatus: 3 })],
    ];
    for (const [node, fact] of cases) expect(compileConditions(node)(fact)).toBe(evaluate(node, fact));
  });

  it('explains each condition for the dry run and names what a time rule measures from', () => {
    const rule: ConditionNode = { all: [{ field: 'ticket.statusCategory', operator: 'equals', value: 'pending' }, { field: 'hours.inStatus', operator: 'gte', value: 72 }] };
    expect(explain(rule, facts({ hoursInStatus: 100 }))).toEqual([
      { path: 'conditions.all[0]', field: 'ticket.statusCategory', operator: 'equals', expected: 'pending', actual: 'open', isMet: false },
      { path: 'conditions.all[1]', field: 'hours.inStatus', operator: 'gte', expected: 72, actual: 100, isMet: true },
    ]);
    expect(timeAnchorOf(rule)).toBe('status');
    expect(timeAnchorOf({ field: 'ticket.priority', operator: 'equals', value: 'low' })).toBeUndefined();
  });
});
