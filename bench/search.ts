// `npm run bench:search` (and the "search" section of `npm run bench:discovery`): full-text search
// latency p50/p95/p99 on generated content (src/demo/seed.ts), per database and size.
//   BENCH_SIZES (100000,1000000)  BENCH_DIALECTS (sqlite,postgres)  BENCH_QUERIES (1000)  BENCH_SEED (1)
//   BENCH_PG_URL (postgres://postgres@127.0.0.1:5432/test; a scratch schema is made and dropped)
//   BENCH_DATABASE_URL: measure a database already seeded by `broadsheet seed` instead (seeding
//   a million articles takes long; keep one and measure it again after each change)
// Sizes grow one database: after measuring 100k it seeds the rest up to 1M with another seed.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { compose, type Composed } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { seed, type SeedDeps } from '../src/demo/seed.ts';
import { searchWords } from '../src/domain/search-query.ts';
import type { SearchQuery } from '../src/search/search-index.ts';

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summary(label: string, samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  return `${label}: p50 ${percentile(s, 50).toFixed(2)} ms, p95 ${percentile(s, 95).toFixed(2)} ms, p99 ${percentile(s, 99).toFixed(2)} ms, max ${s[s.length - 1]!.toFixed(2)} ms (${s.length} queries)`;
}

function xorshift(seedValue: number) {
  let x = seedValue >>> 0 || 2463534242;
  return (n: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

/**
 * A query mix drawn from real headlines: one word, two words, a quoted phrase, a word with an
 * exclusion, a word in one section, Persian words. Common words are included on purpose: they
 * are the expensive case on a large archive.
 */
export async function buildQueryMix(
  deps: Composed,
  n: number,
): Promise<{ kind: string; query: SearchQuery }[]> {
  const rows = await deps.database.db
    .selectFrom('articles')
    .select(['headline', 'language', 'section_id'])
    .where('status', '=', 'published')
    .orderBy('id')
    .limit(5_000)
    .execute();
  const pick = xorshift(7);
  const out: { kind: string; query: SearchQuery }[] = [];
  const kinds = ['one word', 'two words', 'phrase', 'exclusion', 'section filter', 'three words'];
  for (let i = 0; out.length < n && i < n * 10; i++) {
    const row = rows[pick(rows.length)]!;
    const words = searchWords(row.headline).filter((w) => w.length > 2);
    if (words.length < 3) continue;
    const a = pick(words.length - 1);
    const kind = kinds[out.length % kinds.length]!;
    const language = row.language as 'en' | 'fa';
    const w = (k: number) => words[(a + k) % words.length]!;
    const text =
      kind === 'one word'
        ? w(0)
        : kind === 'two words'
          ? `${w(0)} ${w(2)}`
          : kind === 'phrase'
            ? `"${w(0)} ${w(1)}"`
            : kind === 'exclusion'
              ? `${w(0)} -${words.find((x) => x !== w(0) && !row.headline.toLowerCase().includes(x)) ?? 'zzzz'}`
              : kind === 'three words'
                ? `${w(0)} ${w(1)} ${w(2)}`
                : w(1);
    out.push({
      kind: language === 'fa' ? `${kind} (fa)` : kind,
      query: {
        text,
        language,
        limit: 10,
        ...(kind === 'section filter' && row.section_id !== null ? { sectionIds: [row.section_id] } : {}),
      },
    });
  }
  return out;
}

/** Runs the query mix against `deps.search` and prints latency overall and per kind. */
export async function measureSearch(deps: Composed, label: string, queries: number): Promise<void> {
  const mix = await buildQueryMix(deps, queries);
  for (const q of mix.slice(0, 100)) await deps.search.search(q.query); // warm caches and JIT
  const all: number[] = [];
  const cpu: number[] = [];
  const byKind = new Map<string, number[]>();
  let hits = 0;
  for (const q of mix) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await deps.search.search(q.query);
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    hits += r.hits.length > 0 ? 1 : 0;
    all.push(ms);
    (byKind.get(q.kind) ?? byKind.set(q.kind, []).get(q.kind)!).push(ms);
  }
  console.log(summary(`search ${label}`, all) + `; ${hits} with results`);
  // On a shared, busy machine wall time includes waiting for a core; this process's CPU time does
  // not (for SQLite it is the whole query; for PostgreSQL the server's share is not in it).
  console.log(
    `  ${summary('CPU time of this process', cpu)}; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`,
  );
  for (const [kind, t] of [...byKind].sort()) console.log(`  ${summary(kind, t)}`);
}

async function openDatabase(
  dialect: string,
  dataDir: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  if (dialect === 'sqlite') return { url: `sqlite:${join(dataDir, 'bench.db')}`, drop: async () => {} };
  const base = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `bench_search_${randomBytes(4).toString('hex')}`;
  return {
    url: `${base}?schema=${schema}`,
    async drop() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

/** Measures a database seeded beforehand (`BENCH_DATABASE_URL`); changes nothing in it. */
async function measureExisting(url: string, queries: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-bench-search-'));
  try {
    const deps = await compose(loadConfig({}, { databaseUrl: url, dataDir, baseUrl: 'http://bench.test' }), {
      scheduler: 'manual',
    });
    try {
      const n = await deps.database.db
        .selectFrom('articles')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const label = `${deps.database.name} ${Number(n.n).toLocaleString('en')}`;
      console.log(`\n== search, ${label} articles (${url.replace(/\/\/[^@/]*@/, '//')}) ==`);
      await measureSearch(deps, label, queries);
    } finally {
      await deps.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (process.env.BENCH_DATABASE_URL) {
    await measureExisting(process.env.BENCH_DATABASE_URL, Number(process.env.BENCH_QUERIES ?? 1_000));
    return;
  }
  const sizes = (process.env.BENCH_SIZES ?? '100000,1000000')
    .split(',')
    .map(Number)
    .sort((a, b) => a - b);
  const dialects = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',');
  const queries = Number(process.env.BENCH_QUERIES ?? 1_000);
  const seedValue = Number(process.env.BENCH_SEED ?? 1);
  for (const dialect of dialects) {
    const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-bench-search-'));
    const database = await openDatabase(dialect, dataDir);
    try {
      const deps = await compose(
        loadConfig({}, { databaseUrl: database.url, dataDir, baseUrl: 'http://bench.test' }),
        { scheduler: 'manual' },
      );
      try {
        let have = 0;
        for (const [i, size] of sizes.entries()) {
          const started = Date.now();
          const s = await seed(deps as unknown as SeedDeps, { articles: size - have, seed: seedValue + i });
          have = size;
          console.log(
            `\n== search, ${dialect}, ${size.toLocaleString('en')} articles (seeded ${s.articles.toLocaleString('en')} + search index rebuilt in ${((Date.now() - started) / 1000).toFixed(0)} s) ==`,
          );
          await measureSearch(deps, `${dialect} ${size.toLocaleString('en')}`, queries);
        }
      } finally {
        await deps.close();
      }
    } finally {
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
