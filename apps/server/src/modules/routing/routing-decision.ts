/**
 * Routing choices, pure: which agent of a team gets a ticket, and the order a team's queue is served in. The service
 * gathers the candidates (team members with their availability, shift, load and skills); this decides.
 */
import type { SkillLevel } from './routing.tables.js';

export const ROUTING_STRATEGIES = ['manual', 'round_robin', 'least_loaded', 'skills'] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

/** A team member as routing sees them at one moment. */
export interface AgentCandidate {
  userId: string;
  /** online, away or offline: only online agents get work. */
  availability: string;
  /** Inside their shift calendar (true for an agent without one). */
  isInShift: boolean;
  /** Open tickets assigned to them now. */
  load: number;
  /** How many open tickets they take at once. */
  capacity: number;
  /** Skill → level (1–5). */
  skills: ReadonlyMap<string, number>;
}

export interface ChoiceContext {
  /** What the ticket needs; only the skills strategy requires them. */
  requiredSkills: readonly SkillLevel[];
  /** Round robin: the member who got the team's previous ticket. */
  cursor: string | null;
}

/** Why an agent gets nothing now; undefined when they can take work. */
export function unavailableReason(candidate: AgentCandidate): 'not_online' | 'outside_shift' | 'at_capacity' | undefined {
  if (candidate.availability !== 'online') return 'not_online';
  if (!candidate.isInShift) return 'outside_shift';
  if (candidate.load >= candidate.capacity) return 'at_capacity';
  return undefined;
}

export function isAvailable(candidate: AgentCandidate): boolean {
  return unavailableReason(candidate) === undefined;
}

/** Every required skill at the required level or above. */
export function hasSkills(candidate: AgentCandidate, required: readonly SkillLevel[]): boolean {
  return required.every((need) => (candidate.skills.get(need.skill) ?? 0) >= need.level);
}

/** How well an agent fits: the sum of their levels in the required skills (higher is the better match). */
export function skillScore(candidate: AgentCandidate, required: readonly SkillLevel[]): number {
  return required.reduce((sum, need) => sum + (candidate.skills.get(need.skill) ?? 0), 0);
}

/** Load against capacity, then fewer open tickets, then the id: a stable order between equals. */
function compareLoad(a: AgentCandidate, b: AgentCandidate): number {
  const ratio = a.load / a.capacity - b.load / b.capacity;
  if (ratio !== 0) return ratio;
  if (a.load !== b.load) return a.load - b.load;
  return a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0;
}

/**
 * The agent who gets the ticket, or undefined (it stays in the team's queue). Only available agents count (online,
 * inside their shift, under capacity).
 * - round_robin: the next available member after the cursor, in a fixed order (by id), wrapping round;
 * - least_loaded: the lowest load against capacity;
 * - skills: only agents with every required skill at the required level; the best match (highest levels in those
 *   skills), then the least loaded;
 * - manual: nobody (a person assigns).
 */
export function chooseAgent(strategy: RoutingStrategy, candidates: readonly AgentCandidate[], context: ChoiceContext): AgentCandidate | undefined {
  if (strategy === 'manual') return undefined;
  const available = candidates.filter(isAvailable);
  if (available.length === 0) return undefined;
  switch (strategy) {
    case 'round_robin': {
      const ordered = [...available].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
      const cursor = context.cursor;
      return (cursor ? ordered.find((candidate) => candidate.userId > cursor) : undefined) ?? ordered[0];
    }
    case 'least_loaded':
      return available.reduce((best, candidate) => (compareLoad(candidate, best) < 0 ? candidate : best));
    case 'skills': {
      const qualified = available.filter((candidate) => hasSkills(candidate, context.requiredSkills));
      if (qualified.length === 0) return undefined;
      return qualified.reduce((best, candidate) => {
        const difference = skillScore(candidate, context.requiredSkills) - skillScore(best, context.requiredSkills);
        if (difference !== 0) return difference > 0 ? candidate : best;
        return compareLoad(candidate, best) < 0 ? candidate : best;
      });
    }
  }
}

/** A waiting ticket as the queue orders it. */
export interface QueueItem {
  priority: string;
  customerTier: string | null;
  createdAt: Date;
  id: string;
}

const PRIORITY_RANK: Record<string, number> = { urgent: 0, high: 1, normal: 1, low: 1 };
const TIER_RANK: Record<string, number> = { enterprise: 0, vip: 0, paid: 1, free: 2 };

/** Urgent first; then the customer's tier (enterprise and VIP, paid, free or none); then the oldest. */
export function compareQueueItems(a: QueueItem, b: QueueItem): number {
  const priority = (PRIORITY_RANK[a.priority] ?? 1) - (PRIORITY_RANK[b.priority] ?? 1);
  if (priority !== 0) return priority;
  const tier = (TIER_RANK[a.customerTier ?? 'free'] ?? 2) - (TIER_RANK[b.customerTier ?? 'free'] ?? 2);
  if (tier !== 0) return tier;
  const age = a.createdAt.getTime() - b.createdAt.getTime();
  if (age !== 0) return age;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The queue order as SQL, for the same decision in the database (`t` tickets, `cu` customers). */
export const QUEUE_ORDER_SQL = `CASE WHEN t.priority = 'urgent' THEN 0 ELSE 1 END, CASE cu.tier WHEN 'enterprise' THEN 0 WHEN 'vip' THEN 0 WHEN 'paid' THEN 1 ELSE 2 END, t.created_at, t.id`;

/** The team's queue in serving order. */
export function orderQueue<T extends QueueItem>(items: readonly T[]): T[] {
  return [...items].sort(compareQueueItems);
}
