import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/databases.ts';
import { createTestApp, testClock, type TestApp } from '../../test/support/app.ts';
import { dep } from '../cache/keys.ts';
import { createArticle } from '../publishing/create-article.ts';

const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';

/** The whole app: discovery wired by compose, the real article route and page. */
for (const dialect of DIALECTS) {
  describe(`discovery on the article page (${dialect})`, () => {
    let t: TestApp;
    const clock = testClock('2026-11-27T12:00:00.000Z');

    beforeEach(async () => {
      t = await createTestApp(dialect, { clock });
    });
    afterEach(async () => {
      await t.close();
    });

    const publish = (headline: string, body: string, publishedAt = '2026-11-20T09:00:00.000Z') =>
      createArticle(t.deps, { language: 'en', headline, bodySource: body, status: 'published', publishedAt });

    async function page(slug: string, headers: Record<string, string> = {}) {
      return t.app.inject({
        method: 'GET',
        url: `/news/${slug}`,
        headers: { 'user-agent': BROWSER, ...headers },
      });
    }

    it('shows related articles and most read, and counts views after the response', async () => {
      const a = await publish(
        'Vienna nuclear talks resume',
        'Negotiators in Vienna discussed uranium enrichment, IAEA inspectors and sanctions relief.',
      );
      const b = await publish(
        'IAEA inspectors report on uranium enrichment',
        'Uranium enrichment continued, IAEA inspectors in Vienna said; sanctions relief is in doubt.',
      );
      await publish('Derby day at Azadi stadium', 'Persepolis beat Esteghlal at Azadi stadium.');
      // Newer stories fill "Latest news", which the related list must not repeat.
      for (let i = 0; i < 10; i++)
        await publish(
          `Weather update ${i}`,
          `Rain and wind in the north, day ${i}.`,
          `2026-11-27T0${i}:00:00.000Z`,
        );
      // The related model builds in the background and picks up published articles from events;
      // wait for it before the first request, or the page cache keeps a page without the module.
      const provider = t.deps.articleModules.find((p) => p.name === 'related')!;
      for (let i = 0; i < 100; i++) {
        if (
          await provider.load({
            articleId: a.id,
            language: 'en',
            shownIds: new Set([a.id]),
            now: clock().toISOString(),
          })
        )
          break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const body = (await page(a.slug)).body;
      const related = /<section[^>]*data-module="related"[\s\S]*?<\/section>/.exec(body)?.[0] ?? '';
      expect(related).toContain(`/news/${b.slug}`);
      expect(related).not.toContain('Derby day');

      await page(b.slug);
      await page(b.slug);
      await page(b.slug, { 'sec-purpose': 'prefetch' });
      await page(b.slug, { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' });
      await new Promise((r) => setTimeout(r, 200));
      // "Most read" is recomputed at most every 15 seconds.
      clock.advance(20_000);
      const cards = await t.deps.mostRead!('en');
      // b read twice, a once; the prefetch and the robot did not count.
      expect(cards.map((c) => c.id)).toEqual([b.id, a.id]);
    });
    it('shows a change made through another server in "Most read" once its invalidation arrives', async () => {
      const a = await publish('Inflation eases', 'Prices rose more slowly.');
      await page(a.slug);
      await new Promise((r) => setTimeout(r, 50));
      clock.advance(20_000);
      const headlines = async () => (await t.deps.mostRead!('en')).map((c) => c.headline);
      expect(await headlines()).toEqual(['Inflation eases']);
      // The other server wrote the row; here only the invalidation of its keys arrives (the bus).
      await t.deps.repos.articles.update(a.id, { headline: 'Inflation eases further' });
      await t.deps.cache!.cache.invalidate([dep.article(a.id)]);
      expect(await headlines()).toEqual(['Inflation eases further']);
    });
  });
}
