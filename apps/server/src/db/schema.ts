/** Every module's tables, gathered for Drizzle and drizzle-kit. Modules own their tables; this only lists them. */
export * from '../modules/workspaces/workspaces.tables.js';
export * from '../modules/users/users.tables.js';
export * from '../modules/auth/auth.tables.js';
export * from '../modules/audit/audit.tables.js';
export * from '../modules/customers/customers.tables.js';
export * from '../modules/tickets/tickets.tables.js';
export * from '../modules/comments/comments.tables.js';
export * from '../modules/attachments/attachments.tables.js';
export * from '../modules/events/events.tables.js';
export * from '../modules/webhooks/webhooks.tables.js';
export * from '../modules/views/views.tables.js';
export * from '../modules/presence/presence.tables.js';
export * from '../modules/notifications/notifications.tables.js';
export * from '../modules/idempotency/idempotency.tables.js';
export * from '../modules/jobs/jobs.tables.js';
