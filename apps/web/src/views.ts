import { api, unwrap, type TicketFilters } from './api/client';
import { useAsync } from './use-async';

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

interface ViewSources {
  teamId: string | undefined;
  saved: SavedInboxView[];
}

let sources: { userId: string; promise: Promise<ViewSources> } | undefined;

/** The agent's team and saved views, read once per page load and shared by the sidebar and the inbox. */
function loadViewSources(userId: string): Promise<ViewSources> {
  if (sources?.userId !== userId) {
    const promise = Promise.all([
      unwrap(api.GET('/api/v1/users/{userId}', { params: { path: { userId } } })),
      unwrap(api.GET('/api/v1/views')),
    ]).then(([me, views]) => ({
      teamId: me.teamIds[0],
      saved: views.data.map((view) => ({ id: view.id, name: view.name, filters: view.filters as TicketFilters, sort: view.sort })),
    }));
    promise.catch(() => {
      if (sources?.promise === promise) sources = undefined;
    });
    sources = { userId, promise };
  }
  return sources.promise;
}

/** The inbox views of the signed-in agent: the built-in ones (with "My team" once the team is known) and the saved ones. */
export function useInboxViews(userId: string): { builtIn: InboxView[]; saved: SavedInboxView[]; isLoaded: boolean } {
  const [state] = useAsync(() => loadViewSources(userId), [userId]);
  const loaded = state.status === 'ready' ? state.value : undefined;
  return { builtIn: builtInViews(loaded?.teamId), saved: loaded?.saved ?? [], isLoaded: loaded !== undefined };
}
