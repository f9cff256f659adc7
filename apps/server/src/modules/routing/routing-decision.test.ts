import { describe, expect, it } from 'vitest';
import { chooseAgent, compareQueueItems, orderQueue, unavailableReason, type AgentCandidate } from './routing-decision.js';

function agent(userId: string, overrides: Partial<Omit<AgentCandidate, 'skills'>> & { skills?: Record<string, number> } = {}): AgentCandidate {
  const { skills, ...rest } = overrides;
  return { userId, availability: 'online', isInShift: true, load: 0, capacity: 5, ...rest, skills: new Map(Object.entries(skills ?? {})) };
}
const none = { requiredSkills: [], cursor: null };

describe('routing choices', () => {
  it('gives nothing to agents away, offline, outside their shift or at capacity', () => {
    const candidates = [agent('a', { availability: 'away' }), agent('b', { availability: 'offline' }), agent('c', { isInShift: false }), agent('d', { load: 5, capacity: 5 })];
    expect(candidates.map(unavailableReason)).toEqual(['not_online', 'not_online', 'outside_shift', 'at_capacity']);
    for (const strategy of ['round_robin', 'least_loaded', 'skills'] as const) expect(chooseAgent(strategy, candidates, none)).toBeUndefined();
  });

  it('manual picks nobody, however free the team is', () => {
    expect(chooseAgent('manual', [agent('a')], none)).toBeUndefined();
  });

  it('round robin takes the next available member after the cursor, wrapping round and skipping those who cannot take work', () => {
    const team = [agent('c'), agent('a'), agent('b', { availability: 'away' }), agent('d')];
    expect(chooseAgent('round_robin', team, { requiredSkills: [], cursor: null })?.userId).toBe('a');
    expect(chooseAgent('round_robin', team, { requiredSkills: [], cursor: 'a' })?.userId).toBe('c');
    expect(chooseAgent('round_robin', team, { requiredSkills: [], cursor: 'c' })?.userId).toBe('d');
    expect(chooseAgent('round_robin', team, { requiredSkills: [], cursor: 'd' })?.userId).toBe('a');
    // The cursor's own agent left the team: the turn goes on from where they stood.
    expect(chooseAgent('round_robin', team, { requiredSkills: [], cursor: 'bb' })?.userId).toBe('c');
  });

  it('least loaded weighs open tickets against capacity, then fewer tickets', () => {
    const team = [agent('a', { load: 3, capacity: 4 }), agent('b', { load: 4, capacity: 10 }), agent('c', { load: 2, capacity: 5 })];
    expect(chooseAgent('least_loaded', team, none)?.userId).toBe('c');
    expect(chooseAgent('least_loaded', [agent('a', { load: 2, capacity: 4 }), agent('b', { load: 1, capacity: 2 })], none)?.userId).toBe('b');
  });

  it('skills requires every skill at its level, prefers the best match, then the least loaded', () => {
    const required = [
      { skill: 'french', level: 3 },
      { skill: 'billing', level: 2 },
    ];
    const team = [
      agent('novice', { skills: { french: 2, billing: 5 } }),
      agent('good', { skills: { french: 3, billing: 2 }, load: 0 }),
      agent('expert', { skills: { french: 5, billing: 4 }, load: 3 }),
      agent('expert-twin', { skills: { french: 4, billing: 5 }, load: 1 }),
    ];
    expect(chooseAgent('skills', team, { requiredSkills: required, cursor: null })?.userId).toBe('expert-twin');
    expect(chooseAgent('skills', team.slice(0, 2), { requiredSkills: required, cursor: null })?.userId).toBe('good');
    expect(chooseAgent('skills', team.slice(0, 1), { requiredSkills: required, cursor: null })).toBeUndefined();
    // Nothing required: the least loaded of the team (equals in a fixed order).
    expect(chooseAgent('skills', team, none)?.userId).toBe('good');
  });

  it('orders a queue urgent first, then enterprise and VIP, paid, free, then the oldest', () => {
    const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 9, minutes));
    const items = [
      { id: 'free-old', priority: 'normal', customerTier: 'free', createdAt: at(0) },
      { id: 'paid', priority: 'high', customerTier: 'paid', createdAt: at(5) },
      { id: 'urgent-free', priority: 'urgent', customerTier: 'free', createdAt: at(30) },
      { id: 'vip', priority: 'low', customerTier: 'vip', createdAt: at(20) },
      { id: 'enterprise', priority: 'normal', customerTier: 'enterprise', createdAt: at(10) },
      { id: 'no-customer', priority: 'normal', customerTier: null, createdAt: at(1) },
      { id: 'urgent-enterprise', priority: 'urgent', customerTier: 'enterprise', createdAt: at(40) },
    ];
    expect(orderQueue(items).map((item) => item.id)).toEqual(['urgent-enterprise', 'urgent-free', 'enterprise', 'vip', 'paid', 'free-old', 'no-customer']);
    expect(compareQueueItems(items[0]!, items[0]!)).toBe(0);
  });
});
