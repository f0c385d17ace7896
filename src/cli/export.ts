import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { connectDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { exportDatabase } from '../export/export-database.ts';
import { UsageError, type CliCommand } from './io.ts';

/** `broadsheet export FILE`: the whole site as NDJSON (docs/export-format.md), streamed. */
export const exportCommand: CliCommand = {
  name: 'export',
  summary:
    'Write everything (content, bylines, taxonomy, media rows, redirects, users without secrets, settings) to FILE',
  usage: 'broadsheet export FILE',
  async run(args, io) {
    const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
    const file = positionals[0];
    if (!file || positionals.length > 1) throw new UsageError('give exactly one output file');
    const config = loadConfig(io.env);
    const database = await connectDatabase(config.databaseUrl);
    // Written beside the target and renamed at the end: a failed export never leaves a half file.
    const temp = `${file}.partial`;
    const out = createWriteStream(temp, { encoding: 'utf8' });
    try {
      await migrateToLatest(database);
      const summary = await exportDatabase(
        database,
        async (line) => {
          if (!out.write(line)) await once(out, 'drain');
        },
        {
          now: new Date().toISOString(),
          onTable: (table, rows) => {
            if (io.isTTY) io.stdout(`\r\x1b[2K${table}: ${rows.toLocaleString('en-US')} rows`);
          },
        },
      );
      out.end();
      await once(out, 'finish');
      await rename(temp, file);
      if (io.isTTY) io.stdout('\r\x1b[2K');
      const total = Object.values(summary.tables).reduce((a, b) => a + b, 0);
      io.stdout(
        `Exported ${Object.keys(summary.tables).length} tables, ${total.toLocaleString('en-US')} rows (${summary.tables.articles ?? 0} articles) to ${file} in ${(summary.milliseconds / 1000).toFixed(1)} s (${database.name}). Media files are not included: copy ${config.dataDir}/media alongside.\n`,
      );
    } catch (error) {
      out.destroy();
      await rm(temp, { force: true });
      throw error;
    } finally {
      await database.close();
    }
    return 0;
  },
};
