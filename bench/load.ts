// `npm run bench:load`: the page cache under load, on one machine, 127.0.0.1 only, bounded in time.
// Targets: the cached article page with a reader's "Recommended to you" composed, the cached home
// and section pages, search, the uncached article page, a bare Fastify route returning the same
// bytes, and nginx serving a saved copy of that page as a static file.
// Load comes from wrk (Debian package) when installed, else autocannon.
//   BENCH_ARTICLES (3000)  BENCH_DURATION seconds per target (10)  BENCH_CONNECTIONS (32)
//   BENCH_NGINX_WORKERS (auto)  BENCH_SPIKE=1 adds the spike run (500 connections for 60 s while an
//   article is published every 5 s; BENCH_SPIKE_SECONDS, BENCH_SPIKE_CONNECTIONS); BENCH_SPIKE=only
//   runs the spike alone.
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import autocannon from 'autocannon';
import { BROWSER_UA, SERVE_NODE_FLAGS } from './support/load-shared.ts';
import type { LoadServerReady } from './support/load-server.ts';

const articles = Number(process.env.BENCH_ARTICLES ?? 3000);
const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const warmup = Math.min(2, duration);
const useWrk = spawnSync('wrk', ['--version']).error === undefined;

interface Row {
  name: string;
  url: string;
  rps: number;
  /** CPU time (all threads) of the answering process per request: steadier than req/s here. */
  cpuUs: number;
  p50: number;
  p99: number;
  errors: number;
}

