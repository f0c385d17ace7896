import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DIALECTS } from '../../test/support/databases.ts';
import { testClock } from '../../test/support/app.ts';
import { createFeatureApp, type FeatureApp } from '../../test/support/feature-app.ts';
import { seedDistributionSite } from '../../test/support/distribution-fixture.ts';
import { SITEMAP_MAX_URLS } from './sitemaps.ts';

const xml = new XMLParser({
  ignoreAttributes: false,
  isArray: (name) => ['url', 'sitemap', 'image:image'].includes(name),
});

for (const dialect of DIALECTS) {
  describe(`sitemaps (${dialect})`, () => {
    let t: FeatureApp;
    beforeAll(async () => {
      t = await createFeatureApp(dialect, { clock: testClock('2026-11-27T12:00:00.000Z') });
      await seedDistributionSite(t.deps);
    });
    afterAll(() => t.close());
    const get = async (url: string) => {
      const res = await t.app.inject({ method: 'GET', url });
      return res;
    };

    it('indexes monthly article sitemaps and taxonomy sitemaps', async () => {
      const res = await get('/sitemap.xml');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/xml/);
      expect(XMLValidator.validate(res.body)).toBe(true);
      const locs = xml.parse(res.body).sitemapindex.sitemap.map((s: { loc: string }) => s.loc);
      expect(locs).toEqual([
        'http://news.test/sitemaps/articles-2026-10.xml',
        'http://news.test/sitemaps/articles-2026-11.xml',
        'http://news.test/sitemaps/sections.xml',
        'http://news.test/sitemaps/tags.xml',
        'http://news.test/sitemaps/authors.xml',
      ]);
      const nov = xml.parse(res.body).sitemapindex.sitemap[1];
      expect(nov.lastmod).toBe('2026-11-27T12:00:00Z');
      expect(
        (
          await t.app.inject({
            method: 'GET',
            url: '/sitemap.xml',
            headers: { 'if-none-match': res.headers.etag as string },
          })
        ).statusCode,
      ).toBe(304);
    });

    it('lists only public, canonical article URLs with images and lastmod', async () => {
      const res = await get('/sitemaps/articles-2026-11.xml');
      expect(res.statusCode).toBe(200);
      expect(XMLValidator.validate(res.body)).toBe(true);
      const urls = xml.parse(res.body).urlset.url as {
        loc: string;
        lastmod: string;
        'image:image'?: { 'image:loc': string }[];
      }[];
      expect(urls.map((u) => u.loc)).toEqual([
        'http://news.test/news/markets-steady',
        `http://news.test/fa/news/${encodeURIComponent('مذاکرات-از-سر-گرفته-شد')}`,
        'http://news.test/news/talks-resume-hopes-rise',
      ]);
      const lead = urls[2]!;
      expect(lead.lastmod).toBe('2026-11-27T12:00:00Z');
      expect(lead['image:image']![0]!['image:loc']).toBe(
        'http://news.test/media/2026/11/harbour-ab12-1600.jpg',
      );
      for (const hidden of [
        'secret-draft',
        'scheduled-story',
        'embargoed-story',
        'pulled-story',
        'syndicated',
      ])
        expect(res.body).not.toContain(hidden);
      expect((await get('/sitemaps/articles-2026-10.xml')).body).toContain('an-october-story');
      expect((await get('/sitemaps/articles-2026-09.xml')).statusCode).toBe(404);
      expect((await get('/sitemaps/articles-2026-13.xml')).statusCode).toBe(404);
      expect((await get('/sitemaps/nonsense.xml')).statusCode).toBe(404);
    });

    it('lists sections, tags and authors that have public stories', async () => {
      const sections = xml
        .parse((await get('/sitemaps/sections.xml')).body)
        .urlset.url.map((u: { loc: string }) => u.loc);
      expect(sections).toEqual(
        expect.arrayContaining([
          'http://news.test/section/politics',
          'http://news.test/section/iran',
          `http://news.test/fa/section/${encodeURIComponent('سیاست')}`,
        ]),
      );
      const tags = xml
        .parse((await get('/sitemaps/tags.xml')).body)
        .urlset.url.map((u: { loc: string; lastmod: string }) => [u.loc, u.lastmod]);
      expect(tags).toContainEqual(['http://news.test/tag/elections', '2026-11-27T10:00:00Z']);
      const authors = xml
        .parse((await get('/sitemaps/authors.xml')).body)
        .urlset.url.map((u: { loc: string }) => u.loc);
      expect(authors).toEqual(['http://news.test/author/jane-doe', 'http://news.test/author/ali-rezaei']);
    });

    it('serves a Google News sitemap of the last two days', async () => {
      const res = await get('/news-sitemap.xml');
      expect(res.statusCode).toBe(200);
      expect(XMLValidator.validate(res.body)).toBe(true);
      const urls = xml.parse(res.body).urlset.url;
      expect(urls.map((u: { loc: string }) => u.loc)).toEqual([
        'http://news.test/news/talks-resume-hopes-rise',
        `http://news.test/fa/news/${encodeURIComponent('مذاکرات-از-سر-گرفته-شد')}`,
        'http://news.test/news/markets-steady',
      ]);
      const lead = urls[0]['news:news'];
      expect(lead['news:publication']).toEqual({ 'news:name': 'Broadsheet Test', 'news:language': 'en' });
      expect(lead['news:publication_date']).toBe('2026-11-27T10:00:00Z');
      expect(lead['news:title']).toBe('Talks <resume> & "hopes" rise');
      expect(urls[1]['news:news']['news:publication']['news:language']).toBe('fa');
      expect(res.body).not.toContain('an-october-story');
    });

    it('serves robots.txt naming both sitemaps', async () => {
      const res = await get('/robots.txt');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      const lines = res.body.split('\n');
      expect(lines).toContain('Sitemap: http://news.test/sitemap.xml');
      expect(lines).toContain('Sitemap: http://news.test/news-sitemap.xml');
      expect(lines).toContain('Disallow: /admin');
      expect(lines).toContain('Disallow: /search');
    });
  });
}

