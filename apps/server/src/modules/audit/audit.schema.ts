import { z } from 'zod';
import { ZPageQuery } from '../../shared/pagination.js';

export const ZAuditEntry = z.object({
  sequence: z.number().int(),
  actorType: z.enum(['user', 'system', 'customer']),
  actorId: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  previousHash: z.string().describe('The hash of the entry before this one in the workspace chain.'),
  hash: z.string().describe('SHA-256 over the previous hash and this entry; editing or removing an entry breaks the chain.'),
});
export type TAuditEntry = z.infer<typeof ZAuditEntry>;

export const ZListAuditLogQuery = ZPageQuery.extend({
  action: z.string().trim().min(1).max(80).optional().describe('Only entries with this action, e.g. `auth.locked`.'),
});
export type TListAuditLogQuery = z.infer<typeof ZListAuditLogQuery>;

export const ZAlert = z.object({
  id: z.uuid(),
  kind: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  acknowledgedAt: z.string().nullable(),
});
export type TAlert = z.infer<typeof ZAlert>;

export const ALERT_STATES = ['open', 'acknowledged', 'all'] as const;

export const ZListAlertsQuery = ZPageQuery.extend({
  state: z.enum(ALERT_STATES).default('all').describe('`open` (not yet acknowledged), `acknowledged`, or `all`.'),
});
export type TListAlertsQuery = z.infer<typeof ZListAlertsQuery>;
