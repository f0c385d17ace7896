import { createRepos } from '../db/repositories/index.ts';
import { createUser } from './create-user.ts';
import type { SessionDeps } from './deps.ts';
import { generatePassword } from './passwords.ts';

export const DEMO_ADMIN_EMAIL = 'admin@example.com';

export interface DemoAdmin {
  email: string;
  /** The password, when it was set just now (printed once); null when the account already existed. */
  password: string | null;
  created: boolean;
}

/**
 * For the demo site: makes sure admin@example.com exists. A new account gets
 * BROADSHEET_DEMO_PASSWORD or a random password, returned so `serve` can print it once.
 */
export async function ensureDemoAdmin(
  deps: SessionDeps,
  env: NodeJS.ProcessEnv = process.env,
): Promise<DemoAdmin> {
  if (await createRepos(deps.database.db).users.byEmail(DEMO_ADMIN_EMAIL)) {
    return { email: DEMO_ADMIN_EMAIL, password: null, created: false };
  }
  const password = env.BROADSHEET_DEMO_PASSWORD || generatePassword();
  await createUser(deps, {
    email: DEMO_ADMIN_EMAIL,
    role: 'admin',
    name: 'Demo Admin',
    password,
    actor: null,
  });
  return { email: DEMO_ADMIN_EMAIL, password, created: true };
}

/** The lines `serve` prints after start. */
export function demoAdminBanner(baseUrl: string, admin: DemoAdmin): string {
  const url = `${baseUrl}/admin`;
  if (admin.password) return `Newsroom: ${url}\n  sign in as ${admin.email} with password ${admin.password}`;
  return `Newsroom: ${url}\n  sign in as ${admin.email} (password printed at first start; new one: broadsheet user reset-password --email ${admin.email})`;
}
