// `npm run bench:discovery`: discovery at scale on a fresh SQLite database in /tmp.
//   - related: full rebuild rate (articles/s, reading bodies from the database; wall and CPU time)
//     and the event-loop delay meanwhile, the list's latency p50/p95/p99 for one article, and the
//     model's memory;
//   - modules: what "You might also like", "Most read" and "Recommended to you" add to an article
//     page (the three providers as the page runs them, card hydration included).
// Sections are independent: the search engineer adds the search latency section below.
//   BENCH_ARTICLES (100000)  BENCH_QUERIES (2000)  BENCH_SEED (1)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { compose, type Composed } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { seed, type SeedDeps } from '../src/demo/seed.ts';
import { createDiscovery } from '../src/discovery/discovery.ts';
import { buildRelatedModel, WORKER_MIN_ARTICLES } from '../src/discovery/related/loader.ts';
import { BACKGROUND_BUILD } from '../src/discovery/related/related-index.ts';
import { measureSearch } from './search.ts';

const articles = Number(process.env.BENCH_ARTICLES ?? 100_000);
const queries = Number(process.env.BENCH_QUERIES ?? 2_000);
const seedValue = Number(process.env.BENCH_SEED ?? 1);

interface BenchContext {
  deps: Composed;
  /** Published article ids, newest first. */
  ids: number[];
}

type Section = (ctx: BenchContext) => Promise<void>;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summary(label: string, samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  return `${label}: p50 ${percentile(s, 50).toFixed(3)} ms, p95 ${percentile(s, 95).toFixed(3)} ms, p99 ${percentile(s, 99).toFixed(3)} ms, max ${s[s.length - 1]!.toFixed(3)} ms (${s.length} samples)`;
}

/** Deterministic sample of ids (no Math.random: runs are comparable). */
function sample(ids: readonly number[], n: number): number[] {
  const out: number[] = [];
  let x = 2463534242;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.push(ids[(x >>> 0) % ids.length]!);
  }
  return out;
}

const relatedSection: Section = async ({ deps, ids }) => {
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  // Built as the live index builds it (BACKGROUND_BUILD: small batches, analysis in a worker
  // thread); the event loop's delay meanwhile is what a request would wait behind the build.
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  let workerFailed = false;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const model = await buildRelatedModel(deps.database.db, {
    ...BACKGROUND_BUILD,
    onWorkerError: (e) => {
      workerFailed = true;
      console.log('related build worker failed, built on the main thread:', e);
    },
  });
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  loopDelay.disable();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  global.gc?.();
  const heapAfter = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const where =
    model.size >= WORKER_MIN_ARTICLES && !workerFailed ? 'analysis in a worker thread' : 'on the main thread';
  console.log(
    `related rebuild: ${model.size.toLocaleString('en')} articles in ${(ms / 1000).toFixed(1)} s = ${Math.round((model.size / ms) * 1000).toLocaleString('en')} articles/s (database read included, ${where}); model ~${Math.round(model.approximateBytes() / 1024 / 1024)} MB (heap growth on this thread ${Math.round((heapAfter - heapBefore) / 1024 / 1024)} MB)`,
  );
  // On a shared machine wall time includes waiting for a core; CPU time (all threads) is what the work costs.
  console.log(
    `related rebuild CPU: ${(cpuMs / 1000).toFixed(1)} s = ${Math.round((model.size / cpuMs) * 1000).toLocaleString('en')} articles per CPU-second; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`,
  );
  console.log(
    `event-loop delay during the rebuild: p50 ${(loopDelay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms`,
  );
  const now = Date.now() + 86_400_000;
  for (const id of sample(ids, 200)) model.related(id, { limit: 6, now });
  const times: number[] = [];
  const qcpu0 = process.cpuUsage();
  for (const id of sample(ids, queries)) {
    const t0 = performance.now();
    model.related(id, { limit: 6, now });
    times.push(performance.now() - t0);
  }
  const qcpu = process.cpuUsage(qcpu0);
  console.log(summary('related list (6 items, one article)', times));
  console.log(
    `related list mean CPU time: ${((qcpu.user + qcpu.system) / 1000 / times.length).toFixed(3)} ms`,
  );
};

const modulesSection: Section = async ({ deps, ids }) => {
  const discovery = await createDiscovery({
    database: deps.database,
    repos: deps.repos,
    clock: deps.clock,
    baseUrl: deps.config.baseUrl,
    flushIntervalMs: 3_600_000,
  });
  try {
    discovery.start();
    await discovery.related.rebuild();
    // Some traffic, so "Most read" and co-visitation have something to say.
    const readers = sample(ids.slice(0, 500), 5_000);
    for (let i = 0; i < readers.length; i++) {
      discovery.views.record(readers[i]!);
      if (i > 0) discovery.covisit.record(readers[i - 1]!, readers[i]!);
    }
    const now = deps.clock().toISOString();
    const times: number[] = [];
    const perModule = new Map<string, number[]>();
    const list = sample(ids.slice(0, 20_000), Math.min(queries, 1_000));
    for (let i = 0; i < list.length + 50; i++) {
      const articleId = list[i % list.length]!;
      const shown = new Set<number>([articleId]);
      const headers = { 'user-agent': 'Mozilla/5.0 bench', cookie: '' };
      const t0 = performance.now();
      for (const provider of discovery.providers) {
        const p0 = performance.now();
        const data = await provider.load({
          articleId,
          language: 'en',
          shownIds: shown,
          now,
          reader: { headers, setCookie: () => {} },
        });
        data?.items.forEach((c) => shown.add(c.id));
        if (i >= 50)
          (perModule.get(provider.name) ?? perModule.set(provider.name, []).get(provider.name)!).push(
            performance.now() - p0,
          );
      }
      if (i >= 50) times.push(performance.now() - t0);
    }
    console.log(summary('article page, all three discovery modules (cards included)', times));
    for (const [name, t] of perModule) console.log(`  ${summary(name, t)}`);
  } finally {
    await discovery.close();
  }
};

// Search latency on this database (SQLite at BENCH_ARTICLES); `npm run bench:search` runs 100k and 1M on both dialects.
const searchSection: Section = async ({ deps }) =>
  measureSearch(deps, `sqlite ${articles.toLocaleString('en')}`, queries);

const SECTIONS: [string, Section][] = [
  ['related', relatedSection],
  ['modules', modulesSection],
  ['search', searchSection],
];

const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-bench-discovery-'));
try {
  const config = loadConfig(
    {},
    { databaseUrl: `sqlite:${join(dataDir, 'bench.db')}`, dataDir, baseUrl: 'http://bench.test' },
  );
  const deps = await compose(config, { scheduler: 'manual' });
  try {
    console.log(`Seeding ${articles.toLocaleString('en')} articles (seed ${seedValue}) into ${dataDir} ...`);
    const s = await seed(deps as unknown as SeedDeps, { articles, seed: seedValue });
    console.log(
      `Seeded ${s.articles.toLocaleString('en')} articles in ${(s.milliseconds / 1000).toFixed(1)} s`,
    );
    const rows = await deps.database.db
      .selectFrom('articles')
      .select('id')
      .where('status', '=', 'published')
      .where('language', '=', 'en')
      .orderBy('published_at', 'desc')
      .execute();
    const ids = rows.map((r) => r.id);
    const only = process.argv[2];
    for (const [name, section] of SECTIONS) {
      if (only && only !== name) continue;
      console.log(`\n== ${name} ==`);
      await section({ deps, ids });
    }
  } finally {
    await deps.close();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
