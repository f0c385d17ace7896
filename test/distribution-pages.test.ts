import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { createTestApp, testClock, type TestApp } from './support/app.ts';
import { seedDistributionSite } from './support/distribution-fixture.ts';

for (const dialect of DIALECTS) {
  describe(`distribution tags in pages (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect, { clock: testClock('2026-11-27T12:00:00.000Z') });
      await seedDistributionSite(t.deps);
    });
    afterAll(() => t.close());

    it('puts NewsArticle JSON-LD, Open Graph and feed links in the article head', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/news/talks-resume-hopes-rise' });
      expect(res.statusCode).toBe(200);
      const head = res.body.slice(0, res.body.indexOf('</head>'));
      expect(head).toContain('"@type":"NewsArticle"');
      expect(head).toContain('"@type":"BreadcrumbList"');
      expect(head).toContain('<meta property="og:type" content="article">');
      expect(head).toContain('<meta name="twitter:card" content="summary_large_image">');
      expect(head).toContain('<link rel="alternate" type="application/rss+xml"');
      expect(head.match(/rel="canonical"/g)).toHaveLength(1);
    });

    it("shows each card's section and image on every kind of list", async () => {
      const image =
        '<source type="image/webp" srcset="/media/2026/11/harbour-ab12-800.webp 800w, /media/2026/11/harbour-ab12-1600.webp 1600w"';
      const lead =
        /<article class="card">((?:(?!<\/article>).)*talks-resume-hopes-rise(?:(?!<\/article>).)*)<\/article>/s;
      for (const url of [
        '/',
        '/section/politics',
        '/section/iran',
        '/tag/elections',
        '/author/jane-doe',
        '/author/ali-rezaei',
      ]) {
        const card = lead.exec((await t.app.inject(url)).body)?.[1];
        expect(card, url).toBeDefined();
        expect(card, url).toContain(image);
        expect(card, url).toContain('width="1600" height="900" alt="Negotiators at the table"');
        expect(card, url).toContain('<p class="kicker"><a href="/section/iran">Iran General News</a></p>');
      }
      const markets =
        /<article class="card">((?:(?!<\/article>).)*markets-steady(?:(?!<\/article>).)*)<\/article>/s;
      const plain = markets.exec((await t.app.inject('/section/politics')).body)?.[1];
      expect(plain).toContain('<a href="/section/politics">Politics</a>');
      expect(plain).not.toContain('<img');
    });

    it('puts WebSite JSON-LD and feed links on the home pages, feed links on listings', async () => {
      for (const url of ['/', '/fa']) {
        const body = (await t.app.inject({ method: 'GET', url })).body;
        expect(body).toContain('"@type":"WebSite"');
        expect(body).toContain('"@type":"SearchAction"');
        expect(body).toContain('type="application/feed+json"');
      }
      for (const url of ['/section/politics', '/tag/elections', '/author/jane-doe']) {
        const body = (await t.app.inject({ method: 'GET', url })).body;
        expect(body).toContain(`href="${url}/feed.xml"`);
      }
    });
  });
}
