import { registerAttachmentRoutes } from '../modules/attachments/attachments.routes.js';
import { registerAuditRoutes } from '../modules/audit/audit.routes.js';
import { registerAuthRoutes } from '../modules/auth/auth.routes.js';
import { registerChatRoutes } from '../modules/channels/chat/chat.routes.js';
import { registerMessagingRoutes } from '../modules/channels/messaging/messaging.routes.js';
import { registerEmailRoutes } from '../modules/channels/email/email.routes.js';
import { registerEmailOutboundRoutes } from '../modules/channels/email/email-outbound.routes.js';
import { registerImapMailboxRoutes } from '../modules/channels/email/imap-mailboxes.routes.js';
import { registerSatisfactionRoutes } from '../modules/satisfaction/satisfaction.routes.js';
import { registerCustomerRoutes } from '../modules/customers/customers.routes.js';
import { registerHealthRoutes } from '../modules/health/health.routes.js';
import { registerUserRoutes } from '../modules/users/users.routes.js';
import { registerWorkspaceRoutes } from '../modules/workspaces/workspaces.routes.js';
import { registerWebhookRoutes } from '../modules/webhooks/webhooks.routes.js';
import { registerCommentRoutes } from '../modules/comments/comments.routes.js';
import { registerNotificationRoutes } from '../modules/notifications/notifications.routes.js';
import { registerPresenceRoutes } from '../modules/presence/presence.routes.js';
import { registerTicketRoutes } from '../modules/tickets/tickets.routes.js';
import { registerViewRoutes } from '../modules/views/views.routes.js';
import { registerBusinessHoursRoutes } from '../modules/business-hours/business-hours.routes.js';
import { registerSlaRoutes } from '../modules/sla/sla.routes.js';
import type { Services } from '../services.js';
import type { AppInstance } from './http-types.js';

/** Every module's routes, in one list a reader can scan. */
export function registerRoutes(app: AppInstance, services: Services): void {
  registerHealthRoutes(app, services);
  registerAuthRoutes(app, services);
  registerWorkspaceRoutes(app, services);
  registerUserRoutes(app, services);
  registerAuditRoutes(app, services);
  registerCustomerRoutes(app, services);
  registerTicketRoutes(app, services);
  registerCommentRoutes(app, services);
  registerViewRoutes(app, services);
  registerPresenceRoutes(app, services);
  registerNotificationRoutes(app, services);
  registerAttachmentRoutes(app, services);
  registerWebhookRoutes(app, services);
  registerEmailRoutes(app, services);
  registerEmailOutboundRoutes(app, services);
  registerImapMailboxRoutes(app, services);
  registerSatisfactionRoutes(app, services);
  registerChatRoutes(app, services);
  registerMessagingRoutes(app, services);
  registerBusinessHoursRoutes(app, services);
  registerSlaRoutes(app, services);
}
