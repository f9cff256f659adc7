import type { TicketFilters } from './api/client';

const UNSOLVED: NonNullable<TicketFilters['statusCategory']> = ['new', 'open', 'pending', 'on_hold'];

export interface InboxView {
  key: 'mine' | 'unassigned' | 'team' | 'open' | 'escalated';
  filters: TicketFilters;
}

/** The built-in inbox views; "My team" needs the agent's first team. */
export function builtInViews(teamId: string | undefined): InboxView[] {
  return [
    { key: 'mine', filters: { assigneeId: 'me', statusCategory: UNSOLVED } },
    { key: 'unassigned', filters: { assigneeId: 'none', statusCategory: UNSOLVED } },
    ...(teamId ? [{ key: 'team' as const, filters: { teamId, statusCategory: UNSOLVED } }] : []),
    { key: 'open', filters: { statusCategory: UNSOLVED } },
    { key: 'escalated', filters: { priority: ['urgent'], statusCategory: UNSOLVED } },
  ];
}
