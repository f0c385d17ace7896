// `npm run bench:scale`: a large archive served by the real server process (`broadsheet serve`):
//   - start-up: from spawning the process to its first 200 on /readyz;
//   - every page type uncached (PAGE_CACHE=off, FRAGMENT_CACHE=off: each request reads the
//     database and renders) at 8 concurrent readers, walking many different URLs (articles old
//     and new, deep archive pages by cursor, tags, authors, searches): p50/p99 against the 50 ms
//     target; then the same walk as page-cache misses of a running site (the fragment cache on);
//   - memory: the same archive served with its default caches, warmed by thousands of distinct
//     pages, its resident set size read from /metrics (target: under 300 MB at 100k articles).
// The archive: BENCH_DATABASE_URL (an existing database, e.g. one `broadsheet seed` filled), or
// BENCH_ARTICLES (100000) generated into a temporary SQLite file.
//   BENCH_DURATION seconds per page type (10)  BENCH_CONNECTIONS (8)  BENCH_WARM_PAGES (3000)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon, { type Result } from 'autocannon';
import { sql } from 'kysely';
import { compose } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { seed, type SeedDeps } from '../src/demo/seed.ts';
import { encodeCursor } from '../src/domain/cursor.ts';
import { editionPrefix, isLanguage } from '../src/domain/language.ts';
import { BROWSER_UA, SERVE_NODE_FLAGS } from './support/load-shared.ts';

const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 8);
const warmPages = Number(process.env.BENCH_WARM_PAGES ?? 3000);
const scratch = mkdtempSync(join(tmpdir(), 'broadsheet-scale-'));
const databaseUrl = process.env.BENCH_DATABASE_URL ?? `sqlite:${join(scratch, 'scale.db')}`;
const children: ChildProcess[] = [];
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

// --- The archive and the URLs to walk.
const config = loadConfig({}, { databaseUrl, dataDir: scratch, logLevel: 'warn' });
const deps = await compose(config, { scheduler: 'manual' });
const db = deps.database.db;
if (!process.env.BENCH_DATABASE_URL) {
  const articles = Number(process.env.BENCH_ARTICLES ?? 100_000);
  console.log(`Seeding ${articles.toLocaleString('en')} articles into ${scratch} ...`);
  const s = await seed(deps as unknown as SeedDeps, { articles, seed: 3 });
  console.log(`Seeded in ${(s.milliseconds / 1000).toFixed(1)} s`);
}
const now = new Date().toISOString();
const { n: total, max: maxId } = (await db
  .selectFrom('articles')
  .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('id').as('max')])
  .executeTakeFirstOrThrow()) as { n: number; max: number };
console.log(`Archive: ${Number(total).toLocaleString('en')} articles (${databaseUrl.split(':')[0]})`);

let x = 88172645;
const rand = (n: number) => {
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return (x >>> 0) % n;
};
const randomIds = Array.from({ length: 2000 }, () => 1 + rand(Number(maxId)));
const picked = await db
  .selectFrom('articles')
  .select(['id', 'language', 'slug', 'section_id', 'published_at', 'headline'])
  .where('id', 'in', randomIds)
  .where('status', '=', 'published')
  .where('published_at', '<=', now)
  .execute();
const prefix = (language: string) => (isLanguage(language) ? editionPrefix(language) : '');
const sections = await db.selectFrom('sections').select(['id', 'language', 'slug']).execute();
const sectionById = new Map(sections.map((s) => [s.id, s]));
const tags = await db
  .selectFrom('tags')
  .select(['language', 'slug'])
  .orderBy(sql`random()`)
  .limit(300)
  .execute();
const authors = await db.selectFrom('authors').select('slug').execute();

const urls: Record<string, string[]> = {
  article: picked.map((a) => `${prefix(a.language)}/news/${encodeURIComponent(a.slug)}`),
  home: ['/', '/fa'],
  // First pages and deep archive pages (a cursor at a random article of the section).
  section: [
    ...sections.map((s) => `${prefix(s.language)}/section/${encodeURIComponent(s.slug)}`),
    ...picked
      .filter((a) => a.section_id !== null && sectionById.has(a.section_id))
      .slice(0, 500)
      .map((a) => {
        const s = sectionById.get(a.section_id!)!;
        const cursor = encodeCursor({ publishedAt: a.published_at!, id: a.id });
        return `${prefix(s.language)}/section/${encodeURIComponent(s.slug)}?before=${cursor}&page=2`;
      }),
  ],
  tag: tags.map((t) => `${prefix(t.language)}/tag/${encodeURIComponent(t.slug)}`),
  author: authors.flatMap((a) => [
    `/author/${encodeURIComponent(a.slug)}`,
    `/fa/author/${encodeURIComponent(a.slug)}`,
  ]),
  search: picked.slice(0, 300).map((a) => {
    const words = a.headline.split(/\s+/).filter((w) => w.length > 3);
    const q = words
      .slice(rand(Math.max(1, words.length - 1)), 2 + rand(Math.max(1, words.length - 1)))
      .join(' ');
    return `${prefix(a.language)}/search?q=${encodeURIComponent(q || a.headline.split(/\s+/)[0]!)}`;
  }),
};
await deps.close();

