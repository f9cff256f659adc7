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

/** A view saved by someone (personal) or a manager (shared): its filters run through the same list endpoint. */
export interface SavedInboxView {
  id: string;
  name: string;
  filters: TicketFilters;
  sort: NonNullable<TicketFilters['sort']>;
}

let savedViews: Promise<SavedInboxView[]> | undefined;

export function loadSavedViews(fetchViews: () => Promise<{ data: Array<{ id: string; name: string; filters: Record<string, unknown>; sort: string }> }>): Promise<SavedInboxView[]> {
  savedViews ??= fetchViews()
    .then((page) => page.data.map((view) => ({ id: view.id, name: view.name, filters: view.filters as TicketFilters, sort: view.sort as SavedInboxView['sort'] })))
    .catch((error: unknown) => {
      savedViews = undefined;
      throw error;
    });
  return savedViews;
}
