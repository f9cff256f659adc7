import { z } from 'zod';
import type { Database } from '../../db/database.js';
import { AppError, CommonErrorCode } from '../../shared/errors.js';
import type { AuthService } from '../auth/auth.service.js';
import { ZEmail, ZPassword } from '../users/users.schema.js';
import type { UsersService } from '../users/users.service.js';
import { PLANS, ZSlug } from './workspaces.schema.js';
import type { WorkspacesService } from './workspaces.service.js';

/** The same rules the API applies, so a workspace made from the command line is one the API accepts. */
const ZBootstrapInput = z.object({
  slug: ZSlug,
  name: z.string().trim().min(1).max(120).optional(),
  plan: z.enum(PLANS).optional(),
  email: ZEmail,
  password: ZPassword,
  adminName: z.string().trim().min(1).max(120).optional(),
});
export type BootstrapInput = z.input<typeof ZBootstrapInput>;

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

  async bootstrap(rawInput: BootstrapInput): Promise<BootstrapResult> {
    const parsed = ZBootstrapInput.safeParse(rawInput);
    if (!parsed.success) {
      const details = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
      throw new AppError(
        CommonErrorCode.ValidationFailed,
        `The workspace cannot be created: ${details.map((detail) => `${detail.path}: ${detail.message}`).join('; ')}.`,
        details,
      );
    }
    const input = parsed.data;
    return this.db.transaction(async (tx) => {
      const workspace = await this.workspaces.create(tx, { slug: input.slug, name: input.name ?? input.slug, plan: input.plan });
      const admin = await this.users.create(
        tx,
        workspace.id,
        { email: input.email, name: input.adminName ?? 'Administrator', role: 'admin', password: input.password, language: 'en' },
        null,
      );
      const { secret } = await this.auth.createToken(tx, { workspaceId: workspace.id, userId: admin.id, role: 'admin' }, 'bootstrap');
      return { workspaceId: workspace.id, userId: admin.id, apiToken: secret };
    });
  }
}
