import type { Config } from './config.ts';
import { connectDatabase } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createRepos } from './db/repositories/index.ts';
import type { AppDeps } from './web/deps.ts';

export interface ComposeOptions {
  clock?: () => Date;
  logger?: AppDeps['logger'];
}

/**
 * The composition root: the one place that picks backends and wires services together.
 * `serve`, every CLI command and the tests build their dependencies here.
 */
export async function compose(config: Config, options: ComposeOptions = {}): Promise<AppDeps & { close(): Promise<void> }> {
  const database = await connectDatabase(config.databaseUrl);
  await migrateToLatest(database);
  const repos = createRepos(database.db);
  return {
    config,
    database,
    repos,
    clock: options.clock ?? (() => new Date()),
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
    close: () => database.close(),
  };
}
