import { boolean, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, timestampColumn, updatedAtColumn } from '../../db/columns.js';
import { workspaces } from '../workspaces/workspaces.tables.js';

export const users = pgTable(
  'users',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    language: text('language').notNull().default('en'),
    passwordHash: text('password_hash'),
    totpSecretEncrypted: text('totp_secret_encrypted'),
    isTotpEnabled: boolean('is_totp_enabled').notNull().default(false),
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: timestampColumn('locked_until'),
    deactivatedAt: timestampColumn('deactivated_at'),
    /** What the agent chose (online or away, or offline for the day); kept while they are disconnected. */
    chosenAvailability: text('chosen_availability').notNull().default('online'),
    /** What others see and routing reads: the choice while connected to the app, else offline. */
    availability: text('availability').notNull().default('offline'),
    availabilityChangedAt: timestampColumn('availability_changed_at'),
    /** How many live chats the queue gives this person at once (0: none). */
    chatCapacity: integer('chat_capacity').notNull().default(3),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [uniqueIndex('users_email_unique').on(table.workspaceId, table.email)],
);

export const teams = pgTable(
  'teams',
  {
    id: idColumn(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdAt: createdAtColumn(),
  },
  (table) => [uniqueIndex('teams_name_unique').on(table.workspaceId, table.name)],
);

export const teamMembers = pgTable(
  'team_members',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  },
  (table) => [primaryKey({ columns: [table.teamId, table.userId] }), index('team_members_user').on(table.userId)],
);
