import { sql, type Kysely } from 'kysely';
import type { DialectAdapter } from '../db/dialect-adapter.ts';
import { fillAuthorListingLanguage } from '../db/repositories/articles.ts';
import { BroadsheetError } from '../domain/errors.ts';
import { CATALOGS, DENY_COLUMNS, exportableTables, isExportedRow, type TableInfo } from './catalog.ts';
import { tableRows } from './export-database.ts';
import { EXPORT_FORMAT, EXPORT_VERSION, type JsonValue } from './export-database.ts';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Columns that reference their own table: inserted as null, then set once every row exists. */
const SELF_REFERENCES: Record<string, string[]> = { sections: ['parent_id'] };

function decodeValue(value: JsonValue): unknown {
  if (value !== null && typeof value === 'object' && '$bytes' in value)
    return Buffer.from(value.$bytes, 'base64');
  return value;
}

export class RestoreError extends BroadsheetError {
  constructor(message: string, line?: number) {
    super('VALIDATION', line ? `line ${line}: ${message}` : message, line ? { line: String(line) } : {});
  }
}

export interface RestoreSummary {
  tables: Record<string, number>;
  skippedTables: string[];
  milliseconds: number;
}

/**
 * Loads an export into an EMPTY database (migrated to the latest schema) in one transaction:
 * refuses a database that holds any content, and a file that is damaged or cut short.
 */
export async function restoreDatabase(
  adapter: DialectAdapter,
  lines: AsyncIterable<string>,
  options: { onTable?: (table: string, rows: number) => void } = {},
): Promise<RestoreSummary> {
  const started = Date.now();
  const target = await exportableTables(adapter.db, adapter.name);
  const byName = new Map(target.map((t) => [t.name, t]));
  for (const t of target) {
    // Rows an export never carries (generated secrets) do not make a database "not empty".
    let hasRows = false;
    if (t.name === 'settings') {
      for await (const row of tableRows(adapter.db, t, t.columns))
        if ((hasRows = isExportedRow(t.name, t.columns, row))) break;
    } else {
      const row = await sql<{ n: number }>`select count(*) as n from ${sql.table(t.name)}`.execute(
        adapter.db,
      );
      hasRows = Number(row.rows[0]?.n ?? 0) > 0;
    }
    if (hasRows)
      throw new BroadsheetError(
        'CONFLICT',
        `The database is not empty (table ${t.name} has rows): restore only into an empty database`,
      );
  }

  const summary: RestoreSummary = { tables: {}, skippedTables: [], milliseconds: 0 };
  await adapter.db.transaction().execute(async (trx: Db) => {
    let lineNo = 0;
    let header = false;
    let ended = false;
    let current: {
      info: TableInfo;
      columns: string[];
      keep: number[];
      extra: [string, unknown][];
      self: number[];
    } | null = null;
    let batch: unknown[][] = [];
    const deferred: {
      table: string;
      key: string[];
      column: string;
      rows: { key: unknown[]; value: unknown }[];
    }[] = [];

    const flush = async () => {
      if (!current || batch.length === 0) return;
      const { info, columns, keep, extra, self } = current;
      const names = [...keep.map((i) => columns[i]!), ...extra.map(([c]) => c)];
      const rows = batch.map((values) => {
        const row: Record<string, unknown> = {};
        keep.forEach((i, k) => (row[names[k]!] = self.includes(i) ? null : values[i]));
        for (const [c, v] of extra) row[c] = v;
        return row;
      });
      if (self.length > 0) {
        const key = info.primaryKey;
        for (const i of self) {
          const column = columns[i]!;
          const entry =
            deferred.find((d) => d.table === info.name && d.column === column) ??
            deferred[deferred.push({ table: info.name, key, column, rows: [] }) - 1]!;
          for (const values of batch)
            if (values[i] !== null)
              entry.rows.push({ key: key.map((k) => values[columns.indexOf(k)]), value: values[i] });
        }
      }
      const perInsert = Math.max(1, Math.floor(30000 / Math.max(1, names.length)));
      for (let i = 0; i < rows.length; i += perInsert)
        await trx
          .insertInto(info.name)
          .values(rows.slice(i, i + perInsert))
          .execute();
      summary.tables[info.name] = (summary.tables[info.name] ?? 0) + rows.length;
      batch = [];
    };

    for await (const raw of lines) {
      lineNo++;
      if (!raw.trim()) continue;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        throw new RestoreError('not valid JSON', lineNo);
      }
      if (!header) {
        const h = value as { format?: string; version?: number };
        if (h?.format !== EXPORT_FORMAT)
          throw new RestoreError('not a Broadsheet export (no header)', lineNo);
        if (h.version !== EXPORT_VERSION)
          throw new RestoreError(
            `export format version ${h.version} is not supported (expected ${EXPORT_VERSION})`,
            lineNo,
          );
        header = true;
        continue;
      }
      if (ended) throw new RestoreError('data after the end marker', lineNo);
      if (Array.isArray(value)) {
        if (current === null) {
          if (summary.skippedTables.length > 0) continue; // rows of a table this version does not have
          throw new RestoreError('a row before any table line', lineNo);
        }
        if (value.length !== current.columns.length)
          throw new RestoreError(`expected ${current.columns.length} values, found ${value.length}`, lineNo);
        batch.push((value as JsonValue[]).map(decodeValue));
        if (batch.length >= 2000) await flush();
        continue;
      }
      const record = value as {
        table?: string;
        columns?: string[];
        end?: boolean;
        rows?: Record<string, number>;
      };
      await flush();
      if (record.end) {
        ended = true;
        for (const [table, n] of Object.entries(record.rows ?? {})) {
          if (byName.has(table) && (summary.tables[table] ?? 0) !== n)
            throw new RestoreError(
              `table ${table}: the file has ${summary.tables[table] ?? 0} rows but its end marker says ${n}`,
              lineNo,
            );
        }
        continue;
      }
      if (typeof record.table !== 'string' || !Array.isArray(record.columns))
        throw new RestoreError('expected a table line', lineNo);
      const info = byName.get(record.table);
      if (!info) {
        summary.skippedTables.push(record.table);
        current = null;
        continue;
      }
      const columns = record.columns;
      const keep = columns.map((c, i) => (info.columns.includes(c) ? i : -1)).filter((i) => i >= 0);
      const denied = DENY_COLUMNS[info.name] ?? {};
      const extra = Object.entries(denied).filter(
        ([c, v]) => info.columns.includes(c) && !columns.includes(c) && v !== null,
      ) as [string, unknown][];
      const self = (SELF_REFERENCES[info.name] ?? []).map((c) => columns.indexOf(c)).filter((i) => i >= 0);
      current = { info, columns, keep, extra, self };
      summary.tables[info.name] = summary.tables[info.name] ?? 0;
    }
    await flush();
    if (!header) throw new RestoreError('the file is empty');
    if (!ended) throw new RestoreError('the file is cut short (no end marker)', lineNo);

    for (const d of deferred) {
      for (const r of d.rows) {
        let q = trx.updateTable(d.table).set({ [d.column]: r.value });
        d.key.forEach((k, i) => (q = q.where(k, '=', r.key[i])));
        await q.execute();
      }
    }
    // Exports made before byline rows carried their article's language leave it empty.
    await fillAuthorListingLanguage(trx);
    await CATALOGS[adapter.name].resetSequences(trx, target);
  });
  for (const [table, n] of Object.entries(summary.tables)) options.onTable?.(table, n);
  summary.milliseconds = Date.now() - started;
  return summary;
}
