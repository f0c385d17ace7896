import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Parser from 'rss-parser';
import { extractFromJson, extractFromXml } from '@extractus/feed-extractor';
import { XMLValidator } from 'fast-xml-parser';
import { DIALECTS } from '../../test/support/databases.ts';
import { testClock } from '../../test/support/app.ts';
import { createFeatureApp, type FeatureApp } from '../../test/support/feature-app.ts';
import { seedDistributionSite } from '../../test/support/distribution-fixture.ts';
import { createArticle } from '../publishing/create-article.ts';
import { publishArticle } from '../publishing/publish-article.ts';
import { feedLinks } from './autodiscovery.ts';
import { feedPath } from './paths.ts';

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const rssParser = new Parser<Loose, Loose>({
  customFields: {
    item: [
      ['dc:creator', 'creators', { keepArray: true }],
      ['media:content', 'media'],
    ],
  },
});

for (const dialect of DIALECTS) {
  describe(`feeds (${dialect})`, () => {
    let t: FeatureApp;
    let site: Awaited<ReturnType<typeof seedDistributionSite>>;
    beforeAll(async () => {
      t = await createFeatureApp(dialect, { clock: testClock('2026-11-27T12:00:00.000Z') });
      site = await seedDistributionSite(t.deps);
    });
    afterAll(() => t.close());

    const get = (url: string, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'GET', url, headers });

    it('serves RSS 2.0 with full content, creators, media and self link', async () => {
      const res = await get('/feed.xml');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/rss\+xml/);
      expect(XMLValidator.validate(res.body)).toBe(true);
      const feed = await rssParser.parseString(res.body);
      expect(feed.title).toBe('Broadsheet Test');
      expect(feed.link).toBe('http://news.test/');
      const titles = feed.items.map((i) => i.title);
      expect(titles).toEqual([
        'Talks <resume> & "hopes" rise',
        'Syndicated from a partner',
        'Markets steady',
        'An October story',
      ]);
      const lead = feed.items[0]!;
      expect(lead.link).toBe('http://news.test/news/talks-resume-hopes-rise');
      expect(lead.guid).toBe(lead.link);
      expect(new Date(lead.pubDate!).toISOString()).toBe('2026-11-27T10:00:00.000Z');
      expect(lead['content:encoded']).toContain('<strong>bold</strong>');
      expect(lead['content:encoded']).toContain(']]&gt;');
      expect(lead['content:encoded']).toContain('href="http://news.test/news/other"');
      expect((lead as unknown as { creators: string[] }).creators).toEqual(['Jane Doe', 'Ali Rezaei']);
      expect(lead.categories).toEqual(['Iran General News', 'Elections']);
      const media = (lead as unknown as { media: { $: Record<string, string> } }).media.$;
      expect(media.url).toBe('http://news.test/media/2026/11/harbour-ab12-1600.jpg');
      expect(media.type).toBe('image/jpeg');
      expect(media.medium).toBe('image');
      expect(res.body).toContain('<guid isPermaLink="true">');
      expect(res.body).toContain(
        '<atom:link href="http://news.test/feed.xml" rel="self" type="application/rss+xml"/>',
      );
      for (const hidden of site.hiddenHeadlines) expect(res.body).not.toContain(hidden);

      const extracted = await extractFromXml(res.body, { normalization: true });
      expect(extracted.entries?.[0]?.title).toBe('Talks <resume> & "hopes" rise');
      expect(extracted.entries?.[0]?.link).toBe('http://news.test/news/talks-resume-hopes-rise');
    });

    it('serves Atom 1.0 with authors, dates and HTML content', async () => {
      const res = await get('/atom.xml');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/atom\+xml/);
      expect(XMLValidator.validate(res.body)).toBe(true);
      const feed = await rssParser.parseString(res.body);
      expect(feed.items).toHaveLength(4);
      const lead = feed.items[0]!;
      expect(lead.title).toBe('Talks <resume> & "hopes" rise');
      expect(lead.link).toBe('http://news.test/news/talks-resume-hopes-rise');
      expect(lead.id).toBe(lead.link);
      expect(lead.content).toContain('<strong>bold</strong>');
      expect(lead.author).toBe('Jane Doe');
      expect(res.body).toContain('<published>2026-11-27T10:00:00Z</published>');
      expect(res.body).toContain(
        '<link rel="self" type="application/atom+xml" href="http://news.test/atom.xml"/>',
      );
      const extracted = await extractFromXml(res.body, { normalization: true });
      expect(extracted.title).toBe('Broadsheet Test');
      expect(extracted.entries).toHaveLength(4);
      for (const hidden of site.hiddenHeadlines) expect(res.body).not.toContain(hidden);
    });

    it('serves JSON Feed 1.1', async () => {
      const res = await get('/feed.json');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/feed\+json/);
      const feed = JSON.parse(res.body);
      expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
      expect(feed.language).toBe('en');
      expect(feed.feed_url).toBe('http://news.test/feed.json');
      expect(feed.home_page_url).toBe('http://news.test/');
      expect(feed.author).toBeUndefined();
      const lead = feed.items[0];
      expect(lead.id).toBe('http://news.test/news/talks-resume-hopes-rise');
      expect(lead.date_published).toBe('2026-11-27T10:00:00Z');
      expect(Date.parse(lead.date_modified)).toBeGreaterThanOrEqual(Date.parse(lead.date_published));
      expect(lead.authors).toEqual([
        { name: 'Jane Doe', url: 'http://news.test/author/jane-doe' },
        { name: 'Ali Rezaei', url: 'http://news.test/author/ali-rezaei' },
      ]);
      expect(lead.image).toBe('http://news.test/media/2026/11/harbour-ab12-1600.jpg');
      expect(lead.content_html).toContain('<strong>bold</strong>');
      expect(lead.language).toBe('en');
      const extracted = await extractFromJson(feed, { normalization: true });
      expect(extracted.entries?.map((e) => e.title)).toEqual(
        feed.items.map((i: { title: string }) => i.title),
      );
      for (const hidden of site.hiddenHeadlines) expect(res.body).not.toContain(hidden);
    });

    it('serves the Persian edition under /fa with Persian slugs', async () => {
      for (const format of ['rss', 'atom', 'json'] as const) {
        const res = await get(feedPath('fa', { kind: 'site' }, format));
        expect(res.statusCode).toBe(200);
        expect(res.body).toContain('مذاکرات از سر گرفته شد');
        expect(res.body).not.toContain('Markets steady');
      }
      const rss = await rssParser.parseString((await get('/fa/feed.xml')).body);
      expect(rss.items[0]!.link).toBe(
        `http://news.test/fa/news/${encodeURIComponent('مذاکرات-از-سر-گرفته-شد')}`,
      );
      const json = JSON.parse((await get('/fa/feed.json')).body);
      expect(json.language).toBe('fa');
    });

    it('serves section (with subsections), tag and author feeds', async () => {
      const section = await rssParser.parseString((await get('/section/politics/feed.xml')).body);
      expect(section.title).toBe('Politics — Broadsheet Test');
      expect(section.items.map((i) => i.title)).toEqual([
        'Talks <resume> & "hopes" rise',
        'Markets steady',
        'An October story',
      ]);
      const tag = JSON.parse((await get('/tag/elections/feed.json')).body);
      expect(tag.items.map((i: { title: string }) => i.title)).toEqual([
        'Talks <resume> & "hopes" rise',
        'An October story',
      ]);
      const authorRes = await get('/author/ali-rezaei/atom.xml');
      expect(authorRes.statusCode).toBe(200);
      const author = await rssParser.parseString(authorRes.body);
      expect(author.items.map((i) => i.title)).toEqual(['Talks <resume> & "hopes" rise']);
      const faAuthor = JSON.parse((await get('/fa/author/ali-rezaei/feed.json')).body);
      expect(faAuthor.items).toHaveLength(1);
      const faSection = await get(feedPath('fa', { kind: 'section', slug: 'سیاست' }, 'rss'));
      expect(faSection.statusCode).toBe(200);
      expect(faSection.body).toContain('مذاکرات');
      expect((await get('/section/nope/feed.xml')).statusCode).toBe(404);
      expect((await get('/tag/nope/atom.xml')).statusCode).toBe(404);
      for (const url of ['/section/iran/feed.xml', '/tag/elections/atom.xml', '/author/jane-doe/feed.json']) {
        const body = (await get(url)).body;
        for (const hidden of site.hiddenHeadlines) expect(body).not.toContain(hidden);
      }
    });

    it('answers conditional requests with 304', async () => {
      for (const url of ['/feed.xml', '/atom.xml', '/feed.json', '/tag/elections/feed.xml']) {
        const first = await get(url);
        const etag = first.headers.etag as string;
        const lastModified = first.headers['last-modified'] as string;
        expect(etag).toMatch(/^"/);
        expect(new Date(lastModified).getTime()).toBeGreaterThan(0);
        expect((await get(url, { 'if-none-match': etag })).statusCode).toBe(304);
        expect((await get(url, { 'if-none-match': '"other"' })).statusCode).toBe(200);
        expect((await get(url, { 'if-modified-since': lastModified })).statusCode).toBe(304);
        expect((await get(url, { 'if-modified-since': 'Thu, 01 Jan 2026 00:00:00 GMT' })).statusCode).toBe(
          200,
        );
      }
    });

    it('changes the ETag when a story is published', async () => {
      const before = await get('/feed.xml');
      const draft = await createArticle(t.deps, {
        language: 'en',
        headline: 'Fresh story',
        bodySource: 'New.',
      });
      expect((await get('/feed.xml', { 'if-none-match': before.headers.etag as string })).statusCode).toBe(
        304,
      );
      await publishArticle(t.deps, { articleId: draft.id });
      const after = await get('/feed.xml', { 'if-none-match': before.headers.etag as string });
      expect(after.statusCode).toBe(200);
      expect(after.body).toContain('Fresh story');
    });

    it('renders autodiscovery links', () => {
      const links = feedLinks('fa', { kind: 'tag', slug: 'انتخابات' }, 'انتخابات').toString();
      expect(links).toContain('type="application/rss+xml"');
      expect(links).toContain('type="application/atom+xml"');
      expect(links).toContain('type="application/feed+json"');
      expect(links).toContain(`href="/fa/tag/${encodeURIComponent('انتخابات')}/feed.xml"`);
      expect(feedLinks('en', { kind: 'site' }).toString()).toContain('href="/feed.json"');
    });
  });

  describe(`WebSub (${dialect})`, () => {
    it('advertises the hub and pings it on publish', async () => {
      const received: { body: string; type: string | undefined }[] = [];
      const hub = createServer((req: IncomingMessage, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          received.push({ body, type: req.headers['content-type'] });
          res.statusCode = 204;
          res.end();
        });
      });
      await new Promise<void>((r) => hub.listen(0, '127.0.0.1', r));
      const hubUrl = `http://127.0.0.1:${(hub.address() as AddressInfo).port}/hub`;
      process.env.WEBSUB_HUB = hubUrl;
      const t = await createFeatureApp(dialect, { clock: testClock('2026-11-27T12:00:00.000Z') });
      delete process.env.WEBSUB_HUB;
      try {
        const rss = await t.app.inject({ method: 'GET', url: '/feed.xml' });
        expect(rss.body).toContain(`<atom:link href="${hubUrl}" rel="hub"/>`);
        const atom = await t.app.inject({ method: 'GET', url: '/atom.xml' });
        expect(atom.body).toContain(`<link rel="hub" href="${hubUrl}"/>`);
        const json = JSON.parse((await t.app.inject({ method: 'GET', url: '/feed.json' })).body);
        expect(json.hubs).toEqual([{ type: 'WebSub', url: hubUrl }]);

        const now = t.deps.clock().toISOString();
        const section = await t.deps.repos.sections.create(
          { language: 'en', slug: 'world', name: 'World' },
          now,
        );
        const draft = await createArticle(t.deps, {
          language: 'en',
          headline: 'Breaking',
          bodySource: 'News.',
          sectionId: section.id,
        });
        expect(received).toHaveLength(0);
        await publishArticle(t.deps, { articleId: draft.id });
        for (let i = 0; i < 100 && received.length < 6; i++) await new Promise((r) => setTimeout(r, 20));
        const topics = received.map((r) => new URLSearchParams(r.body));
        expect(topics.every((p) => p.get('hub.mode') === 'publish')).toBe(true);
        expect(received.every((r) => r.type === 'application/x-www-form-urlencoded')).toBe(true);
        expect(topics.map((p) => p.get('hub.url'))).toEqual(
          expect.arrayContaining([
            'http://news.test/feed.xml',
            'http://news.test/atom.xml',
            'http://news.test/feed.json',
            'http://news.test/section/world/feed.xml',
          ]),
        );
      } finally {
        await t.close();
        await new Promise((r) => hub.close(r));
      }
    });
  });
}

describe('xml helpers', () => {
  it('splits ]]> inside CDATA and drops characters XML forbids', async () => {
    const { cdata, xmlEscape } = await import('./xml.ts');
    const wrapped = `<x>${cdata('a ]]> b \u0001 c')}</x>`;
    expect(XMLValidator.validate(wrapped)).toBe(true);
    const parsed = await new Parser().parseString(
      `<rss version="2.0"><channel><title>t</title><item><description>${cdata('a ]]> b')}</description></item></channel></rss>`,
    );
    expect(parsed.items[0]!.content).toBe('a ]]> b');
    expect(xmlEscape('<a & "b" \u0008>')).toBe('&lt;a &amp; &quot;b&quot; &gt;');
  });
});
