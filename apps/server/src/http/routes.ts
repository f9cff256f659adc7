import { registerAuthRoutes } from '../modules/auth/auth.routes.js';
import { registerCustomerRoutes } from '../modules/customers/customers.routes.js';
import { registerHealthRoutes } from '../modules/health/health.routes.js';
import { registerUserRoutes } from '../modules/users/users.routes.js';
import { registerWorkspaceRoutes } from '../modules/workspaces/workspaces.routes.js';
import type { Services } from '../services.js';
import type { AppInstance } from './http-types.js';

/** Every module's routes, in one list a reader can scan. */
export function registerRoutes(app: AppInstance, services: Services): void {
  registerHealthRoutes(app, services);
  registerAuthRoutes(app, services);
  registerWorkspaceRoutes(app, services);
  registerUserRoutes(app, services);
  registerCustomerRoutes(app, services);
}
