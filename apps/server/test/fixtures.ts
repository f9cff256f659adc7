/** Shapes of API answers used across tests (the server's Zod schemas are the source of truth). */
export interface Ticket {
  id: string;
  number: number;
  subject: string;
  description: string;
  status: string;
  statusCategory: string;
  priority: string;
  type: string | null;
  category: string | null;
  tags: string[];
  assigneeId: string | null;
  teamId: string | null;
  customerId: string | null;
  channel: string;
  language: string;
  customFields: Record<string, unknown>;
  collaboratorIds: string[];
  mergedIntoId: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  createdAt: string;
}

export interface Comment {
  id: string;
  ticketId: string;
  body: string;
  isPublic: boolean;
  authorType: string;
  mentionedUserIds: string[];
  isEdited: boolean;
}

export interface ApiError {
  error: { code: string; message: string; details: Array<{ path?: string; message: string }> };
}

export interface PageOf<T> {
  data: T[];
  nextCursor: string | null;
}
