// `npm run bench NAME [-- args]`: runs one benchmark by name, or lists them.
import { spawnSync } from 'node:child_process';

const BENCHES: Record<
  string,
  { script: string; about: string; node?: string[]; env?: Record<string, string> }
> = {
  load: {
    script: 'bench/load.ts',
    about: 'page cache under load vs bare Fastify and nginx (BENCH_SPIKE=1: spike run)',
  },
  pages: { script: 'bench/pages.ts', about: 'uncached page throughput vs a bare Fastify route' },
  scale: {
    script: 'bench/scale.ts',
    about: 'start-up, uncached p99 of every page type at 8 readers, RSS with warm caches',
  },
  discovery: {
    script: 'bench/discovery.ts',
    about: 'related rebuild and latency, article-page modules, search',
    node: ['--expose-gc'],
  },
  search: { script: 'bench/search.ts', about: 'search latency at 100k and 1M on SQLite and PostgreSQL' },
  import: { script: 'bench/import.ts', about: 'WXR import rate (posts per second)' },
  api: {
    script: 'bench/api.ts',
    about: 'walking the whole archive through the Content API',
    env: { API_RATE_LIMIT: '100000000' },
  },
  'sign-in': { script: 'bench/sign-in-timing.ts', about: 'sign-in timing for known and unknown accounts' },
  lighthouse: { script: 'bench/lighthouse.ts', about: 'Lighthouse scores of an article page (mobile)' },
};

const [name, ...args] = process.argv.slice(2);
const bench = name ? BENCHES[name] : undefined;
if (!bench) {
  if (name) console.error(`Unknown benchmark "${name}".`);
  console.log('Usage: npm run bench NAME [-- args]\n');
  for (const [key, b] of Object.entries(BENCHES)) console.log(`  ${key.padEnd(11)} ${b.about}`);
  process.exit(name ? 2 : 0);
}
const result = spawnSync(
  process.execPath,
  [...(bench.node ?? []), '--import', 'tsx', bench.script, ...args],
  {
    stdio: 'inherit',
    env: { ...process.env, ...bench.env },
  },
);
process.exit(result.status ?? 1);
