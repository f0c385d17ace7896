// Child process of bench/load.ts: one generated site on a fresh SQLite database, served twice on
// 127.0.0.1 (with the page cache, and with PAGE_CACHE=off), plus a bare Fastify route that
// returns the bytes of the cached article page. Reports back over IPC.
import { writeFileSync } from 'node:fs';
import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { compose, type Composed } from '../../src/compose.ts';
import { loadConfig } from '../../src/config.ts';
import { createArticle } from '../../src/publishing/create-article.ts';
import { buildApp } from '../../src/web/app.ts';
import { BROWSER_UA } from './load-shared.ts';
import { seedBenchSite } from './seed.ts';

export interface LoadServerReady {
  type: 'ready';
  cachedUrl: string;
  /** Page cache off, fragment cache on: every request renders the page from memory. */
  uncachedUrl: string;
  /** Page and fragment caches off: every request reads the database and renders. */
  coldUrl: string;
  bareUrl: string;
  /** Process of the bare route (for its CPU time per request). */
  barePid: number;
  paths: { article: string; home: string; section: string; search: string };
  /** A reader's signed history cookie (so "Recommended to you" is theirs). */
  readerCookie: string;
  /** The same reader before opening the article: every request is a new view for the recommender. */
  newViewCookie: string;
  /** The article page as that reader gets it, saved for nginx. */
  savedPage: string;
  bytes: number;
  articles: number;
  seedMs: number;
}

const dataDir = process.env.BENCH_DATA_DIR!;
const articles = Number(process.env.BENCH_ARTICLES ?? 10_000);
const config = loadConfig(
  // The admission budget may be varied for comparison (ADMISSION_BUDGET_MS=0: off).
  { ADMISSION_BUDGET_MS: process.env.ADMISSION_BUDGET_MS },
  { dataDir, databaseUrl: `sqlite:${dataDir}/bench.db`, siteName: 'Broadsheet Bench', logLevel: 'warn' },
);

/** Composes and listens; PAGE_CACHE and FRAGMENT_CACHE are read when the caches are wired. */
async function serve(
  caches: 'both' | 'fragments only' | 'none',
): Promise<{ deps: Composed; app: FastifyInstance; url: string }> {
  process.env.PAGE_CACHE = caches === 'both' ? 'on' : 'off';
  process.env.FRAGMENT_CACHE = caches === 'none' ? 'off' : 'on';
  const deps = await compose(config, { scheduler: 'manual' });
  const app = await buildApp(deps);
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { deps, app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

const uncached = await serve('fragments only');
const seedStarted = Date.now();
const seeded = await seedBenchSite(uncached.deps, articles);
const seedMs = Date.now() - seedStarted;
const cached = await serve('both');
const cold = await serve('none');

// A reader who has read a few stories: their cookie makes the recommendations theirs.
let readerCookie = '';
const recent = await cached.deps.repos.articles.latest('en', cached.deps.clock().toISOString(), {
  limit: 12,
});
for (const row of recent.slice(3, 7)) {
  const res = await fetch(`${cached.url}/news/${row.slug}`, {
    headers: { 'user-agent': BROWSER_UA, cookie: readerCookie },
  });
  await res.text();
  const set = res.headers.get('set-cookie');
  if (set) readerCookie = set.split(';')[0]!;
}
const page = await fetch(cached.url + seeded.articlePath, {
  headers: { 'user-agent': BROWSER_UA, cookie: readerCookie },
});
const savedPage = await page.text();
if (page.status !== 200) throw new Error(`article page answered ${page.status}`);
// "New view": the reader comes from other stories (recommendations computed, the view recorded).
const newViewCookie = readerCookie;
// "Repeat view": the same reader reloading the story they just opened.
readerCookie = page.headers.get('set-cookie')?.split(';')[0] ?? readerCookie;
const savedFile = `${dataDir}/article.html`;
writeFileSync(savedFile, savedPage);

// Background work of a fresh start (the related-articles model builds, in worker threads) must
// not be measured: wait until this process (all its threads) uses under a tenth of a core for
// three consecutive half-seconds (at most three minutes).
{
  const started = Date.now();
  let quiet = 0;
  while (quiet < 3 && Date.now() - started < 180_000) {
    const cpu0 = process.cpuUsage();
    await new Promise((r) => setTimeout(r, 500));
    const cpu = process.cpuUsage(cpu0);
    quiet = (cpu.user + cpu.system) / 1000 < 50 ? quiet + 1 : 0;
  }
}

// The bare route (same bytes, no work) runs in its own process: bench/support/bare-server.ts.
let barePid = 0;
const bareUrl = await new Promise<string>((resolve, reject) => {
  const child = fork(new URL('./bare-server.ts', import.meta.url), [savedFile], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  barePid = child.pid ?? 0;
  child.once('message', (m) => resolve((m as { url: string }).url));
  child.once('exit', (code) => reject(new Error(`bare server exited (code ${code})`)));
  process.on('exit', () => child.kill('SIGKILL'));
});
const bareBytes = Buffer.byteLength(savedPage);

const searchTerm = recent[0]!.headline.split(/\s+/).find((w) => w.length > 4) ?? 'news';
const ready: LoadServerReady = {
  type: 'ready',
  cachedUrl: cached.url,
  uncachedUrl: uncached.url,
  coldUrl: cold.url,
  bareUrl,
  barePid,
  paths: {
    article: seeded.articlePath,
    home: '/',
    section: seeded.sectionPath,
    search: `/search?q=${encodeURIComponent(searchTerm)}`,
  },
  readerCookie,
  newViewCookie,
  savedPage: savedFile,
  bytes: bareBytes,
  articles: seeded.articles,
  seedMs,
};
process.send!(ready);

let publishing: NodeJS.Timeout | undefined;
process.on('message', async (message: { type?: string; everyMs?: number }) => {
  if (message?.type === 'publish-every') {
    // The spike run: an article published every few seconds while readers hammer the site.
    const section = (await cached.deps.repos.sections.listByLanguage('en'))[0];
    let n = 0;
    publishing = setInterval(() => {
      n++;
      void createArticle(cached.deps, {
        language: 'en',
        headline: `Spike update number ${n}`,
        bodySource: 'An update during the spike.',
        sectionId: section?.id ?? null,
        status: 'published',
      }).then((a) => process.send!({ type: 'published', id: a.id, headline: a.headline, at: Date.now() }));
    }, message.everyMs ?? 5000);
  }
  if (message?.type !== 'stop') return;
  if (publishing) clearInterval(publishing);
  for (const site of [cached, uncached, cold]) {
    await site.app.close();
    await site.deps.close();
  }
  process.exit(0);
});
