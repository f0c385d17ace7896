import { mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/databases.ts';
import { testClock } from '../../test/support/app.ts';
import { createFeatureApp, type FeatureApp } from '../../test/support/feature-app.ts';
import { seedDistributionSite } from '../../test/support/distribution-fixture.ts';
import { createArticle } from '../publishing/create-article.ts';
import { cropSize, CROP_MIN_PIXELS } from '../media/crops.ts';
import { homeHeadMeta, loadArticleHeadMeta } from './head-meta.ts';

function jsonLd(head: string): Record<string, unknown>[] {
  return [...head.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map((m) =>
    JSON.parse(m[1]!),
  );
}
function metaContent(head: string, key: string): string[] {
  return [
    ...head.matchAll(
      new RegExp(`<meta (?:property|name)="${key.replace(/[:]/g, '\\:')}" content="([^"]*)">`, 'g'),
    ),
  ].map((m) => m[1]!);
}

describe('crop sizes', () => {
  it('takes the largest crop of each ratio, at most 1200 wide, never below 50,000 pixels', () => {
    expect(cropSize(1600, 900, '16x9')).toEqual({ width: 1200, height: 675 });
    expect(cropSize(1600, 900, '4x3')).toEqual({ width: 1200, height: 900 });
    expect(cropSize(1600, 900, '1x1')).toEqual({ width: 900, height: 900 });
    expect(cropSize(200, 200, '16x9')).toBeNull();
    const small = cropSize(300, 300, '4x3')!;
    expect(small.width * small.height).toBeGreaterThanOrEqual(CROP_MIN_PIXELS);
  });
});

for (const dialect of DIALECTS) {
  describe(`structured data and social meta (${dialect})`, () => {
    let t: FeatureApp;
    let site: Awaited<ReturnType<typeof seedDistributionSite>>;
    beforeAll(async () => {
      t = await createFeatureApp(dialect, { clock: testClock('2026-11-27T12:00:00.000Z') });
      site = await seedDistributionSite(t.deps);
      // A real image where the fixture's 1600px JPEG variant says it is.
      const file = join(t.dataDir, 'media', '2026/11/harbour-ab12-1600.jpg');
      mkdirSync(dirname(file), { recursive: true });
      const pixels = Buffer.alloc(1600 * 900 * 3);
      for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7) % 251;
      await writeFile(
        file,
        await sharp(pixels, { raw: { width: 1600, height: 900, channels: 3 } })
          .jpeg()
          .toBuffer(),
      );
    });
    afterAll(() => t.close());

    it('describes an article as NewsArticle with crops, bylines, publisher, corrections and breadcrumbs', async () => {
      const { lead, persian } = site.articles;
      await t.deps.repos.articles.addNote(
        lead.id,
        'correction',
        'An earlier version misspelt a name.',
        '2026-11-27T11:00:00.000Z',
      );
      await t.deps.repos.articles.addNote(lead.id, 'update', 'Adds reaction.', '2026-11-27T11:30:00.000Z');
      await t.deps.database.db
        .updateTable('articles')
        .set({ translation_group: 'talks' })
        .where('id', 'in', [lead.id, persian.id])
        .execute();
      const article = (await t.deps.repos.articles.byId(lead.id))!;
      const head = (await loadArticleHeadMeta(t.deps, article, t.deps.clock().toISOString())).toString();
      const [ld, crumbs] = jsonLd(head) as [Record<string, any>, Record<string, any>]; // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(ld['@type']).toBe('NewsArticle');
      expect(ld.headline).toBe('Talks <resume> & "hopes" rise');
      expect(ld.image).toEqual([
        `http://news.test/media/crops/${site.photo.id}-16x9.jpg`,
        `http://news.test/media/crops/${site.photo.id}-4x3.jpg`,
        `http://news.test/media/crops/${site.photo.id}-1x1.jpg`,
      ]);
      expect(ld.datePublished).toBe('2026-11-27T10:00:00+00:00');
      expect(ld.dateModified).toBe('2026-11-27T12:00:00+00:00');
      expect(ld.author).toEqual([
        { '@type': 'Person', name: 'Jane Doe', url: 'http://news.test/author/jane-doe' },
        { '@type': 'Person', name: 'Ali Rezaei', url: 'http://news.test/author/ali-rezaei' },
      ]);
      expect(ld.publisher.name).toBe('Broadsheet Test');
      expect(ld.publisher.logo.url).toMatch(/^http:\/\/news\.test\//);
      expect(ld.articleSection).toBe('Iran General News');
      expect(ld.inLanguage).toBe('en');
      expect(ld.correction).toEqual([
        {
          '@type': 'CorrectionComment',
          text: 'An earlier version misspelt a name.',
          datePublished: '2026-11-27T11:00:00+00:00',
        },
      ]);
      expect(crumbs['@type']).toBe('BreadcrumbList');
      expect(crumbs.itemListElement.map((i: { name: string }) => i.name)).toEqual([
        'Broadsheet Test',
        'Politics',
        'Iran General News',
        'Talks <resume> & "hopes" rise',
      ]);
      // The script cannot be closed early by data.
      expect(head).not.toContain('<resume>');

      expect(metaContent(head, 'og:type')).toEqual(['article']);
      expect(metaContent(head, 'og:url')).toEqual(['http://news.test/news/talks-resume-hopes-rise']);
      expect(metaContent(head, 'og:image')).toEqual([
        `http://news.test/media/crops/${site.photo.id}-16x9.jpg`,
      ]);
      expect(metaContent(head, 'og:image:width')).toEqual(['1200']);
      expect(metaContent(head, 'og:locale:alternate')).toEqual(['fa_IR']);
      expect(metaContent(head, 'article:published_time')).toEqual(['2026-11-27T10:00:00.000Z']);
      expect(metaContent(head, 'article:section')).toEqual(['Iran General News']);
      expect(metaContent(head, 'article:tag')).toEqual(['Elections']);
      expect(metaContent(head, 'article:author')).toEqual([
        'http://news.test/author/jane-doe',
        'http://news.test/author/ali-rezaei',
      ]);
      expect(metaContent(head, 'twitter:card')).toEqual(['summary_large_image']);
      expect(head).toContain(
        '<link rel="alternate" hreflang="en" href="http://news.test/news/talks-resume-hopes-rise">',
      );
      expect(head).toContain(
        `<link rel="alternate" hreflang="fa" href="http://news.test/fa/news/${encodeURIComponent('مذاکرات-از-سر-گرفته-شد')}">`,
      );
      expect(head).toContain('hreflang="x-default"');
    });

    it('points og:url and JSON-LD at the canonical URL of syndicated stories', async () => {
      const article = (await t.deps.repos.articles.byId(site.articles.syndicated.id))!;
      const head = (await loadArticleHeadMeta(t.deps, article, t.deps.clock().toISOString())).toString();
      expect(metaContent(head, 'og:url')).toEqual(['https://partner.example/story']);
      expect((jsonLd(head)[0] as { url: string }).url).toBe('https://partner.example/story');
      expect(metaContent(head, 'twitter:card')).toEqual(['summary']);
    });

    it('uses the remote URL of an imported image', async () => {
      const now = t.deps.clock().toISOString();
      const media = await t.deps.repos.media.create(
        {
          storageKey: 'remote/x1',
          originalName: 'x.jpg',
          mime: 'image/jpeg',
          width: 0,
          height: 0,
          bytes: 0,
          variants: [],
        },
        now,
      );
      await t.deps.database.db
        .updateTable('media')
        .set({ remote_url: 'https://old.example/wp-content/x.jpg' })
        .where('id', '=', media.id)
        .execute();
      const a = await createArticle(t.deps, {
        language: 'en',
        headline: 'Imported',
        bodySource: 'x',
        featuredMediaId: media.id,
        featuredAlt: 'x',
        status: 'published',
        publishedAt: '2026-11-27T09:30:00.000Z',
      });
      const head = (await loadArticleHeadMeta(t.deps, a, now)).toString();
      expect((jsonLd(head)[0] as { image: string[] }).image).toEqual([
        'https://old.example/wp-content/x.jpg',
      ]);
    });

    it('describes the home page as a WebSite with a SearchAction', () => {
      const head = homeHeadMeta({
        baseUrl: 'http://news.test',
        siteName: 'Broadsheet Test',
        language: 'fa',
        description: 'News',
      }).toString();
      const [ld] = jsonLd(head) as [Record<string, any>]; // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(ld['@type']).toBe('WebSite');
      expect(ld.url).toBe('http://news.test/fa/');
      expect(ld.potentialAction['@type']).toBe('SearchAction');
      expect(ld.potentialAction.target.urlTemplate).toBe('http://news.test/fa/search?q={search_term_string}');
      expect(ld.potentialAction['query-input']).toBe('required name=search_term_string');
      expect(head).toContain('<link rel="alternate" hreflang="en" href="http://news.test/">');
      expect(metaContent(head, 'og:type')).toEqual(['website']);
      expect(metaContent(head, 'og:locale')).toEqual(['fa_IR']);
    });

    it('generates crops on first request and caches them on disk', async () => {
      for (const [ratio, w, h] of [
        ['16x9', 1200, 675],
        ['4x3', 1200, 900],
        ['1x1', 900, 900],
      ] as const) {
        const url = `/media/crops/${site.photo.id}-${ratio}.jpg`;
        const res = await t.app.inject({ method: 'GET', url });
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toBe('image/jpeg');
        const meta = await sharp(res.rawPayload).metadata();
        expect([meta.width, meta.height]).toEqual([w, h]);
        expect(w * h).toBeGreaterThanOrEqual(50_000);
        expect(existsSync(join(t.dataDir, 'media', 'crops', `${site.photo.id}-${ratio}.jpg`))).toBe(true);
        const again = await t.app.inject({ method: 'GET', url });
        expect(again.rawPayload.equals(res.rawPayload)).toBe(true);
      }
      expect((await t.app.inject({ method: 'GET', url: '/media/crops/999999-16x9.jpg' })).statusCode).toBe(
        404,
      );
      expect(
        (await t.app.inject({ method: 'GET', url: `/media/crops/${site.photo.id}-2x1.jpg` })).statusCode,
      ).toBe(404);
      expect(
        (await t.app.inject({ method: 'GET', url: '/media/crops/..%2F..%2Fetc-1x1.jpg' })).statusCode,
      ).toBe(404);
    });
  });
}
