import { api, unwrap, type User } from './api/client';
import { useAsync } from './use-async';

export interface Directory {
  users: User[];
  teams: Array<{ id: string; name: string }>;
  userName(id: string | null | undefined): string | undefined;
}

let cached: Promise<Directory> | undefined;

async function loadDirectory(): Promise<Directory> {
  const [users, teams] = await Promise.all([
    unwrap(api.GET('/api/v1/users', { params: { query: { limit: 200 } } })),
    unwrap(api.GET('/api/v1/teams', { params: { query: { limit: 200 } } })),
  ]);
  const names = new Map(users.data.map((user) => [user.id, user.name]));
  return { users: users.data, teams: teams.data, userName: (id) => (id ? names.get(id) : undefined) };
}

/** The workspace's staff and teams, loaded once per page load (assignee names and pickers). */
export function useDirectory() {
  return useAsync(() => (cached ??= loadDirectory().catch((error) => {
    cached = undefined;
    throw error;
  })), []);
}
