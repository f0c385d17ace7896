import { migrateToLatest } from '../db/migrate.ts';
import { DIALECTS, freshDatabase } from '../../test/support/databases.ts';
import { testClock } from '../../test/support/app.ts';
import type { RankingOptions } from './search-index.ts';
import { createSearchIndex } from './index.ts';
import { runSearchSuite } from './search.case.ts';

function suite(name: string, dialect: (typeof DIALECTS)[number], ranking?: Partial<RankingOptions>) {
  runSearchSuite(name, async () => {
    const db = await freshDatabase(dialect);
    await migrateToLatest(db.adapter);
    const clock = testClock();
    return {
      database: db.adapter,
      index: createSearchIndex(db.adapter, { clock, ...(ranking ? { ranking } : {}) }),
      clock,
      close: () => db.drop(),
    };
  });
}

for (const dialect of DIALECTS) suite(dialect, dialect);

// SQLite's large-archive paths on small data: the edition facet (and, on the Persian corpus, common
// words) too frequent for bm25, ranked over the candidates' range; then no word affordable at all,
// ranked by the title boost and freshness alone.
if (DIALECTS.includes('sqlite')) {
  suite('sqlite, filters left out of bm25', 'sqlite', { rankDfLimit: 3 });
  suite('sqlite, no word affordable to bm25', 'sqlite', { rankDfLimit: 0 });
}