// --- The server, as an operator runs it.
/** Waits (at most five minutes) until the server's related-articles model is live. */
async function untilRelatedBuilt(url: string): Promise<void> {
  const started = Date.now();
  for (;;) {
    const text = await (await fetch(`${url}/metrics`)).text();
    const built = Number(/^broadsheet_related_model_articles (\S+)$/m.exec(text)?.[1] ?? 0);
    if (built > 0) {
      console.log(
        `(related model: ${built.toLocaleString('en')} articles after ${((Date.now() - started) / 1000).toFixed(1)} s more)`,
      );
      return;
    }
    if (Date.now() - started > 300_000)
      throw new Error('the related model did not build within five minutes');
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function startServer(
  env: Record<string, string>,
): Promise<{ url: string; ms: number; child: ChildProcess }> {
  const started = performance.now();
  // Started the way `npm start` and the documented service start it (bin/broadsheet.js's flags).
  const child = spawn(process.execPath, [...SERVE_NODE_FLAGS, 'bin/broadsheet.js', 'serve', '--port', '0'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: scratch, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /Site:\s+(http:\/\/\S+?)\/?\n/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited (code ${code}): ${out}`)));
  });
  for (;;) {
    const res = await fetch(`${url}/readyz`).catch(() => null);
    if (res?.ok) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return { url, ms: performance.now() - started, child };
}

function percentileRow(name: string, r: Result, count: number): string {
  return (
    name.padEnd(10) +
    [
      String(count),
      r.requests.average.toFixed(0),
      r.latency.p50.toFixed(1),
      r.latency.p99.toFixed(1),
      String(r.errors + r.timeouts + r.non2xx),
    ]
      .map((c) => c.padStart(9))
      .join('') +
    (r.latency.p99 < 50 ? '   ok' : '   ABOVE 50 ms')
  );
}

/** Walks every page type's URLs at `connections` readers; false when any request failed. */
async function walkPageTypes(url: string): Promise<boolean> {
  console.log(
    'page'.padEnd(10) + ['urls', 'req/s', 'p50 ms', 'p99 ms', 'errors'].map((h) => h.padStart(9)).join(''),
  );
  let ok = true;
  for (const [name, list] of Object.entries(urls)) {
    if (list.length === 0) continue;
    let i = 0;
    const r = await autocannon({
      url,
      connections,
      duration,
      headers: { 'user-agent': BROWSER_UA },
      requests: [{ setupRequest: (req) => ({ ...req, path: list[i++ % list.length]! }) }],
    });
    console.log(percentileRow(name, r, list.length));
    if (r.errors + r.timeouts + r.non2xx > 0) ok = false;
  }
  return ok;
}

const uncached = await startServer({ PAGE_CACHE: 'off', FRAGMENT_CACHE: 'off' });
console.log(
  `\nStart-up (spawn to first ready answer), caches off: ${(uncached.ms / 1000).toFixed(2)} s (target < 2 s)`,
);
// The related model builds in the background after start: let it finish, as a running site has.
await untilRelatedBuilt(uncached.url);
console.log(
  `\nUncached pages, nothing cached, ${connections} concurrent readers, ${duration} s each (autocannon):`,
);
let failed = !(await walkPageTypes(uncached.url));
uncached.child.kill('SIGTERM');

// A page-cache miss as a running site serves it: the page is rendered, but from the parts the
// fragment cache holds (the edition frame, cards, tags and bylines), which the walk fills as it goes.
const missed = await startServer({ PAGE_CACHE: 'off' });
await untilRelatedBuilt(missed.url);
console.log(`\nPage-cache misses with the fragment cache on (default size), same walk:`);
if (!(await walkPageTypes(missed.url))) failed = true;
missed.child.kill('SIGTERM');

// --- Memory with warm caches (the default configuration).
const warm = await startServer({});
console.log(`\nStart-up with default caches: ${(warm.ms / 1000).toFixed(2)} s`);
const everything = Object.values(urls).flat();
const warmList = Array.from({ length: warmPages }, (_, k) => everything[k % everything.length]!);
for (let k = 0; k < warmList.length; k += 8)
  await Promise.all(warmList.slice(k, k + 8).map((u) => fetch(warm.url + u).then((r) => r.arrayBuffer())));
await untilRelatedBuilt(warm.url);
await new Promise((r) => setTimeout(r, Number(process.env.BENCH_SETTLE_MS ?? 5000)));
const metrics = await (await fetch(`${warm.url}/metrics`)).text();
const gauge = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);
const rss = gauge('process_resident_memory_bytes');
console.log(
  `Memory after ${warmList.length.toLocaleString('en')} requests over ${everything.length.toLocaleString('en')} distinct pages: RSS ${(rss / 1048576).toFixed(0)} MB (target < 300 MB at 100k), ` +
    `heap ${(gauge('nodejs_heap_used_bytes') / 1048576).toFixed(0)} MB of ${(gauge('nodejs_heap_total_bytes') / 1048576).toFixed(0)} reserved, external ${(gauge('nodejs_external_memory_bytes') / 1048576).toFixed(0)} MB, page cache ${(gauge('broadsheet_cache_bytes') / 1048576).toFixed(1)} MB in ${gauge('broadsheet_cache_entries')} pages, ` +
    `fragment cache ~${(gauge('broadsheet_fragment_cache_bytes') / 1048576).toFixed(1)} MB in ${gauge('broadsheet_fragment_cache_entries')} parts`,
);
// Linux splits the resident set: anonymous memory (heap, buffers, SQLite's cache) and mapped
// files (the node binary and libraries, shared with every other node process).
try {
  const status = readFileSync(`/proc/${warm.child.pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  console.log(
    `Of the RSS: anonymous ${(kb('RssAnon') / 1024).toFixed(0)} MB, mapped files ${(kb('RssFile') / 1024).toFixed(0)} MB, shared memory ${(kb('RssShmem') / 1024).toFixed(0)} MB`,
  );
} catch {
  // not Linux
}
warm.child.kill('SIGTERM');
process.exit(failed ? 1 : 0);
