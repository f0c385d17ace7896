import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../db/dialect-adapter.ts';

export interface TableInfo {
  name: string;
  columns: string[];
  /** Primary key columns in key order (empty when the table has none). */
  primaryKey: string[];
}

/**
 * Tables never exported. Secrets and short-lived security state, Kysely's own bookkeeping, and
 * derived search indexes (each database has its own; `broadsheet reindex` rebuilds them).
 * Every other table, including ones added later, is exported: new data is kept by default.
 */
export const DENY_TABLES = new Set([
  'kysely_migration',
  'kysely_migration_lock',
  'sessions',
  'password_resets',
  'recovery_codes',
  'invitations',
  'login_throttle',
  'api_keys',
  'api_tokens',
  'search_documents',
  'search_docs',
]);

/** Columns never exported (secrets); restore fills NOT NULL ones with an unusable placeholder. */
export const DENY_COLUMNS: Record<string, Record<string, string | null>> = {
  users: {
    password_hash: '!disabled-by-restore',
    totp_secret: null,
    totp_enabled: null,
    totp_last_step: null,
  },
  webhooks: { secret: '' },
};

/**
 * Rows never exported: settings that hold secrets (generated per installation, e.g. cookie
 * signing keys). A restored site generates its own.
 */
const SECRET_SETTING = /secret|password|token|private|api[_-]?key/i;
export function isExportedRow(table: string, columns: string[], row: unknown[]): boolean {
  if (table !== 'settings') return true;
  const key = row[columns.indexOf('key')];
  return !(typeof key === 'string' && SECRET_SETTING.test(key));
}

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Where each database keeps its catalog: the one place export/restore differ by dialect. */
export interface CatalogAdapter {
  listTables(db: Db): Promise<TableInfo[]>;
  /** After inserting explicit ids: move id sequences past them. */
  resetSequences(db: Db, tables: TableInfo[]): Promise<void>;
}

const sqliteCatalog: CatalogAdapter = {
  async listTables(db) {
    const rows = await sql<{
      name: string;
      sql: string | null;
    }>`select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(
      db,
    );
    const virtual = rows.rows.filter((r) => /^\s*create\s+virtual/i.test(r.sql ?? '')).map((r) => r.name);
    const out: TableInfo[] = [];
    for (const r of rows.rows) {
      // FTS5 virtual tables and their shadow tables (`name_data`, `name_idx` ...) are derived.
      if (virtual.some((v) => r.name === v || r.name.startsWith(`${v}_`))) continue;
      const cols = await sql<{
        name: string;
        pk: number;
      }>`select name, pk from pragma_table_info(${r.name}) order by cid`.execute(db);
      out.push({
        name: r.name,
        columns: cols.rows.map((c) => c.name),
        primaryKey: cols.rows
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name),
      });
    }
    return out;
  },
  async resetSequences() {
    // AUTOINCREMENT keeps sqlite_sequence at the largest id inserted, explicit ids included.
  },
};

const postgresCatalog: CatalogAdapter = {
  async listTables(db) {
    const tables = await sql<{
      table_name: string;
    }>`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(
      db,
    );
    const cols = await sql<{
      table_name: string;
      column_name: string;
    }>`select table_name, column_name from information_schema.columns where table_schema = current_schema() order by table_name, ordinal_position`.execute(
      db,
    );
    const pks = await sql<{ table_name: string; column_name: string }>`
      select tc.table_name, kcu.column_name
      from information_schema.table_constraints tc
      join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema and kcu.table_name = tc.table_name
      where tc.table_schema = current_schema() and tc.constraint_type = 'PRIMARY KEY'
      order by tc.table_name, kcu.ordinal_position`.execute(db);
    return tables.rows.map((t) => ({
      name: t.table_name,
      columns: cols.rows.filter((c) => c.table_name === t.table_name).map((c) => c.column_name),
      primaryKey: pks.rows.filter((p) => p.table_name === t.table_name).map((p) => p.column_name),
    }));
  },
  async resetSequences(db, tables) {
    for (const t of tables) {
      if (!t.columns.includes('id')) continue;
      const seq = await sql<{
        s: string | null;
      }>`select pg_get_serial_sequence(${t.name}, 'id') as s`.execute(db);
      if (!seq.rows[0]?.s) continue;
      await sql`select setval(${seq.rows[0].s}, coalesce((select max(id) from ${sql.table(t.name)}), 0) + 1, false)`.execute(
        db,
      );
    }
  },
};

export const CATALOGS: Record<DialectName, CatalogAdapter> = {
  sqlite: sqliteCatalog,
  postgres: postgresCatalog,
};

/** Exported tables of a database, in restore order: referenced tables before referencing ones. */
export async function exportableTables(db: Db, dialect: DialectName): Promise<TableInfo[]> {
  const all = (await CATALOGS[dialect].listTables(db)).filter((t) => !DENY_TABLES.has(t.name));
  const rank = (name: string) => {
    const i = RESTORE_ORDER.indexOf(name);
    return i === -1 ? RESTORE_ORDER.length : i;
  };
  return all.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

/**
 * Foreign keys point from later tables to earlier ones in this list; tables not named here (added
 * after this was written) come after all of them, alphabetically.
 */
export const RESTORE_ORDER = [
  'settings',
  'users',
  'media',
  'sections',
  'tags',
  'authors',
  'articles',
  'article_tags',
  'article_authors',
  'article_notes',
  'article_revisions',
  'redirects',
  'must_read',
  'import_keys',
  'audit_log',
  'article_views_hourly',
  'covisit_pairs',
];
