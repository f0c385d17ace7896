import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { compose, type Composed } from '../../src/compose.ts';
import { loadConfig } from '../../src/config.ts';
import type { DialectName } from '../../src/db/dialect-adapter.ts';
import { buildApp } from '../../src/web/app.ts';
import { TEST_PG_URL } from '../support/databases.ts';
import { testClock } from '../support/app.ts';

export interface EditorialApp {
  app: FastifyInstance;
  deps: Composed;
  clock: ReturnType<typeof testClock>;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * Like createTestApp, with the scheduler left to the test (`scheduler: 'manual'`) so moving the
 * test clock never races a background run.
 */
export async function editorialApp(dialect: DialectName, start?: string): Promise<EditorialApp> {
  const clock = testClock(start);
  const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-editorial-'));
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const databaseUrl = dialect === 'sqlite' ? 'sqlite::memory:' : `${TEST_PG_URL}?schema=${schema}`;
  const config = loadConfig(
    {},
    { databaseUrl, dataDir, baseUrl: 'http://news.test', siteName: 'Broadsheet Test' },
  );
  const deps = await compose(config, { clock, scheduler: 'manual' });
  const app = await buildApp(deps);
  return {
    app,
    deps,
    clock,
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
