// `npm run bench:pages`: page throughput against a bare Fastify route of the same size.
// The server (site + bare route) runs in a child process on a fresh SQLite database in /tmp with
// generated articles; autocannon loads it from this process, on 127.0.0.1 only, bounded in time.
// Pages are measured uncached (PAGE_CACHE=off: rendered on every request), then the article page
// again through the page cache.
//   BENCH_ARTICLES (10000)  BENCH_DURATION seconds per target (10)  BENCH_CONNECTIONS (10)
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { ServerReady } from './support/page-server.ts';

const articles = Number(process.env.BENCH_ARTICLES ?? 10_000);
const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const warmup = Math.min(3, duration);

const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-bench-'));
const server = fork(new URL('./support/page-server.ts', import.meta.url), [], {
  env: { ...process.env, BENCH_DATA_DIR: dataDir, BENCH_ARTICLES: String(articles), LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});

function stop(code: number): never {
  server.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGINT', () => stop(130));

console.log(`Seeding ${articles.toLocaleString('en')} generated articles into ${dataDir} ...`);
const ready = await new Promise<ServerReady>((resolve, reject) => {
  server.once('message', (m) => resolve(m as ServerReady));
  server.once('exit', (code) => reject(new Error(`page server exited early (code ${code})`)));
});
console.log(
  `Seeded ${ready.articles.toLocaleString('en')} articles in ${(ready.seedMs / 1000).toFixed(1)} s`,
);

interface Row {
  name: string;
  path: string;
  bytes: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function measure(name: string, url: string, bytes: number): Promise<Row> {
  await autocannon({ url, connections, duration: warmup });
  const r = await autocannon({ url, connections, duration });
  const errors = r.errors + r.timeouts + r.non2xx;
  return {
    name,
    path: new URL(url).pathname,
    bytes,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors,
  };
}

const rows: Row[] = [];
try {
  rows.push(await measure('bare', ready.bareUrl, ready.bytes.article));
  for (const name of ['article', 'home', 'section'] as const) {
    rows.push(await measure(name, ready.siteUrl + ready.paths[name], ready.bytes[name]));
  }
  rows.push(
    await measure('article (page cache)', ready.cachedUrl + ready.paths.article, ready.bytes.article),
  );
} catch (error) {
  console.error(error);
  stop(1);
}

const bare = rows[0]!;
console.log(
  `\n${connections} connections, ${duration} s per target after ${warmup} s warm-up, Node ${process.version}\n`,
);
const header = ['bytes', 'req/s', 'p50 ms', 'p99 ms', 'page/bare', 'errors'];
console.log('target'.padEnd(22) + header.map((h) => h.padStart(10)).join(''));
for (const row of rows) {
  console.log(
    row.name.padEnd(22) +
      [
        String(row.bytes),
        row.rps.toFixed(0),
        String(row.p50),
        String(row.p99),
        row === bare ? '1.00' : (row.rps / bare.rps).toFixed(2),
        String(row.errors),
      ]
        .map((c) => c.padStart(10))
        .join(''),
  );
}
for (const row of rows) console.log(`  ${row.name}: ${row.path}`);
console.log(`  page cache on a repeated article request: x-cache ${ready.cacheStatus}`);

const resultsDir = new URL('../test-results/', import.meta.url);
mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  new URL('bench-pages.json', resultsDir),
  JSON.stringify(
    {
      articles: ready.articles,
      seedMs: ready.seedMs,
      cacheStatus: ready.cacheStatus,
      connections,
      duration,
      rows,
    },
    null,
    2,
  ),
);

server.send({ type: 'stop' });
await new Promise((resolve) => server.once('exit', resolve));
rmSync(dataDir, { recursive: true, force: true });
if (rows.some((r) => r.errors > 0)) {
  console.error('Some requests failed (errors, timeouts or non-2xx answers).');
  process.exit(1);
}
