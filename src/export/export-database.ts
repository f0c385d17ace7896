import { sql, type Kysely, type RawBuilder, type QueryResult } from 'kysely';
import type { DialectAdapter } from '../db/dialect-adapter.ts';
import { DENY_COLUMNS, exportableTables, isExportedRow, type TableInfo } from './catalog.ts';

export const EXPORT_FORMAT = 'broadsheet-export';
export const EXPORT_VERSION = 1;
const PAGE = 2000;

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export type JsonValue = string | number | boolean | null | { $bytes: string };

export function encodeValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return { $bytes: value.toString('base64') };
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/** Reads a table a page at a time, in primary-key order (keyset), so memory stays flat at any size. */
export async function* tableRows(db: Db, table: TableInfo, columns: string[]): AsyncGenerator<unknown[]> {
  const key = table.primaryKey.length > 0 ? table.primaryKey : columns;
  const select = sql.join(columns.map((c) => sql.ref(c)));
  const order = sql.join(key.map((c) => sql.ref(c)));
  let after: unknown[] | null = null;
  let offset = 0;
  for (;;) {
    const keyset = table.primaryKey.length > 0;
    const where: RawBuilder<unknown> =
      keyset && after
        ? sql`where (${sql.join(key.map((c) => sql.ref(c)))}) > (${sql.join(after.map((v) => sql`${v}`))})`
        : sql``;
    const page: QueryResult<Record<string, unknown>> = await sql<
      Record<string, unknown>
    >`select ${select} from ${sql.table(table.name)} ${where} order by ${order} limit ${PAGE} ${keyset ? sql`` : sql`offset ${offset}`}`.execute(
      db,
    );
    for (const row of page.rows) yield columns.map((c) => row[c]);
    if (page.rows.length < PAGE) return;
    const last: Record<string, unknown> = page.rows[page.rows.length - 1]!;
    after = key.map((c): unknown => last[c]);
    offset += PAGE;
  }
}

export interface ExportSummary {
  tables: Record<string, number>;
  milliseconds: number;
}

/**
 * Writes the whole database as NDJSON (docs/export-format.md): a header line, then per table a
 * `{"table", "columns"}` line followed by one JSON array per row, then an `{"end"}` line with the
 * row counts (a truncated file is detected on restore). Streams: `write` is awaited per line.
 */
export async function exportDatabase(
  adapter: DialectAdapter,
  write: (line: string) => Promise<void>,
  options: { now: string; onTable?: (table: string, rows: number) => void },
): Promise<ExportSummary> {
  const started = Date.now();
  const tables = await exportableTables(adapter.db, adapter.name);
  const plan = tables.map((t) => ({
    table: t,
    columns: t.columns.filter((c) => !(c in (DENY_COLUMNS[t.name] ?? {}))),
  }));
  await write(
    JSON.stringify({
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: options.now,
      sourceDialect: adapter.name,
      tables: plan.map((p) => ({ name: p.table.name, columns: p.columns, primaryKey: p.table.primaryKey })),
    }) + '\n',
  );
  const counts: Record<string, number> = {};
  for (const { table, columns } of plan) {
    await write(JSON.stringify({ table: table.name, columns }) + '\n');
    let n = 0;
    let buffer: string[] = [];
    for await (const row of tableRows(adapter.db, table, columns)) {
      if (!isExportedRow(table.name, columns, row)) continue;
      buffer.push(JSON.stringify(row.map(encodeValue)));
      n++;
      if (buffer.length >= 500) {
        await write(buffer.join('\n') + '\n');
        buffer = [];
      }
    }
    if (buffer.length > 0) await write(buffer.join('\n') + '\n');
    counts[table.name] = n;
    options.onTable?.(table.name, n);
  }
  await write(JSON.stringify({ end: true, rows: counts }) + '\n');
  return { tables: counts, milliseconds: Date.now() - started };
}
