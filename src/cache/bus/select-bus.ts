import { sql } from 'kysely';
import type { Redis } from 'ioredis';
import type { DialectAdapter, DialectName } from '../../db/dialect-adapter.ts';
import type { InvalidationBus } from './bus.ts';
import { InProcessHub } from './in-process-bus.ts';
import { createPostgresBus } from './postgres-bus.ts';
import { createRedisBus } from './redis-bus.ts';

export interface BusContext {
  database: DialectAdapter;
  databaseUrl: string;
  /** Set when REDIS_URL is: Redis pub/sub then carries invalidations whatever the database. */
  redis?: { client: Redis; prefix: string } | undefined;
  onError?: (error: unknown) => void;
  onReconnect?: () => void;
}

/**
 * The bus each database offers by itself. SQLite: one process owns the file, so nobody else
 * needs telling. PostgreSQL: LISTEN/NOTIFY on a channel per schema, so the several app servers of
 * one site hear each other and other sites in the same database do not.
 */
const DIALECT_BUS: Record<DialectName, (ctx: BusContext) => Promise<InvalidationBus>> = {
  sqlite: async (ctx) => new InProcessHub().connect(ctx.onError),
  postgres: async (ctx) => {
    const row = await sql<{ schema: string }>`select current_schema() as schema`.execute(ctx.database.db);
    const schema = (row.rows[0]?.schema ?? 'public').toLowerCase().replace(/[^a-z0-9_]/g, '_');
    const url = new URL(ctx.databaseUrl);
    url.searchParams.delete('schema');
    return createPostgresBus({
      connectionString: url.toString(),
      channel: `bs_inval_${schema}`.slice(0, 63),
      notify: async (channel, payload) => {
        await sql`select pg_notify(${channel}, ${payload})`.execute(ctx.database.db);
      },
      ...(ctx.onError ? { onError: ctx.onError } : {}),
      ...(ctx.onReconnect ? { onReconnect: ctx.onReconnect } : {}),
    });
  },
};

/** Redis pub/sub when Redis is configured, else the database's own bus. */
export function createInvalidationBus(ctx: BusContext): Promise<InvalidationBus> {
  if (ctx.redis)
    return createRedisBus({
      client: ctx.redis.client,
      channel: `${ctx.redis.prefix}inval`,
      ...(ctx.onError ? { onError: ctx.onError } : {}),
    });
  return DIALECT_BUS[ctx.database.name](ctx);
}
