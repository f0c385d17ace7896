import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../publishing/create-article.ts';
import { updateArticle } from '../../publishing/update-article.ts';
import { createTestApp, testClock, type TestApp } from '../../../test/support/app.ts';
import { DIALECTS } from '../../../test/support/databases.ts';
import { validateHtml } from '../../../test/quality/vnu.ts';

for (const dialect of DIALECTS) {
  describe(`search routes: ${dialect}`, () => {
    let t: TestApp;
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
    const api = (url: string) => t.app.inject({ method: 'GET', url });

    beforeAll(async () => {
      t = await createTestApp(dialect, { clock: testClock('2026-11-27T12:00:00.000Z') });
      const now = '2026-11-27T12:00:00.000Z';
      const section = await t.deps.repos.sections.create(
        { language: 'en', slug: 'world', name: 'World' },
        now,
      );
      const fa = await t.deps.repos.sections.create({ language: 'fa', slug: 'jahan', name: 'جهان' }, now);
      const author = await t.deps.repos.authors.create({ slug: 'sam-lee', name: 'Sam Lee' }, now);
      for (let i = 0; i < 13; i++) {
        await createArticle(t.deps, {
          language: 'en',
          headline: `Harbour report ${i} <b>bold</b>`,
          bodySource: `The harbour crane number ${i} was repaired. Dockers said "<script>alert(${i})</script>" was written on it.`,
          sectionId: section.id,
          authorIds: i === 0 ? [author.id] : [],
          status: 'published',
          publishedAt: new Date(Date.parse('2026-11-01T09:00:00.000Z') + i * 3_600_000).toISOString(),
        });
      }
      await createArticle(t.deps, {
        language: 'fa',
        headline: 'گزارش بندر',
        bodySource: 'جرثقيل بندر تعمير شد.',
        sectionId: fa.id,
        status: 'published',
        publishedAt: '2026-11-02T09:00:00.000Z',
      });
      await createArticle(t.deps, {
        language: 'en',
        headline: 'Harbour plan embargoed',
        bodySource: 'Not yet.',
        status: 'published',
        publishedAt: '2026-12-01T09:00:00.000Z',
      });
    }, 60_000);

    afterAll(async () => {
      await t?.close();
    });

    it('shows the form, and no result list, for an empty query', async () => {
      const res = await get('/search');
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('id="search-q"');
      expect(res.body).not.toContain('class="search-results"');
    });

    it('lists results with headline links, dates, escaped highlighted snippets and paging', async () => {
      const res = await get('/search?q=crane');
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<mark>crane</mark>');
      expect(res.body).not.toContain('<script>alert');
      expect(res.body).not.toContain('<b>bold</b>');
      expect(res.body).toMatch(/<time datetime="2026-11-01T2\d:00:00.000Z">/);
      expect(res.body.match(/class="search-result"/g)).toHaveLength(10);
      expect(res.body).toContain('rel="next"');
      expect(res.body).toContain('13 results');
      const page2 = await get('/search?q=crane&page=2');
      expect(page2.body.match(/class="search-result"/g)).toHaveLength(3);
      expect(page2.body).toContain('rel="prev"');
      expect(page2.body).not.toContain('rel="next"');
    });

    it('never shows articles before their time', async () => {
      expect((await get('/search?q=embargoed')).body).not.toContain('Harbour plan embargoed');
    });

    it('filters by section, author and date, and says when nothing matches', async () => {
      expect((await get('/search?q=crane&author=sam-lee')).body.match(/class="search-result"/g)).toHaveLength(
        1,
      );
      expect((await get('/search?q=crane&section=world')).body).toContain('13 results');
      expect((await get('/search?q=crane&from=2026-11-02')).body).toContain('class="empty"');
      expect((await get('/search?q=crane&to=2026-11-01')).body).toContain('13 results');
    });

    it('searches the Persian edition at /fa/search', async () => {
      const res = await get('/fa/search?q=' + encodeURIComponent('جرثقیل'));
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<html lang="fa" dir="rtl">');
      expect(res.body).toContain('گزارش بندر');
      expect((await get('/search?q=' + encodeURIComponent('جرثقیل'))).body).toContain('class="empty"');
    });

    it('answers malformed parameters with 400, clamps large pages, and never 500s', async () => {
      for (const url of [
        '/search?q=a&from=yesterday',
        '/search?q=a&page=abc',
        '/search?q=a&page=0',
        '/search?q=a&q=b',
        '/search?q=a&section=nope',
        '/search?q=a&section=%3Cx%3E',
        '/search?q=a&from=2026-02-30',
        '/api/v1/search',
        '/api/v1/search?q=a&language=xx',
        '/api/v1/search?q=a&limit=-1',
        '/search?q=a&from=2026-11-05&to=2026-11-01',
      ]) {
        const res = await get(url);
        expect(res.statusCode, url).toBe(400);
      }
      expect((await get('/search?q=crane&page=99999')).statusCode).toBe(200);
      expect((await api('/api/v1/search?q=crane&limit=5000')).json().perPage).toBe(50);
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), async (q) => {
          const res = await api(`/api/v1/search?q=${encodeURIComponent(q)}`);
          expect([200, 400]).toContain(res.statusCode);
        }),
        { numRuns: 60 },
      );
    });

    it('is served from the page cache until a change could alter what it finds', async () => {
      const first = await get('/search?q=lighthouse');
      expect(first.headers['x-cache']).toBe('MISS');
      expect(first.body).not.toContain('Lighthouse keeper');
      const again = await get('/search?q=lighthouse');
      expect(again.headers['x-cache']).toBe('HIT');
      expect(again.body).toBe(first.body);
      // A new article that matches is found at once.
      await createArticle(t.deps, {
        language: 'en',
        headline: 'Lighthouse keeper retires',
        bodySource: 'After forty years.',
        status: 'published',
        publishedAt: '2026-11-20T09:00:00.000Z',
      });
      expect((await get('/search?q=lighthouse')).body).toContain('Lighthouse keeper retires');
      // An edit that makes an older article match a cached query is found at once too.
      expect((await get('/search?q=quayside')).body).not.toContain('Harbour report 3 ');
      expect((await get('/search?q=quayside')).headers['x-cache']).toBe('HIT');
      const hit = (await t.deps.search.search({ text: 'crane number 3', language: 'en', limit: 1 })).hits[0]!;
      const article = (await t.deps.repos.articles.byId(hit.articleId))!;
      await updateArticle(t.deps, {
        articleId: article.id,
        expectedVersion: article.version,
        fields: {
          language: 'en',
          headline: article.headline,
          bodySource: `${article.body_source} Moved to the quayside.`,
          sectionId: article.section_id,
        },
      });
      const after = await get('/search?q=quayside');
      expect(after.headers['x-cache']).toBe('MISS');
      expect(after.body).toContain(`/news/${article.slug}`);
    });

    it('serves JSON at /api/v1/search', async () => {
      const res = await api('/api/v1/search?q=crane&limit=5&language=en');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.total).toBe(13);
      expect(body.results).toHaveLength(5);
      expect(body.results[0]).toMatchObject({ language: 'en', section: { name: 'World' } });
      expect(body.results[0].url).toMatch(/^http:\/\/news\.test\/news\//);
      expect(body.results[0].snippet.some((s: { match: boolean }) => s.match)).toBe(true);
      expect(body.results[0].snippetHtml).toContain('<mark>crane</mark>');
      expect(body.results[0].snippetHtml).not.toContain('<script>');
      expect(body.next).toContain('page=2');
    });

    // The markup does not depend on the database: validate it once, on SQLite.
    if (dialect === 'sqlite')
      it('renders valid HTML (Nu checker)', async () => {
        const pages = {
          empty: (await get('/search')).body,
          results: (await get('/search?q=crane&page=2')).body,
          none: (await get('/search?q=zzz')).body,
          fa: (await get('/fa/search?q=بندر')).body,
        };
        expect(await validateHtml(pages)).toEqual([]);
      }, 60_000);
  });
}
