import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../publishing/create-article.ts';
import { DIALECTS } from '../../test/support/databases.ts';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { createSmallSite, type SmallSite } from '../../test/support/fixtures.ts';
import { dependencyKeys, immediateKeys } from './invalidation.ts';

for (const dialect of DIALECTS) {
  describe(`dependency keys of content events on ${dialect}`, () => {
    let t: TestApp;
    let site: SmallSite;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      site = await createSmallSite(t.deps);
    });
    afterAll(async () => {
      await t.close();
    });

    it('a published article reaches its section and ancestors, tags, bylines, translations, lists, feeds and sitemaps', async () => {
      // Story 2 (index 1) is in Politics (a subsection of Iran), tagged Economy, by Sara, and translated.
      const id = site.articleIds[1]!;
      const keys = await dependencyKeys(t.deps.database.db, {
        type: 'article.published',
        articleId: id,
        language: 'en',
      });
      expect(new Set(keys)).toEqual(
        new Set([
          `article:${id}`,
          `section:${site.sectionIds.politics}`,
          `section:${site.sectionIds.iran}`,
          `tag:${site.tagIds[1]}`,
          `author:${site.authorIds[0]}`,
          `article:${site.persianIds[1]}`,
          'home:en',
          'list:en',
          'feed:en',
          'search:en',
          'sitemap',
        ]),
      );
      expect(keys).not.toContain('home:fa');
      expect(keys).not.toContain('search:fa');
      expect(keys).not.toContain(`section:${site.sectionIds.world}`);
    });

    it('an edit of a published article refreshes where it is listed, not every list of the edition', async () => {
      const id = site.articleIds[2]!; // World, Elections
      const keys = await dependencyKeys(t.deps.database.db, {
        type: 'article.updated',
        articleId: id,
        language: 'en',
      });
      expect(keys).toContain(`article:${id}`);
      expect(keys).toContain(`section:${site.sectionIds.world}`);
      expect(keys).toContain(`tag:${site.tagIds[0]}`);
      expect(keys).toContain('feed:en');
      // The edit may make it match queries it did not match: search pages are refreshed.
      expect(keys).toContain('search:en');
      expect(keys).not.toContain('list:en');
      expect(keys).not.toContain('home:en');
    });

    it('a draft touches nothing public', async () => {
      const draft = await createArticle(t.deps, {
        language: 'en',
        headline: 'Not yet',
        bodySource: 'Draft body.',
        sectionId: site.sectionIds.world!,
        tagIds: [site.tagIds[0]!],
        authorIds: [site.authorIds[0]!],
      });
      expect(
        await dependencyKeys(t.deps.database.db, {
          type: 'article.updated',
          articleId: draft.id,
          language: 'en',
        }),
      ).toEqual([`article:${draft.id}`]);
    });

    it('curation, sections, tags and bylines map to their own keys', async () => {
      const db = t.deps.database.db;
      expect(new Set(await dependencyKeys(db, { type: 'curation.changed', language: 'fa' }))).toEqual(
        new Set(['curation:fa', 'home:fa']),
      );
      expect(
        new Set(await dependencyKeys(db, { type: 'section.changed', id: site.sectionIds.faIran! })),
      ).toEqual(new Set([`section:${site.sectionIds.faIran}`, 'nav:fa', 'search:en', 'search:fa']));
      // Names are searched: a renamed tag or byline changes what queries find.
      expect(immediateKeys({ type: 'tag.changed', id: 3 })).toEqual(['tag:3', 'search:en', 'search:fa']);
      expect(immediateKeys({ type: 'author.changed', id: 5 })).toEqual([
        'author:5',
        'search:en',
        'search:fa',
      ]);
    });
  });
}
