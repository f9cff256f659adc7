import { AppError, AuthErrorCode } from '../../shared/errors.js';

export const ROLES = ['admin', 'manager', 'agent', 'reviewer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Higher ranks include everything lower ranks may do (used to cap an API token's role at its owner's). */
const roleRank: Record<Role, number> = { viewer: 0, reviewer: 1, agent: 2, manager: 3, admin: 4 };

export function isRoleWithin(role: Role, ceiling: Role): boolean {
  return roleRank[role] <= roleRank[ceiling];
}

/**
 * The permission matrix, written once. The README's table is generated from the same shape, and the
 * role × route test walks every route against it.
 */
export const PERMISSIONS = {
  'tickets.read': ['admin', 'manager', 'agent', 'reviewer', 'viewer'],
  'tickets.write': ['admin', 'manager', 'agent'],
  'tickets.delete': ['admin', 'manager'],
  'comments.public': ['admin', 'manager', 'agent'],
  'comments.internal': ['admin', 'manager', 'agent', 'reviewer'],
  'customers.read': ['admin', 'manager', 'agent', 'reviewer', 'viewer'],
  'customers.write': ['admin', 'manager', 'agent'],
  'attachments.read': ['admin', 'manager', 'agent', 'reviewer', 'viewer'],
  'attachments.write': ['admin', 'manager', 'agent', 'reviewer'],
  'users.read': ['admin', 'manager', 'agent', 'reviewer', 'viewer'],
  'users.manage': ['admin'],
  'teams.manage': ['admin', 'manager'],
  'views.write': ['admin', 'manager', 'agent', 'reviewer'],
  'views.share': ['admin', 'manager'],
  'settings.read': ['admin', 'manager', 'agent', 'reviewer', 'viewer'],
  'settings.manage': ['admin'],
  'tokens.own': ['admin', 'manager', 'agent', 'reviewer', 'viewer'],
  'account.own': ['admin', 'manager', 'agent', 'reviewer', 'viewer'],
  'tokens.manage': ['admin'],
  'webhooks.manage': ['admin'],
  'audit.read': ['admin'],
  'alerts.read': ['admin'],
  'presence.write': ['admin', 'manager', 'agent', 'reviewer'],
  'canned_responses.use': ['admin', 'manager', 'agent'],
  'canned_responses.share': ['admin', 'manager'],
  'kb.read': ['admin', 'manager', 'agent'],
  'kb.manage': ['admin', 'manager'],
  'satisfaction.read': ['admin', 'manager'],
  'bot.ask': ['admin', 'manager', 'agent'],
  'privacy.manage': ['admin'],
  'bot.manage': ['admin', 'manager'],
  'exports.read': ['admin', 'manager'],
  'analytics.read': ['admin', 'manager', 'agent'],
  'analytics.manage': ['admin', 'manager'],
  'community.read': ['admin', 'manager', 'agent'],
  'community.moderate': ['admin', 'manager', 'agent'],
  'community.manage': ['admin', 'manager'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export interface Actor {
  workspaceId: string;
  userId: string;
  role: Role;
  via: 'session' | 'token';
  credentialId: string;
}

export function can(actor: Pick<Actor, 'role'>, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(actor.role);
}

/** The one access check. Called before any service work; resources are always looked up within the actor's workspace. */
export function requireAccess(actor: Actor | undefined, permission: Permission): Actor {
  if (!actor) throw new AppError(AuthErrorCode.Unauthenticated, 'Sign in or send a valid API token.');
  if (!can(actor, permission)) {
    throw new AppError(AuthErrorCode.Forbidden, `Your role (${actor.role}) does not allow this action.`, [
      { message: `requires permission ${permission}`, permission },
    ]);
  }
  return actor;
}
