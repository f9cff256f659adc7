import type { TRuleAction } from './automations.schema.js';
import type { ConditionNode } from './rule-conditions.js';

/** Words that make a customer's message urgent, in English and French (matched as words, accents and case folded). */
export const ESCALATION_WORDS = ['lawsuit', 'lawyer', 'legal action', 'angry', 'furious', 'avocat', 'poursuite', 'poursuivre', 'mise en demeure', 'fâché', 'furieux'];

/** Only what the customer wrote: a new ticket (no comment) or a customer's comment, never staff or notes. */
const FROM_CUSTOMER: ConditionNode = { any: [{ field: 'comment.authorType', operator: 'is_empty' }, { field: 'comment.authorType', operator: 'equals', value: 'customer' }] };

interface BuiltInRule {
  builtIn: string;
  name: string;
  description: string;
  triggers: string[];
  conditions: ConditionNode;
  actions: TRuleAction[];
  isActive: boolean;
  isStopProcessing: boolean;
}

/** The escalation rules every workspace starts with; admins change or turn them off, the plan limit counts them. */
export const BUILT_IN_RULES: BuiltInRule[] = [
  {
    builtIn: 'escalation.keywords',
    name: 'Escalate legal threats and angry customers',
    description: 'Escalader les menaces juridiques et les clients fâchés : « avocat », « poursuite », « mise en demeure », “lawsuit”, “angry”…',
    triggers: ['ticket.created', 'comment.created'],
    conditions: {
      all: [FROM_CUSTOMER, { field: 'text', operator: 'contains_any', value: ESCALATION_WORDS }, { field: 'ticket.tags', operator: 'excludes', value: ['escalated'] }],
    },
    actions: [
      { type: 'set_priority', priority: 'urgent' },
      { type: 'add_tags', tags: ['escalated', 'legal-or-angry'] },
      { type: 'add_note', body: 'Escalated by the rule “{{rule.name}}”: the customer’s message mentions legal action or anger. / Escaladé automatiquement : le message mentionne une action juridique ou de la colère.' },
      { type: 'notify', recipients: 'managers', byEmail: false },
    ],
    isActive: true,
    isStopProcessing: false,
  },
  {
    builtIn: 'escalation.vip',
    name: 'VIP customers first',
    description: 'Clients VIP en priorité : urgent dès l’ouverture, les gestionnaires sont avisés.',
    triggers: ['ticket.created'],
    conditions: { all: [{ field: 'customer.tier', operator: 'equals', value: 'vip' }] },
    actions: [
      { type: 'set_priority', priority: 'urgent' },
      { type: 'add_tags', tags: ['vip'] },
      { type: 'notify', recipients: 'managers', byEmail: false },
    ],
    isActive: true,
    isStopProcessing: false,
  },
  {
    builtIn: 'escalation.unresolved',
    name: 'Escalate tickets unresolved after 48 hours',
    description: 'Escalader les billets non résolus après 48 heures.',
    triggers: ['time'],
    conditions: {
      all: [
        { field: 'hours.sinceCreated', operator: 'gte', value: 48 },
        { field: 'ticket.statusCategory', operator: 'in', value: ['new', 'open'] },
        { field: 'ticket.tags', operator: 'excludes', value: ['escalated'] },
      ],
    },
    actions: [{ type: 'escalate', teamId: null }],
    isActive: true,
    isStopProcessing: false,
  },
  {
    builtIn: 'schedule.auto_close',
    name: 'Close resolved tickets after 4 days',
    description: 'Fermer les billets résolus après 4 jours (96 heures) sans nouvelle réponse du client.',
    triggers: ['time'],
    conditions: { all: [{ field: 'ticket.statusCategory', operator: 'equals', value: 'resolved' }, { field: 'hours.inStatus', operator: 'gte', value: 96 }] },
    actions: [{ type: 'close' }],
    isActive: true,
    isStopProcessing: false,
  },
  {
    builtIn: 'schedule.pending_reminder',
    name: 'Remind the customer after 3 days pending',
    description: 'Relancer le client après 3 jours en attente de sa réponse.',
    triggers: ['time'],
    conditions: { all: [{ field: 'ticket.statusCategory', operator: 'equals', value: 'pending' }, { field: 'hours.inStatus', operator: 'gte', value: 72 }] },
    actions: [
      {
        type: 'reply',
        body: 'Hello {{customer.first_name}}, we are still waiting for your answer to move ticket #{{ticket.number}} forward. Just reply to this message.',
        bodyFr: 'Bonjour {{customer.first_name}}, nous attendons toujours votre réponse pour faire avancer le billet n° {{ticket.number}}. Il suffit de répondre à ce message.',
      },
    ],
    isActive: true,
    isStopProcessing: false,
  },
];
