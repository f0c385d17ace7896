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
import { TEST_PG_URL } from './databases.ts';

export interface TestApp {
  app: FastifyInstance;
  deps: Composed;
  dataDir: string;
  close(): Promise<void>;
}

/** A settable clock for tests that move time (scheduling, embargo, expiry). */
export function testClock(start = '2026-11-27T12:00:00.000Z') {
  let now = new Date(start).getTime();
  const clock = () => new Date(now);
  clock.set = (iso: string) => {
    now = new Date(iso).getTime();
  };
  clock.advance = (ms: number) => {
    now += ms;
  };
  return clock;
}

/** The whole app on a fresh database (SQLite in memory or a private PostgreSQL schema), not listening. */
export async function createTestApp(
  dialect: DialectName,
  options: { clock?: () => Date } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-test-'));
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const databaseUrl = dialect === 'sqlite' ? 'sqlite::memory:' : `${TEST_PG_URL}?schema=${schema}`;
  const config = loadConfig(
    {},
    { databaseUrl, dataDir, baseUrl: 'http://news.test', siteName: 'Broadsheet Test' },
  );
  const deps = await compose(config, options.clock ? { clock: options.clock } : {});
  const app = await buildApp(deps);
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
