import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import type { DialectAdapter } from '../db/dialect-adapter.ts';
import type { Repos } from '../db/repositories/index.ts';

/** Everything the web layer needs, built once in the composition root (src/compose.ts). */
export interface AppDeps {
  config: Config & { trustProxy?: boolean };
  database: DialectAdapter;
  repos: Repos;
  /** Injected so tests can move time (scheduling, embargo, expiry). */
  clock: () => Date;
  logger?: FastifyBaseLogger | boolean | { level: string };
}
