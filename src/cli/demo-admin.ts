import type { Composed } from '../compose.ts';
import { ensureDemoAdmin } from '../accounts/ensure-demo-admin.ts';

export interface DemoAdminCredentials {
  email: string;
  password: string;
}

/**
 * Call site for the newsroom/accounts feature: create the demo admin account (admin@example.com,
 * password from BROADSHEET_DEMO_PASSWORD or random) when the demo site was just created, or when
 * the database has no account at all (nobody could sign in otherwise), so `serve` can print its
 * credentials once. Returns null when nothing was created.
 */
export async function createDemoAdmin(
  deps: Composed,
  options: { demoCreated: boolean; env?: NodeJS.ProcessEnv },
): Promise<DemoAdminCredentials | null> {
  if (!options.demoCreated && (await deps.repos.users.count()) > 0) return null;
  const admin = await ensureDemoAdmin(deps, options.env ?? process.env);
  return admin.password ? { email: admin.email, password: admin.password } : null;
}
