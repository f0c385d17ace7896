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
