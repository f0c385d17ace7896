import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dep } from '../src/cache/keys.ts';
import { redisAvailable, TEST_REDIS_URL } from '../src/cache/test-redis.ts';
import { compose, type Composed } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import type { ArticleFields } from '../src/publishing/article-input.ts';
import { createArticle } from '../src/publishing/create-article.ts';
import { publishArticle } from '../src/publishing/publish-article.ts';
import { createScheduler } from '../src/publishing/scheduler.ts';
import { updateArticle } from '../src/publishing/update-article.ts';
import { buildApp } from '../src/web/app.ts';
import { cacheable } from '../src/web/page-cache.ts';
import type { RouteRegistrar } from '../src/web/deps.ts';
import { DIALECTS, TEST_PG_URL } from './support/databases.ts';
import { createSmallSite, type SmallSite } from './support/fixtures.ts';
import { testClock } from './support/app.ts';

interface Server {
  deps: Composed;
  app: FastifyInstance;
  url: string;
}

/**
 * Pages that declare dependency keys the way the site's routes do, so this test exercises the
 * page cache whatever the site routes declare: a home-like list and an article page.
 */
const probeRoutes: RouteRegistrar = async (app, deps) => {
  app.get('/probe/home', async (_req, reply) => {
    const now = deps.clock().toISOString();
    const rows = await deps.repos.articles.latest('en', now, { limit: 5 });
    cacheable(reply, {
      keys: [dep.home('en'), dep.list('en'), ...rows.map((r) => dep.article(r.id))],
      maxAge: 300,
    });
    return reply
      .type('text/html; charset=utf-8')
      .send(`<ul>${rows.map((r) => `<li>${r.headline}</li>`).join('')}</ul>`);
  });
  app.get('/probe/article/:id', async (req, reply) => {
    const id = Number((req.params as { id: string }).id);
    const article = await deps.repos.articles.byId(id);
    if (!article || article.status !== 'published') return reply.code(404).send('gone');
    cacheable(reply, { keys: [dep.article(id)], maxAge: 300 });
    return reply.type('text/html; charset=utf-8').send(`<h1>${article.headline}</h1>`);
  });
};

async function startServer(
  databaseUrl: string,
  dataDir: string,
  clock: () => Date,
  redisUrl?: string,
): Promise<Server> {
  const config = loadConfig(
    {},
    {
      databaseUrl,
      dataDir,
      baseUrl: 'http://news.test',
      siteName: 'Broadsheet Test',
      ...(redisUrl ? { redisUrl } : {}),
    },
  );
  const deps = await compose(config, { clock, scheduler: 'manual' });
  deps.routes.push(probeRoutes);
  const app = await buildApp(deps);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { deps, app, url: address };
}

async function get(
  server: Server,
  path: string,
): Promise<{ status: number; body: string; cache: string | null }> {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, body: await res.text(), cache: res.headers.get('x-cache') };
}

/** The article's current fields with some changed, as the editor form would send them. */
async function edit(deps: Composed, id: number, changes: Partial<ArticleFields>) {
  const a = (await deps.repos.articles.byId(id))!;
  const [tags, authors] = await Promise.all([
    deps.repos.tags.forArticles([id]),
    deps.repos.authors.forArticles([id]),
  ]);
  const fields: ArticleFields = {
    language: a.language as ArticleFields['language'],
    headline: a.headline,
    standfirst: a.standfirst,
    bodySource: a.body_source,
    slug: a.slug,
    sectionId: a.section_id,
    tagIds: (tags.get(id) ?? []).map((t) => t.id),
    authorIds: (authors.get(id) ?? []).map((x) => x.id),
    translationGroup: a.translation_group,
    ...changes,
  };
  return updateArticle(deps, { articleId: id, expectedVersion: a.version, fields });
}

