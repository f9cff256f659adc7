import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config/config.js';
import { ROLES, isRole } from './modules/auth/permissions.js';
import { seedDemo } from './modules/demo/demo.seed.js';
import { PLANS, type Plan } from './modules/workspaces/workspaces.schema.js';
import { openRuntime, type Runtime } from './runtime.js';

const usage = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                                   apply database migrations
  bootstrap --workspace <slug> --email <e> --password <p> [--name <n>] [--plan basic|pro|enterprise] [--json]
                                            create a workspace and its admin; prints {"workspaceId","userId","apiToken"}
  user:create --workspace <slug> --email <e> --password <p> --role <role> [--name <n>] [--json]
  token:create --workspace <slug> --email <e> [--name <n>] [--role <role>] [--json]
  seed:demo                                 create the demo workspace (slug "demo") if it does not exist
  audit:verify                              check every audit-log hash chain; exits 1 on tampering
  keys:rotate --workspace <slug>            add a new data key and re-seal sensitive values with it
  analytics:rebuild --workspace <slug>      rebuild the dashboards' figures from the ticket history
`;

class UsageError extends Error {}

function required(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.length === 0) throw new UsageError(`--${name} is required`);
  return value;
}

async function withRuntime<T>(run: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(loadConfig());
  try {
    return await run(runtime);
  } finally {
    await runtime.close();
  }
}

function print(value: unknown, asJson: boolean, text: string): void {
  process.stdout.write(asJson ? `${JSON.stringify(value)}\n` : `${text}\n`);
}

async function requireWorkspace(runtime: Runtime, slug: string) {
  const workspace = await runtime.services.workspaces.findBySlug(slug);
  if (!workspace) throw new UsageError(`No workspace "${slug}"`);
  return workspace;
}

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      workspace: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      plan: { type: 'string' },
      role: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const asJson = values.json === true;

  switch (command) {
    case 'migrate':
      await withRuntime(async () => undefined);
      print({ migrated: true }, asJson, 'Migrations applied.');
      return 0;
    case 'bootstrap': {
      const plan = values.plan ?? 'basic';
      if (!(PLANS as readonly string[]).includes(plan)) throw new UsageError(`--plan must be one of ${PLANS.join(', ')}`);
      const result = await withRuntime((runtime) =>
        runtime.services.bootstrap.bootstrap({
          slug: required(values, 'workspace'),
          email: required(values, 'email'),
          password: required(values, 'password'),
          name: values.name,
          plan: plan as Plan,
        }),
      );
      print(result, asJson, `Workspace ${result.workspaceId}\nAdmin ${result.userId}\nAPI token (shown once): ${result.apiToken}`);
      return 0;
    }
    case 'user:create': {
      const role = required(values, 'role');
      if (!isRole(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
      const user = await withRuntime(async (runtime) => {
        const workspace = await requireWorkspace(runtime, required(values, 'workspace'));
        const email = required(values, 'email').toLowerCase();
        return runtime.services.db.transaction((tx) =>
          runtime.services.users.create(tx, workspace.id, { email, password: required(values, 'password'), role, name: values.name ?? email, language: 'en' }, null),
        );
      });
      print({ userId: user.id }, asJson, `User ${user.id} (${user.email}, ${user.role})`);
      return 0;
    }
    case 'token:create': {
      const result = await withRuntime(async (runtime) => {
        const workspace = await requireWorkspace(runtime, required(values, 'workspace'));
        const user = await runtime.services.users.findByEmail(workspace.id, required(values, 'email').toLowerCase());
        if (!user) throw new UsageError(`No user ${values.email} in ${workspace.slug}`);
        const role = values.role ?? user.role;
        if (!isRole(role) || !isRole(user.role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
        return runtime.services.db.transaction((tx) =>
          runtime.services.auth.createToken(tx, { workspaceId: workspace.id, userId: user.id, role: user.role as typeof role }, values.name ?? 'cli', role),
        );
      });
      print({ tokenId: result.token.id, apiToken: result.secret }, asJson, `API token (shown once): ${result.secret}`);
      return 0;
    }
    case 'seed:demo': {
      const created = await withRuntime(async (runtime) => {
        if (await runtime.services.workspaces.findBySlug('demo')) return false;
        await seedDemo(runtime.services);
        return true;
      });
      print({ created }, asJson, created ? 'Demo workspace created.' : 'The demo workspace already exists.');
      return 0;
    }
    case 'audit:verify': {
      const result = await withRuntime((runtime) => runtime.services.audit.verify());
      const text = result.breaks.length === 0
        ? `Audit log intact: ${result.checked} entries verified.`
        : `Audit log TAMPERED: ${result.breaks.map((item) => `workspace ${item.workspaceId} entry #${item.sequence} (${item.reason})`).join('; ')}`;
      print(result, asJson, text);
      return result.breaks.length === 0 ? 0 : 1;
    }
    case 'keys:rotate': {
      const result = await withRuntime(async (runtime) => {
        const workspace = await requireWorkspace(runtime, required(values, 'workspace'));
        const version = await runtime.services.dataKeys.rotate(workspace.id);
        const resealed = await runtime.services.customers.resealSensitiveFields(workspace.id);
        return { version, resealed };
      });
      print(result, asJson, `Data key version ${result.version} is active; ${result.resealed} customers re-sealed.`);
      return 0;
    }
    case 'analytics:rebuild': {
      const result = await withRuntime(async (runtime) => {
        const workspace = await requireWorkspace(runtime, required(values, 'workspace'));
        const started = Date.now();
        const { tickets } = await runtime.services.analytics.rebuild(workspace.id);
        return { tickets, seconds: Math.round((Date.now() - started) / 100) / 10 };
      });
      print(result, asJson, `Analytics rebuilt from ${result.tickets} tickets in ${result.seconds} s.`);
      return 0;
    }
    default:
      process.stdout.write(usage);
      return command ? 2 : 0;
  }
}

runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const isExpected = error instanceof UsageError || error instanceof ConfigError || (error as { name?: string }).name === 'AppError' || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION';
    process.stderr.write(`${isExpected ? (error as Error).message : (error as Error).stack}\n`);
    process.exit(isExpected ? 2 : 1);
  },
);