describe('sitemap splitting', () => {
  it(`splits a month past ${SITEMAP_MAX_URLS} URLs`, async () => {
    const t = await createFeatureApp('sqlite', { clock: testClock('2026-11-27T12:00:00.000Z') });
    try {
      // Insert rows directly: 50,001 articles in one month is a bulk fixture, not a publishing test.
      const base = {
        language: 'en',
        headline: 'h',
        standfirst: '',
        excerpt: '',
        body_format: 'markdown',
        body_source: '',
        body_html: '',
        word_count: 0,
        status: 'published' as const,
        section_id: null,
        featured_media_id: null,
        featured_alt: '',
        featured_caption: '',
        featured_credit: '',
        canonical_url: null,
        seo_title: null,
        seo_description: null,
        translation_group: null,
        embargo_until: null,
        unpublish_at: null,
        version: 1,
      };
      await t.deps.database.db.transaction().execute(async (trx) => {
        const rows = Array.from({ length: SITEMAP_MAX_URLS + 1 }, (_, i) => {
          const at = new Date(Date.UTC(2026, 9, 1) + i * 30_000).toISOString();
          return { ...base, slug: `s-${i}`, created_at: at, updated_at: at, published_at: at };
        });
        for (let i = 0; i < rows.length; i += 1000)
          await trx
            .insertInto('articles')
            .values(rows.slice(i, i + 1000))
            .execute();
      });
      const index = (await t.app.inject({ method: 'GET', url: '/sitemap.xml' })).body;
      expect(index).toContain('/sitemaps/articles-2026-10.xml');
      expect(index).toContain('/sitemaps/articles-2026-10-2.xml');
      const page2 = (await t.app.inject({ method: 'GET', url: '/sitemaps/articles-2026-10-2.xml' })).body;
      expect(xml.parse(page2).urlset.url).toHaveLength(1);
      expect(page2).toContain(`/news/s-${SITEMAP_MAX_URLS}<`);
      const page1 = (await t.app.inject({ method: 'GET', url: '/sitemaps/articles-2026-10.xml' })).body;
      expect(page1.split('<url>').length - 1).toBe(SITEMAP_MAX_URLS);
    } finally {
      await t.close();
    }
  }, 60_000);
});
