import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../publishing/create-article.ts';
import { unpublishArticle } from '../../publishing/unpublish-article.ts';
import { updateArticle } from '../../publishing/update-article.ts';
import { DIALECTS } from '../../../test/support/databases.ts';
import { createTestApp, testClock, type TestApp } from '../../../test/support/app.ts';
import { createSmallSite, type SmallSite } from '../../../test/support/fixtures.ts';

// With the page cache off every page is assembled from the fragment cache (src/cache/memo.ts):
// these check that it shows every change at once, as the page cache's own tests do for pages.
for (const dialect of DIALECTS) {
  describe(`fragment cache under uncached pages on ${dialect}`, () => {
    let t: TestApp;
    let site: SmallSite;
    const clock = testClock();
    const previous = process.env.PAGE_CACHE;
    beforeAll(async () => {
      process.env.PAGE_CACHE = 'off';
      t = await createTestApp(dialect, { clock });
      site = await createSmallSite(t.deps);
    });
    afterAll(async () => {
      if (previous === undefined) delete process.env.PAGE_CACHE;
      else process.env.PAGE_CACHE = previous;
      await t.close();
    });

    const get = async (url: string) => {
      const res = await t.app.inject({ url });
      return { status: res.statusCode, body: res.body, cache: res.headers['x-cache'] };
    };
    const slugOf = async (id: number) => (await t.deps.repos.articles.byId(id))!.slug;
    const settle = () => t.deps.cache!.invalidator.settled();

    it('serves repeated renders from memory, with no page cache involved', async () => {
      const path = `/news/${await slugOf(site.articleIds[5]!)}`;
      await get(path);
      const before = t.deps.cache!.memo.counters.hits;
      const second = await get(path);
      expect(second.status).toBe(200);
      expect(second.cache).toBeUndefined();
      expect(t.deps.cache!.memo.counters.hits).toBeGreaterThan(before + 3);
    });

    it('shows an edited headline at once on its page and in other pages\u2019 Latest news', async () => {
      const id = site.articleIds[0]!;
      const own = `/news/${await slugOf(id)}`;
      const other = `/news/${await slugOf(site.articleIds[6]!)}`;
      expect((await get(other)).body).toContain('Story number 1 about elections');
      await get(own);
      const current = (await t.deps.repos.articles.byId(id))!;
      await updateArticle(t.deps, {
        articleId: id,
        expectedVersion: current.version,
        fields: {
          language: 'en',
          headline: 'Fragment cache keeps nothing old',
          bodySource: current.body_source,
          sectionId: current.section_id,
        },
      });
      await settle();
      expect((await get(own)).body).toContain('Fragment cache keeps nothing old');
      const page = (await get(other)).body;
      expect(page).toContain('Fragment cache keeps nothing old');
      expect(page).not.toContain('Story number 1 about elections');
      expect((await get('/')).body).toContain('Fragment cache keeps nothing old');
    });

    it('lists a new story and drops an unpublished one everywhere, and answers 404 for it', async () => {
      const other = `/news/${await slugOf(site.articleIds[7]!)}`;
      const section = '/section/world';
      await Promise.all([get(other), get(section), get('/')]);
      const story = await createArticle(t.deps, {
        language: 'en',
        headline: 'A brand new world story',
        bodySource: 'Body.',
        sectionId: site.sectionIds.world!,
        status: 'published',
      });
      await settle();
      for (const url of [other, section, '/'])
        expect((await get(url)).body).toContain('A brand new world story');
      const path = `/news/${story.slug}`;
      expect((await get(path)).status).toBe(200);
      await unpublishArticle(t.deps, { articleId: story.id });
      await settle();
      expect((await get(path)).status).toBe(404);
      for (const url of [other, section, '/'])
        expect((await get(url)).body).not.toContain('A brand new world story');
    });

    it('renames a section in the navigation and on its articles, and follows must-read curation', async () => {
      const path = `/news/${await slugOf(site.articleIds[2]!)}`; // in World
      expect((await get(path)).body).toContain('>World<');
      await t.deps.database.db
        .updateTable('sections')
        .set({ name: 'Worldwide' })
        .where('id', '=', site.sectionIds.world!)
        .execute();
      t.deps.events.emit({ type: 'section.changed', id: site.sectionIds.world! });
      await settle();
      const renamed = (await get(path)).body;
      expect(renamed).toContain('>Worldwide<');
      expect(renamed).not.toContain('>World<');

      const pick = site.articleIds[25]!;
      const pickHeadline = (await t.deps.repos.articles.byId(pick))!.headline;
      const mustRead = (body: string) =>
        body.slice(body.indexOf('must-read'), body.indexOf('must-read') + 4000);
      expect(mustRead((await get(path)).body)).not.toContain(pickHeadline);
      await t.deps.repos.mustRead.add('en', pick, null, clock().toISOString());
      t.deps.events.emit({ type: 'curation.changed', language: 'en' });
      await settle();
      expect((await get(path)).body).toContain(pickHeadline);
    });

    it('drops a must-read entry when it expires, without any event', async () => {
      const pick = site.articleIds[27]!;
      const headline = (await t.deps.repos.articles.byId(pick))!.headline;
      const expires = new Date(clock().getTime() + 10 * 60_000).toISOString();
      await t.deps.repos.mustRead.add('en', pick, expires, clock().toISOString());
      t.deps.events.emit({ type: 'curation.changed', language: 'en' });
      await settle();
      const path = `/news/${await slugOf(site.articleIds[8]!)}`;
      expect((await get(path)).body).toContain(headline);
      clock.advance(11 * 60_000);
      expect((await get(path)).body).not.toContain(headline);
    });
  });
}
