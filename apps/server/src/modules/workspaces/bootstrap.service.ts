import type { Database } from '../../db/database.js';
import type { AuthService } from '../auth/auth.service.js';
import type { UsersService } from '../users/users.service.js';
import type { Plan } from './workspaces.schema.js';
import type { WorkspacesService } from './workspaces.service.js';

export interface BootstrapInput {
  slug: string;
  name?: string;
  plan?: Plan;
  email: string;
  password: string;
  adminName?: string;
}

export interface BootstrapResult {
  workspaceId: string;
  userId: string;
  apiToken: string;
}

/** Creates a workspace, its first admin and an admin API token, all or nothing. */
export class BootstrapService {
  constructor(
    private readonly db: Database,
    private readonly workspaces: WorkspacesService,
    private readonly users: UsersService,
    private readonly auth: AuthService,
  ) {}

  async bootstrap(input: BootstrapInput): Promise<BootstrapResult> {
    return this.db.transaction(async (tx) => {
      const workspace = await this.workspaces.create(tx, { slug: input.slug, name: input.name ?? input.slug, plan: input.plan });
      const admin = await this.users.create(
        tx,
        workspace.id,
        { email: input.email.toLowerCase(), name: input.adminName ?? 'Administrator', role: 'admin', password: input.password, language: 'en' },
        null,
      );
      const { secret } = await this.auth.createToken(tx, { workspaceId: workspace.id, userId: admin.id, role: 'admin' }, 'bootstrap');
      return { workspaceId: workspace.id, userId: admin.id, apiToken: secret };
    });
  }
}