const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-load-'));
let nginx = null as ChildProcess | null;
const server = fork(new URL('./support/load-server.ts', import.meta.url), [], {
  execArgv: [...process.execArgv, ...SERVE_NODE_FLAGS],
  env: { ...process.env, BENCH_DATA_DIR: dataDir, BENCH_ARTICLES: String(articles), LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});

function cleanup(): void {
  server.kill('SIGKILL');
  nginx?.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** nginx (Debian package) serving the saved page from a private prefix; null when not installed. */
async function startNginx(file: string): Promise<string | null> {
  const bin = ['/usr/sbin/nginx', 'nginx'].find((b) => spawnSync(b, ['-v']).error === undefined);
  if (!bin) return null;
  const port = await freePort();
  // nginx workers run unprivileged: they must be able to read the saved page.
  chmodSync(dataDir, 0o755);
  chmodSync(file, 0o644);
  const prefix = join(dataDir, 'nginx');
  mkdirSync(join(prefix, 'logs'), { recursive: true });
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(
    conf,
    `daemon off;
worker_processes ${process.env.BENCH_NGINX_WORKERS ?? 'auto'};
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  types { text/html html; }
  server {
    listen 127.0.0.1:${port};
    root ${dirname(file)};
    location = / { try_files /${basename(file)} =404; }
  }
}
`,
  );
  nginx = spawn(bin, ['-p', prefix, '-c', conf], { stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return url;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('nginx did not start');
}

function parseWrkMs(value: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(value.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 's' ? n * 1000 : n;
}

async function load(
  url: string,
  headers: Record<string, string>,
  seconds: number,
  conns: number,
): Promise<Omit<Row, 'name' | 'url' | 'cpuUs'>> {
  if (useWrk) {
    const args = ['-t1', `-c${conns}`, `-d${seconds}s`, '--latency', '--timeout', '5s'];
    for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn('wrk', [...args, url]);
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.on('error', reject);
      child.on('exit', () => resolve(text));
    });
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
    const p50 = parseWrkMs(/^\s+50%\s+(\S+)/m.exec(out)?.[1] ?? '');
    const p99 = parseWrkMs(/^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? '');
    const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
    const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
    const errors = non2xx + (socket ? socket.slice(1).reduce((a, b) => a + Number(b), 0) : 0);
    if (errors > 0) console.log(`  ${url}: ${non2xx} non-2xx; ${socket?.[0] ?? 'no socket errors'}`);
    return { rps, p50, p99, errors };
  }
  const r = await autocannon({ url, connections: conns, duration: seconds, headers });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + r.non2xx,
  };
}

/** User + system CPU seconds of a process so far (Linux); NaN elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

async function measure(
  name: string,
  url: string,
  headers: Record<string, string> = {},
  pid?: number,
): Promise<Row> {
  await load(url, headers, warmup, connections);
  const cpu0 = cpuSeconds(pid);
  const result = await load(url, headers, duration, connections);
  const cpuUs = ((cpuSeconds(pid) - cpu0) * 1e6) / (result.rps * duration);
  return { name, url, ...result, cpuUs };
}

console.log(`Seeding ${articles.toLocaleString('en')} generated articles into ${dataDir} ...`);
const ready = await new Promise<LoadServerReady>((resolve, reject) => {
  server.once('message', (m) => resolve(m as LoadServerReady));
  server.once('exit', (code) => reject(new Error(`load server exited early (code ${code})`)));
});
console.log(
  `Seeded ${ready.articles.toLocaleString('en')} articles in ${(ready.seedMs / 1000).toFixed(1)} s; article page ${ready.bytes} bytes`,
);

const reader = { 'user-agent': BROWSER_UA, cookie: ready.readerCookie };
const rows: Row[] = [];
let exitCode = 0;
const spikeOnly = process.env.BENCH_SPIKE === 'only';
try {
  if (!spikeOnly) await measureRows();
} catch (error) {
  console.error(error);
  exitCode = 1;
}

async function measureRows(): Promise<void> {
  const nginxUrl = await startNginx(ready.savedPage);
  const pid = server.pid;
  rows.push(await measure('article, cached + reader', ready.cachedUrl + ready.paths.article, reader, pid));
  rows.push(
    await measure(
      '  same, new view each time',
      ready.cachedUrl + ready.paths.article,
      {
        ...reader,
        cookie: ready.newViewCookie,
      },
      pid,
    ),
  );
  rows.push(await measure('home, cached', ready.cachedUrl + ready.paths.home, {}, pid));
  rows.push(await measure('section, cached', ready.cachedUrl + ready.paths.section, {}, pid));
  rows.push(await measure('search, cached', ready.cachedUrl + ready.paths.search, {}, pid));
  rows.push(await measure('article, uncached', ready.uncachedUrl + ready.paths.article, reader, pid));
  rows.push(await measure('  same, no fragment cache', ready.coldUrl + ready.paths.article, reader, pid));
  rows.push(await measure('bare Fastify, same bytes', ready.bareUrl, {}, ready.barePid));
  if (nginxUrl) rows.push(await measure('nginx static file', nginxUrl));
  else console.log('nginx is not installed (apt-get install nginx): its row is skipped.');
}

const find = (prefix: string) => rows.find((r) => r.name.startsWith(prefix));
const bare = find('bare');
console.log(
  `\n${useWrk ? 'wrk -t1' : 'autocannon'}, ${connections} connections, ${duration} s per target after ${warmup} s warm-up, Node ${process.version}\n`,
);
console.log(
  'target'.padEnd(28) +
    ['req/s', 'p50 ms', 'p99 ms', '/bare', 'errors', 'CPU µs/req', 'bare/CPU']
      .map((h) => h.padStart(11))
      .join(''),
);
for (const row of rows) {
  console.log(
    row.name.padEnd(28) +
      [
        row.rps.toFixed(0),
        row.p50.toFixed(2),
        row.p99.toFixed(2),
        bare ? (row.rps / bare.rps).toFixed(2) : '-',
        String(row.errors),
        Number.isFinite(row.cpuUs) ? row.cpuUs.toFixed(1) : '-',
        bare && Number.isFinite(row.cpuUs) && Number.isFinite(bare.cpuUs)
          ? (bare.cpuUs / row.cpuUs).toFixed(2)
          : '-',
      ]
        .map((c) => c.padStart(11))
        .join(''),
  );
}

const cachedRow = find('article, cached');
const uncachedRow = find('article, uncached');
const nginxRow = find('nginx');
const ratios: { name: string; value: number; target: number }[] = [];
if (cachedRow && bare)
  ratios.push({ name: 'cached article / bare Fastify', value: cachedRow.rps / bare.rps, target: 0.9 });
if (cachedRow && nginxRow)
  ratios.push({ name: 'cached article / nginx', value: cachedRow.rps / nginxRow.rps, target: 0.35 });
if (uncachedRow && bare)
  ratios.push({ name: 'uncached article / bare Fastify', value: uncachedRow.rps / bare.rps, target: 0.3 });
console.log('');
for (const r of ratios)
  console.log(
    `${r.name.padEnd(34)} ${r.value.toFixed(2)}  (target >= ${r.target}) ${r.value >= r.target ? 'ok' : 'BELOW TARGET'}`,
  );

let spike: Record<string, unknown> | null = null;
if ((process.env.BENCH_SPIKE === '1' || spikeOnly) && exitCode === 0) {
  const seconds = Number(process.env.BENCH_SPIKE_SECONDS ?? 60);
  const conns = Number(process.env.BENCH_SPIKE_CONNECTIONS ?? 500);
  console.log(
    `\nSpike: ${conns} connections on the cached article page for ${seconds} s, one article published every 5 s ...`,
  );
  // Each publish is watched by a request for the home page every 50 ms, each sent without waiting
  // for the previous one (under 500 connections one answer can queue for seconds): the publish
  // was visible to the first request that showed it, at the time that request was sent; its
  // answer arrived at another time, reported beside it.
  const visibleMs: number[] = [];
  const answeredMs: number[] = [];
  const watchers: Promise<void>[] = [];
  server.on('message', (m: { type?: string; headline?: string; at?: number }) => {
    if (m.type !== 'published' || !m.headline || !m.at) return;
    const { headline, at } = m;
    watchers.push(
      (async () => {
        const seen: { first?: { sent: number; answered: number } } = {};
        const polls: Promise<void>[] = [];
        for (let sent = Date.now(); sent - at <= 10_000; sent = Date.now()) {
          if (seen.first && sent > seen.first.sent) break;
          polls.push(
            fetch(ready.cachedUrl + ready.paths.home)
              .then((r) => r.text())
              .then((body) => {
                if (body.includes(headline) && (!seen.first || sent < seen.first.sent))
                  seen.first = { sent, answered: Date.now() };
              }),
          );
          await new Promise((r) => setTimeout(r, 50));
        }
        await Promise.all(polls);
        visibleMs.push(seen.first ? Math.max(0, seen.first.sent - at) : Infinity);
        answeredMs.push(seen.first ? seen.first.answered - at : Infinity);
      })(),
    );
  });
  server.send({ type: 'publish-every', everyMs: 5000 });
  const result = await load(ready.cachedUrl + ready.paths.article, reader, seconds, conns);
  await Promise.all(watchers);
  spike = {
    connections: conns,
    seconds,
    ...result,
    publishes: visibleMs.length,
    worstVisibleMs: Math.max(0, ...visibleMs),
    worstAnsweredMs: Math.max(0, ...answeredMs),
  };
  // What the caches did during the spike (coalesced waits, renders discarded by a publish ...).
  const metrics = await (await fetch(`${ready.cachedUrl}/metrics`)).text();
  for (const line of metrics.split('\n'))
    if (/^broadsheet_(page_cache_requests|cache_operations|cache_invalidations)_total/.test(line))
      console.log(`  ${line}`);
  console.log(
    `spike: ${result.rps.toFixed(0)} req/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, errors ${result.errors}; ` +
      `${visibleMs.length} publishes, each on the home page for requests sent at most ${Math.max(0, ...visibleMs)} ms after it ` +
      `(that answer arrived after ${Math.max(0, ...answeredMs)} ms) (target: p99 < 250 ms, no errors, < 1000 ms)`,
  );
}

const resultsDir = new URL('../test-results/', import.meta.url);
mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  new URL('bench-load.json', resultsDir),
  JSON.stringify(
    {
      articles: ready.articles,
      seedMs: ready.seedMs,
      tool: useWrk ? 'wrk' : 'autocannon',
      connections,
      duration,
      rows,
      ratios,
      spike,
    },
    null,
    2,
  ),
);
try {
  server.send({ type: 'stop' });
  await new Promise((resolve) => server.once('exit', resolve));
} finally {
  nginx?.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
if (rows.some((r) => r.errors > 0)) {
  console.error('Some requests failed (errors, timeouts or non-2xx answers).');
  exitCode = 1;
}
process.exit(exitCode);
