import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { noEvents, type PublishingDeps } from '../../publishing/deps.ts';
import { importGhost } from './import-ghost.ts';

const DIR = fileURLToPath(new URL('../../../../shared/data/ghost-json', import.meta.url));
const shared = existsSync(DIR);
if (!shared && process.env.BROADSHEET_REQUIRE_SHARED === '1') throw new Error(`fixtures missing at ${DIR}`);
const read = (name: string) => readFileSync(`${DIR}/${name}`, 'utf8');

for (const dialect of DIALECTS) {
  describe.skipIf(!shared)(`Ghost import (${dialect})`, () => {
    let db: TestDatabase;
    let deps: PublishingDeps;
    beforeEach(async () => {
      db = await freshDatabase(dialect);
      await migrateToLatest(db.adapter);
      deps = {
        database: db.adapter,
        clock: () => new Date('2026-11-27T12:00:00.000Z'),
        indexers: [],
        events: noEvents,
      };
    });
    afterEach(() => db.drop());
    const count = async (table: 'articles' | 'tags' | 'authors' | 'media' | 'redirects') =>
      Number(
        (
          await db.adapter.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('imports a Ghost 4 export with tags, bylines, images and redirects, once', async () => {
      const summary = await importGhost(deps, { json: read('v4_export.json'), language: 'en' });
      expect(summary.articlesCreated).toBeGreaterThan(0);
      expect(summary.articlesCreated + (summary.skipped.page ?? 0)).toBe(11);
      expect(await count('authors')).toBe(2);
      expect(await count('tags')).toBe(1);
      const integrations = await db.adapter.db
        .selectFrom('articles')
        .selectAll()
        .where('slug', '=', 'integrations')
        .executeTakeFirstOrThrow();
      expect(integrations.status).toBe('published');
      expect(integrations.published_at).toBe('2021-03-24T04:34:09.000Z');
      expect(integrations.excerpt).toMatch(/^Work with all your favorite apps/);
      expect(integrations.body_html).toContain('<p>');
      const image = await db.adapter.db
        .selectFrom('media')
        .selectAll()
        .where('id', '=', integrations.featured_media_id!)
        .executeTakeFirstOrThrow();
      expect(image.remote_url).toBe('https://static.ghost.org/v4.0.0/images/app-integrations.png');
      const byline = await db.adapter.db
        .selectFrom('article_authors')
        .where('article_id', '=', integrations.id)
        .selectAll()
        .execute();
      expect(byline).toHaveLength(1);
      expect(
        await db.adapter.db
          .selectFrom('redirects')
          .select('to_path')
          .where('from_path', '=', '/integrations/')
          .executeTakeFirst(),
      ).toEqual({ to_path: '/news/integrations' });
      const again = await importGhost(deps, { json: read('v4_export.json'), language: 'en' });
      expect(again.articlesCreated).toBe(0);
      expect(again.articlesUnchanged).toBe(summary.articlesCreated);
      expect(await count('authors')).toBe(2);
      expect(await count('media')).toBe(summary.mediaCreated);
    });

    it('imports Ghost 1.x and both wrapper shapes', async () => {
      expect((await importGhost(deps, { json: read('valid.json'), language: 'en' })).articlesCreated).toBe(2);
      const wrapped = await importGhost(deps, { json: read('ghost.json'), language: 'en' });
      const flat = await importGhost(deps, { json: read('ghost-flat.json'), language: 'en' });
      expect(
        wrapped.articlesCreated +
          wrapped.articlesUnchanged +
          Object.values(wrapped.skipped).reduce((a, b) => a + b, 0),
      ).toBe(3);
      expect(
        flat.articlesCreated +
          flat.articlesUnchanged +
          Object.values(flat.skipped).reduce((a, b) => a + b, 0),
      ).toBe(1);
    });

    it('refuses malformed JSON with a line, changing nothing', async () => {
      const broken = read('ghost.json').replace('"posts"', '"posts" oops');
      await expect(importGhost(deps, { json: broken, language: 'en' })).rejects.toMatchObject({
        code: 'VALIDATION',
        fields: { line: expect.any(String) },
      });
      await expect(importGhost(deps, { json: '{"foo": 1}', language: 'en' })).rejects.toMatchObject({
        code: 'VALIDATION',
      });
      expect(await count('articles')).toBe(0);
    });
  });
}
