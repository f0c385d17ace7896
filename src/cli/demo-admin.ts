import type { Composed } from '../compose.ts';

export interface DemoAdminCredentials {
  email: string;
  password: string;
}

/**
 * Call site for the newsroom/accounts feature: create the demo admin account when the demo site was
 * just created (or return null when accounts do not exist yet), so `serve` can print its credentials.
 */
export async function createDemoAdmin(
  _deps: Composed,
  _options: { demoCreated: boolean },
): Promise<DemoAdminCredentials | null> {
  return null;
}
