import type { Services } from '../../services.js';

export const DEMO_LOGIN = { workspace: 'demo', email: 'admin@demo.switchboard.test', password: 'switchboard-demo' } as const;

/** Creates the demo workspace on first start; returns whether it did. */
export async function ensureDemoWorkspace(services: Services): Promise<boolean> {
  if (await services.workspaces.findBySlug(DEMO_LOGIN.workspace)) return false;
  await seedDemo(services);
  return true;
}

export async function seedDemo(services: Services): Promise<{ workspaceId: string }> {
  const { workspaceId } = await services.bootstrap.bootstrap({
    slug: DEMO_LOGIN.workspace,
    name: 'Demo',
    plan: 'enterprise',
    email: DEMO_LOGIN.email,
    password: DEMO_LOGIN.password,
    adminName: 'Alex Admin',
  });
  return { workspaceId };
}
