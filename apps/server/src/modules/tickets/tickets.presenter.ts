import type { StatusCategory } from '../workspaces/workspaces.schema.js';
import type { TicketRow } from './tickets.repository.js';
import type { TTicket } from './tickets.schema.js';

/** A ticket as the API, events and webhooks show it. */
export function presentTicket(row: TicketRow, collaboratorIds: string[]): TTicket {
  return {
    id: row.id,
    number: row.number,
    subject: row.subject,
    description: row.description,
    status: row.status,
    statusCategory: row.statusCategory as StatusCategory,
    priority: row.priority as TTicket['priority'],
    type: row.type as TTicket['type'],
    category: row.category,
    tags: row.tags,
    dueAt: row.dueAt?.toISOString() ?? null,
    assigneeId: row.assigneeId,
    teamId: row.teamId,
    customerId: row.customerId,
    channel: row.channel as TTicket['channel'],
    language: row.language as TTicket['language'],
    customFields: row.customFields,
    collaboratorIds,
    mergedIntoId: row.mergedIntoId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
  };
}
