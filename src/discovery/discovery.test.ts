import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { testClock } from '../../test/support/app.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createRepos } from '../db/repositories/index.ts';
import { createArticle } from '../publishing/create-article.ts';
import { noEvents } from '../publishing/deps.ts';
import type { Language } from '../domain/language.ts';
import type { AppDeps } from '../web/deps.ts';
import { createDiscovery, type Discovery } from './discovery.ts';
import { READER_COOKIE, decodeHistory, encodeHistory } from './recommended/reader-cookie.ts';

const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';

for (const dialect of DIALECTS) {
  describe(`discovery (${dialect})`, () => {
    let tdb: TestDatabase;
    let clock: ReturnType<typeof testClock>;
    let discovery: Discovery;
    const open: Discovery[] = [];

    const make = async () => {
      const d = await createDiscovery({
        database: tdb.adapter,
        repos: createRepos(tdb.adapter.db),
        clock,
        baseUrl: 'https://news.test',
        flushIntervalMs: 3_600_000,
      });
      open.push(d);
      return d;
    };

    const publish = async (
      headline: string,
      body: string,
      language: Language = 'en',
      publishedAt?: string,
    ) => {
      const a = await createArticle(
        { database: tdb.adapter, clock, indexers: [], events: noEvents },
        {
          language,
          headline,
          bodySource: body,
          status: 'published',
          ...(publishedAt ? { publishedAt } : {}),
        },
      );
      return a;
    };

    const viewsInDb = async () =>
      tdb.adapter.db
        .selectFrom('article_views_hourly')
        .select(['article_id', 'hour', 'views'])
        .orderBy('article_id')
        .execute();

    beforeEach(async () => {
      tdb = await freshDatabase(dialect);
      await migrateToLatest(tdb.adapter);
      clock = testClock('2026-11-27T12:00:00.000Z');
      discovery = await make();
    });

    afterEach(async () => {
      for (const d of open.splice(0)) await d.close();
      await tdb.drop();
    });

    async function siteApp(d: Discovery) {
      const app = Fastify();
      app.get('/news/:slug', async () => 'page');
      app.get('/fa/news/:slug', async () => 'page');
      await d.viewHook(app, {} as AppDeps);
      await app.ready();
      return app;
    }

    it('counts article views after the response, ignoring robots, prefetches and errors, with no write per view', async () => {
      const a = await publish('Budget vote', 'Parliament votes on the budget.');
      const app = await siteApp(discovery);
      const get = (headers: Record<string, string>, url = `/news/${a.slug}`) =>
        app.inject({ method: 'GET', url, headers });
      expect((await get({ 'user-agent': BROWSER })).statusCode).toBe(200);
      await get({ 'user-agent': BROWSER });
      await get({ 'user-agent': BROWSER, 'sec-purpose': 'prefetch' });
      await get({ 'user-agent': BROWSER, purpose: 'prefetch' });
      await get({ 'user-agent': BROWSER, 'x-moz': 'prefetch' });
      await get({ 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' });
      await get({ 'user-agent': 'curl/8.5.0' });
      await get({ 'user-agent': '' });
      await get({ 'user-agent': BROWSER }, '/news/no-such-story');
      // onResponse runs after the reply is sent: let it finish.
      await new Promise((r) => setTimeout(r, 200));
      expect(discovery.views.pendingCount).toBe(2);
      expect(await viewsInDb()).toEqual([]);
      await discovery.flush();
      expect(await viewsInDb()).toEqual([{ article_id: a.id, hour: '2026-11-27T12', views: 2 }]);
      await get({ 'user-agent': BROWSER });
      await new Promise((r) => setTimeout(r, 100));
      await discovery.flush();
      expect((await viewsInDb())[0]!.views).toBe(3);
      await app.close();
    });

    it('keeps 24-hour and 7-day windows and survives a restart', async () => {
      const old = await publish('Old story', 'Old.');
      const fresh = await publish('Fresh story', 'Fresh.');
      for (let i = 0; i < 5; i++) discovery.views.record(old.id);
      clock.advance(30 * 3_600_000);
      for (let i = 0; i < 2; i++) discovery.views.record(fresh.id);
      expect(discovery.views.top('24h', 10)).toEqual([{ articleId: fresh.id, views: 2 }]);
      expect(discovery.views.top('7d', 10)).toEqual([
        { articleId: old.id, views: 5 },
        { articleId: fresh.id, views: 2 },
      ]);
      // close() flushes what is buffered; a new process reads it back.
      await discovery.close();
      open.splice(open.indexOf(discovery), 1);
      const restarted = await make();
      expect(restarted.views.top('7d', 10)).toEqual([
        { articleId: old.id, views: 5 },
        { articleId: fresh.id, views: 2 },
      ]);
      clock.advance(8 * 24 * 3_600_000);
      expect(restarted.views.top('7d', 10)).toEqual([]);
    });

    it('shows the edition’s most read, deduplicated against the page', async () => {
      const a = await publish('Most read A', 'A.');
      const b = await publish('Most read B', 'B.');
      const fa = await publish('پربازدید', 'متن', 'fa');
      for (let i = 0; i < 3; i++) discovery.views.record(b.id);
      discovery.views.record(a.id);
      for (let i = 0; i < 9; i++) discovery.views.record(fa.id);
      expect((await discovery.mostRead('en')).map((c) => c.id)).toEqual([b.id, a.id]);
      expect((await discovery.mostRead('fa')).map((c) => c.id)).toEqual([fa.id]);
      const provider = discovery.providers.find((p) => p.name === 'most-read')!;
      const mod = await provider.load({
        articleId: a.id,
        language: 'en',
        shownIds: new Set([b.id]),
        now: clock().toISOString(),
      });
      expect(mod).toBeNull();
    });

    it('reads the most-read cards once until the ranking or an article changes, here or on another server', async () => {
      const a = await publish('Most read A', 'A.');
      const b = await publish('Most read B', 'B.');
      const c = await publish('Most read C', 'C.');
      for (let i = 0; i < 3; i++) discovery.views.record(a.id);
      for (let i = 0; i < 2; i++) discovery.views.record(b.id);
      discovery.views.record(c.id);
      const headlines = async (exclude: number[] = []) =>
        (await discovery.mostRead('en', { exclude: new Set(exclude) })).map((card) => card.headline);
      expect(await headlines()).toEqual(['Most read A', 'Most read B', 'Most read C']);
      expect(await headlines([a.id])).toEqual(['Most read B', 'Most read C']);

      // Changed behind its back, the list is reused as read (it is not read again per page)...
      const articles = createRepos(tdb.adapter.db).articles;
      await articles.update(b.id, { headline: 'Most read B, corrected' });
      expect(await headlines()).toEqual(['Most read A', 'Most read B', 'Most read C']);
      // ...until a change arrives: an invalidation (from any server) or a content event here.
      discovery.forgetCards();
      expect(await headlines()).toEqual(['Most read A', 'Most read B, corrected', 'Most read C']);
      await articles.update(c.id, { headline: 'Most read C, corrected' });
      discovery.onContentEvent({ type: 'article.updated', articleId: c.id, language: 'en' });
      expect((await headlines()).at(-1)).toBe('Most read C, corrected');

      // New views reorder it once the counter's ranking moves on.
      for (let i = 0; i < 5; i++) discovery.views.record(c.id);
      clock.advance(20_000);
      expect(await headlines()).toEqual(['Most read C, corrected', 'Most read A', 'Most read B, corrected']);
    });

    it('keeps the reading history in a signed cookie and ignores a tampered one', async () => {
      const a = await publish('Story A', 'A.');
      const b = await publish('Story B', 'B.');
      const cookies: string[] = [];
      const fragment = (cookie: string | undefined, articleId: number, extra: Record<string, string> = {}) =>
        discovery.readerFragment({
          articleId,
          language: 'en',
          shownIds: new Set([articleId]),
          now: clock().toISOString(),
          reader: {
            headers: {
              'user-agent': BROWSER,
              ...(cookie ? { cookie: `${READER_COOKIE}=${cookie}` } : {}),
              ...extra,
            },
            setCookie: (v) => cookies.push(v),
          },
        });
      await fragment(undefined, a.id);
      expect(cookies).toHaveLength(1);
      expect(cookies[0]).toMatch(/HttpOnly/);
      expect(cookies[0]).toMatch(/Secure/);
      const value = cookies[0]!.split(';')[0]!.split('=')[1]!;
      const secret = (await createRepos(tdb.adapter.db).settings.get('discovery.reader_cookie_secret'))!;
      expect(decodeHistory(secret, value).ids).toEqual([a.id]);

      // Tampered: the ids changed, the signature not. Ignored: no pair, a fresh history.
      const [, seen, sig] = value.split('.');
      await fragment(`${b.id.toString(36)}.${seen}.${sig}`, a.id);
      expect(decodeHistory(secret, cookies[1]!.split(';')[0]!.split('=')[1]!).ids).toEqual([a.id]);
      expect(discovery.covisit.pendingCount).toBe(0);
      expect(decodeHistory('another-secret', value).ids).toEqual([]);

      // Genuine: A then B in one session records the pair A -> B, aggregated only.
      clock.advance(60_000);
      await fragment(value, b.id);
      expect(decodeHistory(secret, cookies[2]!.split(';')[0]!.split('=')[1]!).ids).toEqual([a.id, b.id]);
      await discovery.flush();
      const pairs = await tdb.adapter.db
        .selectFrom('covisit_pairs')
        .select(['from_id', 'to_id', 'count'])
        .execute();
      expect(pairs).toEqual([{ from_id: a.id, to_id: b.id, count: 1 }]);

      // A prefetch renders but neither updates the history nor counts.
      await fragment(value, b.id, { 'sec-purpose': 'prefetch' });
      expect(cookies).toHaveLength(3);
      expect(encodeHistory(secret, { ids: [a.id], lastSeen: 0 })).not.toEqual(value);
    });

    it('recommends from co-visitation and similarity, excludes what was read, and gives a new reader fresh and popular items', async () => {
      const x = await publish(
        'Vienna nuclear talks resume',
        'Negotiators in Vienna discussed uranium enrichment and sanctions.',
      );
      const y = await publish(
        'Enrichment limits at the heart of Vienna talks',
        'Uranium enrichment limits and IAEA inspections in Vienna.',
      );
      const z = await publish(
        'Football derby ends in a draw',
        'Persepolis and Esteghlal drew at Azadi stadium.',
      );
      const w = await publish('Bakery prices rise', 'Bread prices rose again.');
      discovery.start();
      await discovery.related.rebuild();
      // Many readers went from the derby to the bakery story.
      for (let i = 0; i < 20; i++) discovery.covisit.record(z.id, w.id);
      for (let i = 0; i < 4; i++) discovery.views.record(w.id);
      const recs = (history: number[]) =>
        discovery.recommender.recommend({
          history,
          language: 'en',
          now: clock().getTime(),
          exclude: new Set(history),
          limit: 3,
          latest: [x, y, z, w].map((a) => ({ id: a.id, publishedAt: Date.parse(a.published_at!) })),
        });
      expect((await recs([x.id]))[0]).toBe(y.id);
      expect((await recs([z.id]))[0]).toBe(w.id);
      expect(await recs([x.id, y.id])).not.toContain(x.id);
      const newcomer = await recs([]);
      expect(newcomer[0]).toBe(w.id);
      expect(newcomer).toHaveLength(3);
    });

    it('ranks an article once for its related module and for the recommendations of its reader', async () => {
      const a = await publish('Vienna nuclear talks resume', 'Negotiators in Vienna discussed enrichment.');
      const b = await publish('Enrichment at the heart of Vienna talks', 'Enrichment limits in Vienna.');
      discovery.start();
      await discovery.related.rebuild();
      const model = discovery.related.current!;
      const rankings: number[] = [];
      const rank = model.related.bind(model);
      model.related = (id, options) => {
        rankings.push(id);
        return rank(id, options);
      };
      const now = clock().toISOString();
      const related = discovery.providers.find((p) => p.name === 'related')!;
      const page = await related.load({ articleId: a.id, language: 'en', shownIds: new Set([a.id]), now });
      expect(page!.items.map((c) => c.id)).toEqual([b.id]);
      const reader = { headers: { 'user-agent': BROWSER }, setCookie: () => {} };
      const mine = await discovery.readerFragment({
        articleId: a.id,
        language: 'en',
        shownIds: new Set([a.id]),
        now,
        reader,
      });
      expect(mine!.items.map((c) => c.id)).toContain(b.id);
      expect(rankings).toEqual([a.id]);
    });

    it('builds the related list from the database, updates it on publish and unpublish, and respects the page', async () => {
      const a = await publish(
        'Vienna nuclear talks resume',
        'Negotiators in Vienna discussed uranium enrichment and sanctions relief.',
      );
      const b = await publish(
        'IAEA inspectors report on enrichment',
        'Uranium enrichment continued, IAEA inspectors in Vienna said.',
      );
      await publish('Derby day at Azadi stadium', 'Persepolis beat Esteghlal at Azadi stadium.');
      await publish('مذاکرات هسته‌ای وین', 'غنی‌سازی اورانیوم و بازرسان آژانس در وین', 'fa');
      discovery.start();
      await discovery.related.rebuild();
      const related = discovery.providers.find((p) => p.name === 'related')!;
      const load = (shown: number[]) =>
        related.load({
          articleId: a.id,
          language: 'en',
          shownIds: new Set([a.id, ...shown]),
          now: clock().toISOString(),
        });
      expect((await load([]))!.items.map((c) => c.id)).toEqual([b.id]);
      expect(await load([b.id])).toBeNull();

      const c = await publish(
        'Sanctions relief hinges on Vienna enrichment deal',
        'Enrichment, IAEA inspectors and sanctions relief in Vienna.',
      );
      discovery.onContentEvent({ type: 'article.published', articleId: c.id, language: 'en' });
      await discovery.related.settled();
      expect((await load([]))!.items.map((i) => i.id).sort()).toEqual([b.id, c.id].sort());

      await createRepos(tdb.adapter.db).articles.update(c.id, { status: 'unpublished' });
      discovery.onContentEvent({ type: 'article.unpublished', articleId: c.id, language: 'en' });
      await discovery.related.settled();
      expect((await load([]))!.items.map((i) => i.id)).toEqual([b.id]);
    });
  });
}