/** Polls until `check` holds; returns the milliseconds it took, or throws after `ms`. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await check()) return Date.now() - start;
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const redisUp = await redisAvailable();
const setups = [
  { name: 'PostgreSQL LISTEN/NOTIFY, memory caches', redis: false },
  ...(redisUp ? [{ name: 'Redis pub/sub, shared Redis cache', redis: true }] : []),
];

for (const setup of setups) {
  describe.skipIf(!DIALECTS.includes('postgres'))(`two app servers on one PostgreSQL (${setup.name})`, () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const databaseUrl = `${TEST_PG_URL}?schema=${schema}`;
    const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-multi-'));
    const clock = testClock();
    let one: Server;
    let two: Server;
    let site: SmallSite;

    beforeAll(async () => {
      one = await startServer(databaseUrl, dataDir, clock, setup.redis ? TEST_REDIS_URL : undefined);
      two = await startServer(databaseUrl, dataDir, clock, setup.redis ? TEST_REDIS_URL : undefined);
      site = await createSmallSite(one.deps);
    });

    afterAll(async () => {
      for (const s of [one, two]) {
        if (!s) continue;
        await s.app.close();
        await s.deps.close();
      }
      const client = new pg.Client({ connectionString: TEST_PG_URL });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('shows a publish made through one server on the other server cached pages within a second', async () => {
      const draft = await createArticle(one.deps, {
        language: 'en',
        headline: 'Breaking: two servers agree',
        bodySource: 'Body.',
        sectionId: site.sectionIds.world!,
        tagIds: [site.tagIds[0]!],
        authorIds: [site.authorIds[0]!],
      });
      // Server two has the pages cached before the change.
      for (const path of ['/probe/home', '/', `/probe/article/${site.articleIds[0]}`]) await get(two, path);
      expect((await get(two, '/probe/home')).cache).toBe('HIT');
      const homeBefore = await get(two, '/');
      expect(homeBefore.body).not.toContain('Breaking: two servers agree');

      await publishArticle(one.deps, { articleId: draft.id });
      const homeMs = await within(1000, async () =>
        (await get(two, '/probe/home')).body.includes('Breaking: two servers agree'),
      );
      const siteHomeMs = await within(1000, async () =>
        (await get(two, '/')).body.includes('Breaking: two servers agree'),
      );
      const article = await get(two, `/probe/article/${draft.id}`);
      expect(article.body).toContain('Breaking: two servers agree');
      expect(homeMs).toBeLessThan(1000);
      expect(siteHomeMs).toBeLessThan(1000);

      // An update of the article: its cached page on server two follows.
      expect((await get(two, `/probe/article/${draft.id}`)).cache).toBe('HIT');
      const current = await edit(one.deps, draft.id, { headline: 'Breaking: corrected headline' });
      await within(1000, async () =>
        (await get(two, `/probe/article/${draft.id}`)).body.includes('corrected headline'),
      );
      const siteArticle = await get(two, `/news/${current.slug}`);
      expect(siteArticle.body).toContain('corrected headline');
    });

    it('keeps cached pages that the change does not touch', async () => {
      const id = site.articleIds[5]!;
      await get(two, `/probe/article/${id}`);
      const other = site.articleIds[6]!;
      await edit(one.deps, other, { standfirst: 'A new standfirst.' });
      await one.deps.cache!.invalidator.settled();
      await new Promise((r) => setTimeout(r, 200));
      expect((await get(two, `/probe/article/${id}`)).cache).toBe('HIT');
    });

    it('fires a scheduled publish once across both servers, and both show it', async () => {
      const draft = await createArticle(one.deps, {
        language: 'en',
        headline: 'Scheduled for noon',
        bodySource: 'Body.',
        sectionId: site.sectionIds.world!,
        tagIds: [],
        authorIds: [site.authorIds[0]!],
      });
      const at = new Date(clock().getTime() + 60_000).toISOString();
      await publishArticle(one.deps, { articleId: draft.id, at });
      await get(one, '/probe/home');
      await get(two, '/probe/home');
      clock.advance(61_000);
      const published: number[] = [];
      const counting = (deps: Composed) => ({
        ...deps,
        events: {
          emit: (e: Parameters<Composed['events']['emit']>[0]) => (
            e.type === 'article.published' && published.push(e.articleId),
            deps.events.emit(e)
          ),
        },
      });
      const runs = await Promise.all([
        createScheduler(counting(one.deps)).runOnce(),
        createScheduler(counting(two.deps)).runOnce(),
      ]);
      expect(runs.flatMap((r) => r.published)).toEqual([draft.id]);
      expect(published).toEqual([draft.id]);
      for (const s of [one, two])
        await within(1000, async () => (await get(s, '/probe/home')).body.includes('Scheduled for noon'));
    });
  });
}
