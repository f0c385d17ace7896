import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { createTestApp, testClock, type TestApp } from './support/app.ts';
import { createSmallSite, type SmallSite } from './support/fixtures.ts';

function moduleHtml(page: string, name: string): string {
  const match = new RegExp(`<section[^>]*data-module="${name}"[\\s\\S]*?</section>`).exec(page);
  return match?.[0] ?? '';
}

for (const dialect of DIALECTS) {
  describe(`public site on ${dialect}`, () => {
    let t: TestApp;
    let site: SmallSite;
    const clock = testClock();

    beforeAll(async () => {
      t = await createTestApp(dialect, { clock });
      site = await createSmallSite(t.deps);
    });
    afterAll(async () => t?.close());

    it('renders the article page with the contract landmarks', async () => {
      const res = await t.app.inject('/news/story-number-1-about-elections');
      expect(res.statusCode).toBe(200);
      const page = res.body;
      expect(page).toMatch(/<html lang="en" dir="ltr">/);
      expect(page.match(/<h1[\s>]/g)).toHaveLength(1);
      expect(page).toContain('<article class="story">');
      expect(page).toContain(
        '<link rel="canonical" href="http://news.test/news/story-number-1-about-elections">',
      );
      expect(page).toMatch(/<time datetime="2026-11-27T11:00:00.000Z">/);
      expect(page).not.toContain('<script>alert(1)</script>');
      expect(page).toContain('href="/section/iran"');
      expect(page).toContain('href="/author/sara-ahmadi"');
      // Latest news: newest first, current article excluded, headline plus one-line excerpt.
      const latest = moduleHtml(page, 'latest');
      expect(latest).toContain('Latest news');
      expect(latest).not.toContain('Story number 1 about');
      expect(latest.indexOf('Story number 2 about')).toBeGreaterThan(-1);
      expect(latest.indexOf('Story number 2 about')).toBeLessThan(latest.indexOf('Story number 3 about'));
      expect(latest).toContain('class="one-line"');
      // Must read: the curated order.
      const must = moduleHtml(page, 'must-read');
      expect(must).toContain('Must read');
      expect(must.indexOf('Story number 11 about')).toBeLessThan(must.indexOf('Story number 4 about'));
      expect(must.indexOf('Story number 4 about')).toBeLessThan(must.indexOf('Story number 21 about'));
    });

    it('links a translated story to its other language', async () => {
      const res = await t.app.inject('/news/story-number-1-about-elections');
      expect(res.body).toMatch(/hreflang="fa"[^>]*>فارسی</);
    });

    it('hides the must-read module when the list is empty or expired', async () => {
      const now = t.deps.clock().toISOString();
      for (const id of [site.articleIds[10]!, site.articleIds[3]!, site.articleIds[20]!])
        await t.deps.repos.mustRead.remove('en', id);
      await t.deps.repos.mustRead.add('en', site.articleIds[5]!, '2026-11-27T13:00:00.000Z', now);
      // The newsroom's curation commands announce the change; direct repository writes must too.
      t.deps.events.emit({ type: 'curation.changed', language: 'en' });
      let res = await t.app.inject('/news/story-number-1-about-elections');
      expect(moduleHtml(res.body, 'must-read')).toContain('Story number 6 about');
      clock.set('2026-11-27T14:00:00.000Z');
      res = await t.app.inject('/news/story-number-1-about-elections');
      expect(res.body).not.toContain('data-module="must-read"');
      clock.set('2026-11-27T12:00:00.000Z');
    });

    it('renders the Persian edition right-to-left with Persian digits and Jalali dates', async () => {
      const home = await t.app.inject('/fa/');
      expect(home.statusCode).toBe(200);
      expect(home.body).toMatch(/<html lang="fa" dir="rtl">/);
      const stored = await t.deps.repos.articles.byId(site.persianIds[0]!);
      const article = await t.app.inject(`/fa/news/${encodeURIComponent(stored!.slug)}`);
      expect(article.statusCode).toBe(200);
      expect(article.body).toMatch(/<html lang="fa" dir="rtl">/);
      // 27 November 2026 is 6 Azar 1405 in the Solar Hijri calendar.
      expect(article.body).toContain('۱۴۰۵');
      expect(article.body).toContain('آذر');
      expect(moduleHtml(article.body, 'latest')).toContain('آخرین اخبار');
    });

    it('renders home, section with subsections, tag and author pages', async () => {
      const home = await t.app.inject('/');
      expect(home.statusCode).toBe(200);
      expect(home.body).toContain('data-module="latest"');
      expect(home.body).toContain('Iran General News');
      const section = await t.app.inject('/section/iran');
      expect(section.statusCode).toBe(200);
      expect(section.body).toContain('href="/section/politics"');
      // The parent section lists its subsection's stories too.
      expect(section.body).toContain('Story number 2 about');
      const tag = await t.app.inject('/tag/elections');
      expect(tag.statusCode).toBe(200);
      expect(tag.body).toContain('Story number 1 about elections');
      expect(tag.body).not.toContain('about the economy');
      const author = await t.app.inject('/author/sara-ahmadi');
      expect(author.statusCode).toBe(200);
      expect(author.body).toContain('Sara covers politics.');
    });

    it('pages through a section with keyset cursors and no overlap', async () => {
      const { createArticle } = await import('../src/publishing/create-article.ts');
      for (let i = 0; i < 5; i++) {
        await createArticle(t.deps, {
          language: 'en',
          headline: `Older politics story ${i}`,
          bodySource: 'Text.',
          sectionId: site.sectionIds.politics!,
          status: 'published',
          publishedAt: `2026-11-01T0${i}:00:00.000Z`,
        });
      }
      const first = await t.app.inject('/section/iran');
      const next = /href="(\/section\/iran\?before=[^"]+)"/.exec(first.body)?.[1];
      expect(next).toBeDefined();
      const second = await t.app.inject(next!.replace(/&amp;/g, '&'));
      expect(second.statusCode).toBe(200);
      const titles = (body: string) =>
        [...body.matchAll(/<h2 class="card-title"><a [^>]*>([^<]+)</g)].map((m) => m[1]);
      const a = titles(first.body);
      const b = titles(second.body);
      expect(a).toHaveLength(20);
      // 25 stories are in Iran General News or its Politics subsection: 20 on page one, 5 after.
      expect(b).toHaveLength(5);
      expect(second.body).not.toContain('rel="next"');
      expect(a.filter((x) => b.includes(x))).toEqual([]);
    });

    it('answers unknown slugs with a 404 page in the site design and bad cursors with 400', async () => {
      const missing = await t.app.inject('/news/no-such-story');
      expect(missing.statusCode).toBe(404);
      expect(missing.body).toContain('class="site-name"');
      expect((await t.app.inject('/section/nope')).statusCode).toBe(404);
      expect((await t.app.inject('/tag/nope')).statusCode).toBe(404);
      expect((await t.app.inject('/fa/author/nope')).statusCode).toBe(404);
      expect((await t.app.inject('/section/iran?before=%%%')).statusCode).toBe(400);
      expect((await t.app.inject('/section/iran?before=AAAA')).statusCode).toBe(400);
      expect((await t.app.inject('/section/iran?page=-5')).statusCode).toBe(200);
      expect((await t.app.inject('/section/iran?before=a&before=b')).statusCode).toBe(400);
    });

    it('shows the curated lead story and the breaking-news banner until it expires', async () => {
      const { saveBreakingNews, setHomeLead } = await import('../src/db/repositories/front-page.ts');
      await setHomeLead(t.deps.repos.settings, 'en', site.articleIds[7]!);
      await saveBreakingNews(t.deps.repos.settings, {
        text: 'Breaking: ceasefire announced',
        url: '/news/story-number-8-about-the-economy',
        expiresAt: '2026-11-27T13:00:00.000Z',
        language: null,
      });
      for (const language of ['en', 'fa']) t.deps.events.emit({ type: 'curation.changed', language });
      let home = await t.app.inject('/');
      const lead = /<section class="lead"[\s\S]*?<\/section>/.exec(home.body)?.[0] ?? '';
      expect(lead).toContain('Story number 8 about the economy');
      expect(home.body).toContain('Breaking: ceasefire announced');
      expect((await t.app.inject('/fa/')).body).toContain('Breaking: ceasefire announced');
      clock.set('2026-11-27T13:30:00.000Z');
      home = await t.app.inject('/');
      expect(home.body).not.toContain('Breaking: ceasefire announced');
      clock.set('2026-11-27T12:00:00.000Z');
      await setHomeLead(t.deps.repos.settings, 'en', null);
      await saveBreakingNews(t.deps.repos.settings, null);
      for (const language of ['en', 'fa']) t.deps.events.emit({ type: 'curation.changed', language });
    });

    it('serves pages from the cache until a change they depend on', async () => {
      const first = await t.app.inject('/section/world');
      const again = await t.app.inject('/section/world');
      expect(again.headers['x-cache']).toBe('HIT');
      expect(again.headers['surrogate-key']).toContain(`section:${site.sectionIds.world}`);
      expect(again.body).toBe(first.body);
      const tagPage = await t.app.inject('/tag/economy');
      expect((await t.app.inject('/tag/economy')).headers['x-cache']).toBe('HIT');
      const { createArticle } = await import('../src/publishing/create-article.ts');
      await createArticle(t.deps, {
        language: 'en',
        headline: 'Fresh world story',
        bodySource: 'Text.',
        sectionId: site.sectionIds.world!,
        status: 'published',
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const after = await t.app.inject('/section/world');
      expect(after.body).toContain('Fresh world story');
      // A page the change does not touch stays cached.
      const tagAfter = await t.app.inject('/tag/economy');
      expect(tagAfter.headers['x-cache']).toBe('HIT');
      expect(tagAfter.body).toBe(tagPage.body);
    });

    it('shows the site name and logo from the site settings', async () => {
      const now = t.deps.clock().toISOString();
      const logo = await t.deps.repos.media.create(
        {
          storageKey: 'logo',
          originalName: 'logo.png',
          mime: 'image/png',
          width: 400,
          height: 100,
          bytes: 1000,
          variants: [
            { width: 400, height: 100, format: 'webp', path: 'logo-400.webp' },
            { width: 400, height: 100, format: 'png', path: 'logo-400.png' },
          ],
        },
        now,
      );
      await t.deps.repos.settings.set('site_name', 'The Daily Test');
      await t.deps.repos.settings.set('logo_media_id', String(logo.id));
      for (const language of ['en', 'fa']) t.deps.events.emit({ type: 'curation.changed', language });
      const page = await t.app.inject('/section/world');
      expect(page.body).toContain(
        '<img class="site-logo" src="/media/logo-400.png" width="400" height="100" alt="The Daily Test">',
      );
      expect(page.body).toContain('<title>World | The Daily Test</title>');
      await t.deps.repos.settings.set('site_name', '');
      await t.deps.repos.settings.set('logo_media_id', '');
      for (const language of ['en', 'fa']) t.deps.events.emit({ type: 'curation.changed', language });
    });

    it("lists an author's stories per edition and follows a story into the other edition", async () => {
      const { updateArticle } = await import('../src/publishing/update-article.ts');
      const titles = async (url: string) =>
        [...(await t.app.inject(url)).body.matchAll(/<h2 class="card-title"><a [^>]*>([^<]+)</g)].map(
          (m) => m[1],
        );
      const moved = 'Story number 26 about the economy';
      expect(await titles('/author/guest-writer')).toContain(moved);
      expect(await titles('/fa/author/guest-writer')).toEqual([]);
      const story = (await t.deps.repos.articles.byId(site.articleIds[25]!))!;
      // The bylines are left as they are: only the language changes.
      await updateArticle(t.deps, {
        articleId: story.id,
        expectedVersion: story.version,
        fields: { language: 'fa', headline: story.headline, bodySource: story.body_source, sectionId: null },
      });
      expect(await titles('/fa/author/guest-writer')).toEqual([moved]);
      expect(await titles('/author/guest-writer')).not.toContain(moved);
      expect(await titles('/author/guest-writer')).toHaveLength(5);
    });

    it('never shows scheduled or future articles', async () => {
      const { createArticle } = await import('../src/publishing/create-article.ts');
      const { publishArticle } = await import('../src/publishing/publish-article.ts');
      const draft = await createArticle(t.deps, {
        language: 'en',
        headline: 'Embargoed scoop',
        bodySource: 'Secret.',
      });
      await publishArticle(t.deps, { articleId: draft.id, embargoUntil: '2026-11-28T00:00:00.000Z' });
      expect((await t.app.inject('/news/embargoed-scoop')).statusCode).toBe(404);
      expect((await t.app.inject('/')).body).not.toContain('Embargoed scoop');
    });
  });
}
