import { parseArgs } from 'node:util';
import { compose } from '../compose.ts';
import { loadConfig } from '../config.ts';
import { UsageError, progressReporter, type CliCommand } from './io.ts';

/** `broadsheet reindex`: rebuilds the search index (and every other bulk-rebuildable index) from the articles. */
export const reindexCommand: CliCommand = {
  name: 'reindex',
  summary: 'Rebuild the full-text search index (and the other derived indexes) from the articles',
  usage: 'broadsheet reindex',
  async run(args, io) {
    const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
    if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}"`);
    const deps = await compose(loadConfig(io.env), { scheduler: 'manual' });
    try {
      const started = Date.now();
      const progress = progressReporter(io, 'Indexing for search');
      const indexed = await deps.search.rebuild((done, total) => progress.update(done, total));
      progress.done();
      const others: string[] = [];
      for (const indexer of deps.indexers as readonly {
        name: string;
        rebuildAll?: (db: typeof deps.database.db) => Promise<void>;
      }[]) {
        if (indexer === (deps.search as unknown) || !indexer.rebuildAll) continue;
        await indexer.rebuildAll(deps.database.db);
        others.push(indexer.name);
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      io.stdout(
        `Reindexed ${indexed.toLocaleString('en-US')} articles for search${others.length > 0 ? ` and rebuilt ${others.join(', ')}` : ''} in ${seconds} s (${deps.database.name})\n`,
      );
    } finally {
      await deps.close();
    }
    return 0;
  },
};
