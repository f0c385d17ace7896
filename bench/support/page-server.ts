// Child process of bench/pages.ts: builds a site with generated articles on a fresh SQLite
// database, then serves it and a bare Fastify route on 127.0.0.1, and reports back over IPC.
// A separate process keeps the load generator's work off the server's event loop.
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { compose, type Composed } from '../../src/compose.ts';
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/web/app.ts';
import { seedBenchSite } from './seed.ts';

export interface ServerReady {
  type: 'ready';
  /** The site rendering every request (PAGE_CACHE=off). */
  siteUrl: string;
  /** The same site and database with the page cache as configured by default. */
  cachedUrl: string;
  bareUrl: string;
  paths: { article: string; home: string; section: string };
  bytes: { article: number; home: number; section: number };
  articles: number;
  seedMs: number;
  /** `x-cache` of a repeated article request on the cached site (HIT when the page cache serves it). */
  cacheStatus: string;
}

const dataDir = process.env.BENCH_DATA_DIR!;
const articles = Number(process.env.BENCH_ARTICLES ?? 10_000);
const config = loadConfig(
  {},
  { dataDir, databaseUrl: `sqlite:${dataDir}/bench.db`, siteName: 'Broadsheet Bench', logLevel: 'warn' },
);

/** Composes and listens; PAGE_CACHE is read from the environment when the cache is wired. */
async function serve(
  pageCache: 'off' | undefined,
): Promise<{ deps: Composed; app: FastifyInstance; url: string }> {
  if (pageCache) process.env.PAGE_CACHE = pageCache;
  else delete process.env.PAGE_CACHE;
  const deps = await compose(config);
  const app = await buildApp(deps);
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { deps, app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

const uncached = await serve('off');
const seedStarted = Date.now();
const seeded = await seedBenchSite(uncached.deps, articles);
const seedMs = Date.now() - seedStarted;
const cached = await serve(undefined);

const paths = { article: seeded.articlePath, home: '/', section: seeded.sectionPath };
const bytes = { article: 0, home: 0, section: 0 };
for (const [name, path] of Object.entries(paths) as [keyof typeof paths, string][]) {
  const res = await fetch(uncached.url + path);
  if (res.status !== 200) throw new Error(`${name} page ${path} answered ${res.status}`);
  bytes[name] = Buffer.byteLength(await res.text());
}

await fetch(cached.url + paths.article);
const cacheStatus = (await fetch(cached.url + paths.article)).headers.get('x-cache') ?? 'none';

// The bare route: same bytes, same content type, no work. The ceiling a page can approach.
const bareBody = 'x'.repeat(bytes.article);
const bare = Fastify({ logger: false });
bare.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send(bareBody));
await bare.listen({ host: '127.0.0.1', port: 0 });
const bareUrl = `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}/`;

const ready: ServerReady = {
  type: 'ready',
  siteUrl: uncached.url,
  cachedUrl: cached.url,
  bareUrl,
  paths,
  bytes,
  articles: seeded.articles,
  seedMs,
  cacheStatus,
};
process.send!(ready);

process.on('message', async (message: { type?: string }) => {
  if (message?.type !== 'stop') return;
  await bare.close();
  for (const site of [cached, uncached]) {
    await site.app.close();
    await site.deps.close();
  }
  process.exit(0);
});
