import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { connectDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { BroadsheetError } from '../domain/errors.ts';
import { restoreDatabase } from '../export/restore-database.ts';
import { UsageError, type CliCommand } from './io.ts';

/** Lines of a file, streamed (readline's async iterator can stall when the consumer awaits I/O). */
async function* fileLines(path: string): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    rest += chunk as string;
    let start = 0;
    for (let nl = rest.indexOf('\n', start); nl !== -1; nl = rest.indexOf('\n', start)) {
      yield rest.slice(start, nl);
      start = nl + 1;
    }
    rest = rest.slice(start);
  }
  if (rest) yield rest;
}

/** `broadsheet restore FILE`: loads an export into an empty database, then rebuilds the search index. */
export const restoreCommand: CliCommand = {
  name: 'restore',
  summary: 'Load an export written by `broadsheet export` into an EMPTY database (SQLite or PostgreSQL)',
  usage: 'broadsheet restore FILE',
  async run(args, io) {
    const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
    const file = positionals[0];
    if (!file || positionals.length > 1) throw new UsageError('give exactly one export file');
    try {
      await access(file);
    } catch {
      throw new BroadsheetError('BAD_REQUEST', `cannot read ${file}`);
    }
    const config = loadConfig(io.env);
    const database = await connectDatabase(config.databaseUrl);
    let summary;
    try {
      await migrateToLatest(database);
      const lines = fileLines(file);
      try {
        summary = await restoreDatabase(database, lines);
      } catch (error) {
        if (error instanceof BroadsheetError && error.fields.line)
          throw new BroadsheetError(
            error.code,
            `${file}:${error.fields.line}: ${error.message.replace(/^line \d+: /, '')} (nothing was restored)`,
          );
        throw error;
      }
    } finally {
      await database.close();
    }
    const total = Object.values(summary.tables).reduce((a, b) => a + b, 0);
    io.stdout(
      `Restored ${total.toLocaleString('en-US')} rows (${summary.tables.articles ?? 0} articles) from ${file} in ${(summary.milliseconds / 1000).toFixed(1)} s${summary.skippedTables.length ? `; skipped unknown tables ${summary.skippedTables.join(', ')}` : ''}. Users must reset their passwords.\n`,
    );
    // Search indexes are derived and not in the export: rebuild them now.
    const { reindexCommand } = await import('./reindex.ts');
    return reindexCommand.run([], io);
  },
};
