import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../dialect-adapter.ts';

/**
 * Content/Admin API and webhooks (issue 5):
 * - `api_keys`: only the SHA-256 of each key is stored (keys are 256-bit random, so a fast hash is
 *   enough); `prefix` is the first characters, shown in lists so people can tell keys apart.
 *   `scopes` is a comma list; `user_id` ties admin keys to an account so role permissions apply.
 * - `webhooks` and `webhook_deliveries`: the hooks and a log of every delivery attempt.
 */
export async function up(db: Kysely<unknown>, adapter: DialectAdapter): Promise<void> {
  await adapter
    .addIdColumn(db.schema.createTable('api_keys'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('key_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('prefix', 'varchar(20)', (c) => c.notNull())
    .addColumn('scopes', 'varchar(200)', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('last_used_at', 'varchar(30)')
    .addColumn('revoked_at', 'varchar(30)')
    .execute();

  await adapter
    .addIdColumn(db.schema.createTable('webhooks'))
    .addColumn('url', 'varchar(2000)', (c) => c.notNull())
    .addColumn('events', 'varchar(500)', (c) => c.notNull())
    .addColumn('secret', 'varchar(200)', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  await adapter
    .addIdColumn(db.schema.createTable('webhook_deliveries'))
    .addColumn('webhook_id', 'integer', (c) => c.notNull())
    .addColumn('delivery_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('event', 'varchar(50)', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('outcome', 'varchar(20)', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_hook')
    .on('webhook_deliveries')
    .columns(['webhook_id', 'id'])
    .execute();
}
