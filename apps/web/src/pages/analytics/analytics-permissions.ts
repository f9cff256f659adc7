/** Mirrors the server's analytics.read permission (the server decides, and scopes the figures to the reader). */
export const canReadAnalytics = (role: string) => role === 'admin' || role === 'manager' || role === 'agent';

/** Mirrors the server's analytics.manage permission: scheduled emails and alerts, sharing a saved report with a team. */
export const canManageAnalytics = (role: string) => role === 'admin' || role === 'manager';
