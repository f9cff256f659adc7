/** The rules of SLA policies that need no database: defaults, matching, which metrics a policy targets. */

export const SLA_METRICS = ['first_response', 'next_response', 'resolution'] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];

export const SLA_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type SlaPriority = (typeof SLA_PRIORITIES)[number];

/** Each condition is a set of accepted values; an empty set accepts anything. All conditions must hold. */
export interface SlaConditions {
  priorities: string[];
  tiers: string[];
  channels: string[];
  categories: string[];
}

/** Minutes per metric (null: no target for that metric). */
export type SlaTargets = Record<'firstResponseMinutes' | 'nextResponseMinutes' | 'resolutionMinutes', number | null>;
export type SlaTargetsByPriority = Record<SlaPriority, SlaTargets>;

export interface SlaBreachActions {
  /** One step up: low → normal → high → urgent. */
  isPriorityRaised: boolean;
  /** Reassigned to this team (its queue) on a breach. */
  reassignTeamId: string | null;
  /** In-app notification to the assignee and the workspace's managers and admins. */
  isNotified: boolean;
}

export const NO_CONDITIONS: SlaConditions = { priorities: [], tiers: [], channels: [], categories: [] };

/**
 * The built-in default: first response urgent 15 minutes, high 1 hour, normal 4 hours, low 8 hours; resolution
 * 4 / 8 / 24 / 48 hours; the next response is held to the first response's target.
 */
export const DEFAULT_TARGETS: SlaTargetsByPriority = {
  urgent: { firstResponseMinutes: 15, nextResponseMinutes: 15, resolutionMinutes: 4 * 60 },
  high: { firstResponseMinutes: 60, nextResponseMinutes: 60, resolutionMinutes: 8 * 60 },
  normal: { firstResponseMinutes: 4 * 60, nextResponseMinutes: 4 * 60, resolutionMinutes: 24 * 60 },
  low: { firstResponseMinutes: 8 * 60, nextResponseMinutes: 8 * 60, resolutionMinutes: 48 * 60 },
};

export const DEFAULT_BREACH_ACTIONS: SlaBreachActions = { isPriorityRaised: false, reassignTeamId: null, isNotified: true };

/** What a policy's conditions look at. */
export interface TicketFacts {
  priority: string;
  tier: string | null;
  channel: string;
  category: string | null;
}

export interface MatchablePolicy {
  id: string;
  position: number;
  isActive: boolean;
  isDefault: boolean;
  conditions: SlaConditions;
}

export function matchesConditions(conditions: SlaConditions, facts: TicketFacts): boolean {
  const accepts = (values: string[], value: string | null) => values.length === 0 || (value !== null && values.includes(value));
  return accepts(conditions.priorities, facts.priority) && accepts(conditions.tiers, facts.tier) && accepts(conditions.channels, facts.channel) && accepts(conditions.categories, facts.category);
}

/** The first active policy by position whose conditions hold, else the default policy if it is active. */
export function choosePolicy<T extends MatchablePolicy>(policies: readonly T[], facts: TicketFacts): T | undefined {
  const ordered = [...policies].filter((policy) => policy.isActive).sort((a, b) => a.position - b.position);
  return ordered.find((policy) => !policy.isDefault && matchesConditions(policy.conditions, facts)) ?? ordered.find((policy) => policy.isDefault);
}

/** The minutes a policy gives a metric at a priority; null: that metric has no target. */
export function targetMinutesOf(targets: SlaTargetsByPriority, priority: string, metric: SlaMetric): number | null {
  const byPriority = targets[(SLA_PRIORITIES as readonly string[]).includes(priority) ? (priority as SlaPriority) : 'normal'];
  if (metric === 'first_response') return byPriority.firstResponseMinutes;
  if (metric === 'next_response') return byPriority.nextResponseMinutes;
  return byPriority.resolutionMinutes;
}

const PRIORITY_STEPS = ['low', 'normal', 'high', 'urgent'];

/** One priority up; urgent stays urgent. */
export function raisedPriority(priority: string): string {
  const index = PRIORITY_STEPS.indexOf(priority);
  return index < 0 ? priority : PRIORITY_STEPS[Math.min(index + 1, PRIORITY_STEPS.length - 1)]!;
}
