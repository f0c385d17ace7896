import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import Fastify, { type FastifyInstance } from 'fastify';
import { compose, type Composed } from '../../src/compose.ts';
import { loadConfig } from '../../src/config.ts';
import type { DialectName } from '../../src/db/dialect-adapter.ts';
import { BroadsheetError } from '../../src/domain/errors.ts';
import { TEST_PG_URL } from './databases.ts';

export interface FeatureApp {
  app: FastifyInstance;
  deps: Composed;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * The composed dependencies with only the feature routes registered (deps.routes), on a bare
 * Fastify: tests of features that must not depend on the public site's pages being built.
 */
export async function createFeatureApp(
  dialect: DialectName,
  options: { clock?: () => Date; baseUrl?: string } = {},
): Promise<FeatureApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-feature-'));
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const databaseUrl = dialect === 'sqlite' ? 'sqlite::memory:' : `${TEST_PG_URL}?schema=${schema}`;
  const config = loadConfig(
    {},
    { databaseUrl, dataDir, baseUrl: options.baseUrl ?? 'http://news.test', siteName: 'Broadsheet Test' },
  );
  const deps = await compose(config, options.clock ? { clock: options.clock } : {});
  const app = Fastify({ routerOptions: { ignoreTrailingSlash: true, maxParamLength: 300 } });
  app.setErrorHandler(async (error, _req, reply) => {
    const status =
      error instanceof BroadsheetError
        ? error.status
        : ((error as { statusCode?: number }).statusCode ?? 500);
    return reply.status(status).send({
      error: {
        code: error instanceof BroadsheetError ? error.code : 'INTERNAL',
        message: (error as Error).message,
      },
    });
  });
  for (const register of deps.routes) await register(app, deps);
  return {
    app,
    deps,
    dataDir,
    async close() {
      await app.close();
      await deps.close();
      if (dialect === 'postgres') {
        const client = new pg.Client({ connectionString: TEST_PG_URL });
        await client.connect();
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
