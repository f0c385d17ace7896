import { migrateToLatest } from '../db/migrate.ts';
import { DIALECTS, freshDatabase } from '../../test/support/databases.ts';
import { testClock } from '../../test/support/app.ts';
import { createSearchIndex } from './index.ts';
import { runSearchSuite } from './search.case.ts';

for (const dialect of DIALECTS) {
  runSearchSuite(dialect, async () => {
    const db = await freshDatabase(dialect);
    await migrateToLatest(db.adapter);
    const clock = testClock();
    return {
      database: db.adapter,
      index: createSearchIndex(db.adapter, { clock }),
      clock,
      close: () => db.drop(),
    };
  });
}
