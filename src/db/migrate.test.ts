import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { migrateToLatest } from './migrate.ts';

for (const dialect of DIALECTS) {
  describe(`migrations on ${dialect}`, () => {
    let test: TestDatabase | undefined;
    afterEach(async () => test?.drop());

    it('creates the schema and is idempotent', async () => {
      test = await freshDatabase(dialect);
      await migrateToLatest(test.adapter);
      await migrateToLatest(test.adapter);
      const tables = await test.adapter.db.introspection.getTables();
      const names = tables.map((t) => t.name);
      expect(names).toEqual(
        expect.arrayContaining(['articles', 'sections', 'tags', 'authors', 'media', 'must_read']),
      );
    });
  });
}
