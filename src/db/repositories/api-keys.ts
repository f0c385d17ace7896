import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Selectable } from 'kysely';
import type { ApiKeyTable, DB } from '../schema.ts';

export interface ApiKeyInfo {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  userId: number | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Keys are 256 random bits: a plain SHA-256 is enough (no dictionary to guess from). */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateApiKey(): string {
  return `bsk_${randomBytes(32).toString('base64url')}`;
}

function info(row: Selectable<ApiKeyTable>): ApiKeyInfo {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes.split(',').filter(Boolean),
    userId: row.user_id,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export function createApiKeysRepo(db: Kysely<DB>) {
  return {
    /** Creates a key and returns it in clear: the only time it is ever seen. */
    async create(
      input: { name: string; scopes: readonly string[]; userId?: number | null },
      now: string,
    ): Promise<{ key: string; info: ApiKeyInfo }> {
      const key = generateApiKey();
      const row = await db
        .insertInto('api_keys')
        .values({
          name: input.name,
          key_hash: hashApiKey(key),
          prefix: key.slice(0, 10),
          scopes: input.scopes.join(','),
          user_id: input.userId ?? null,
          created_at: now,
          last_used_at: null,
          revoked_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { key, info: info(row) };
    },

    async list(): Promise<ApiKeyInfo[]> {
      return (await db.selectFrom('api_keys').selectAll().orderBy('id').execute()).map(info);
    },

    /** The live (not revoked) key with this clear text, if any. */
    async findActive(key: string): Promise<ApiKeyInfo | undefined> {
      const row = await db
        .selectFrom('api_keys')
        .selectAll()
        .where('key_hash', '=', hashApiKey(key))
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return row ? info(row) : undefined;
    },

    async touch(id: number, now: string): Promise<void> {
      await db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', id).execute();
    },

    /** Returns false when there is no such live key. */
    async revoke(id: number, now: string): Promise<boolean> {
      const result = await db
        .updateTable('api_keys')
        .set({ revoked_at: now })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}

export type ApiKeysRepo = ReturnType<typeof createApiKeysRepo>;
