import type { paths } from '@switchboard/sdk';
import { api, unwrap } from './api/client';
import { useAsync } from './use-async';

type Listed<Path extends '/api/v1/ticket-statuses' | '/api/v1/custom-fields'> = paths[Path]['get']['responses'][200]['content']['application/json']['data'][number];
export type TicketStatus = Listed<'/api/v1/ticket-statuses'>;
export type CustomField = Listed<'/api/v1/custom-fields'>;

/** The workspace's own words for tickets: its statuses (built-in and custom) and its ticket fields, archived ones included. */
export interface WorkspaceVocabulary {
  statuses: TicketStatus[];
  ticketFields: CustomField[];
}

let cached: Promise<WorkspaceVocabulary> | undefined;

async function loadVocabulary(): Promise<WorkspaceVocabulary> {
  const [statuses, fields] = await Promise.all([
    unwrap(api.GET('/api/v1/ticket-statuses')),
    unwrap(api.GET('/api/v1/custom-fields', { params: { query: { entity: 'ticket' } } })),
  ]);
  return { statuses: statuses.data, ticketFields: fields.data };
}

/** Read once per page load, like the directory: statuses and fields change rarely. */
export function useWorkspaceVocabulary() {
  return useAsync(
    () =>
      (cached ??= loadVocabulary().catch((error) => {
        cached = undefined;
        throw error;
      })),
    [],
  );
}

/** Called by the admin screens after an edit, so the ticket screens read the new wording without a reload. */
export function forgetWorkspaceVocabulary(): void {
  cached = undefined;
}

/** Built-in statuses speak the interface language; custom ones are the workspace's own words. */
export function statusLabel(t: (key: string) => string, status: Pick<TicketStatus, 'key' | 'label' | 'isBuiltIn'>): string {
  return status.isBuiltIn ? t(`status.${status.key}`) : status.label;
}

/**
 * The statuses a ticket may be given: the active ones, and its current one even when archived, so that the
 * value it has still displays (and stays selected) without being offered to other tickets.
 */
export function statusChoices(statuses: TicketStatus[], currentKey?: string): TicketStatus[] {
  return statuses.filter((status) => !status.isArchived || status.key === currentKey);
}
