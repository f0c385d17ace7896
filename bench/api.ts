/**
 * Content API benchmark: times the first page and pages deep in the archive (keyset cursors), and
 * a full walk of the archive through `next` links, in process (app.inject, no network).
 *
 *   API_RATE_LIMIT=100000000 DATABASE_URL=sqlite:/tmp/bs-api/broadsheet.db DATA_DIR=/tmp/bs-api npx tsx bench/api.ts
 * (seed first: `broadsheet seed --articles 50000` with the same environment).
 */
import { compose } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { createApiKeysRepo } from '../src/db/repositories/api-keys.ts';
import { buildApp } from '../src/web/app.ts';

const deps = await compose(loadConfig(process.env), { scheduler: 'manual' });
const app = await buildApp(deps);
const { key } = await createApiKeysRepo(deps.database.db).create(
  { name: 'bench', scopes: ['content:read'] },
  new Date().toISOString(),
);
const headers = { authorization: `Bearer ${key}` };

async function timed(url: string): Promise<{ ms: number; next: string | null; n: number }> {
  const t0 = process.hrtime.bigint();
  const res = await app.inject({ url, headers });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  const body = res.json() as { data: unknown[]; next: string | null };
  return { ms, next: body.next, n: body.data.length };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

for (const limit of [20, 100]) {
  let url: string | null = `/api/v1/articles?limit=${limit}`;
  let total = 0;
  let pages = 0;
  const times: number[] = [];
  const started = Date.now();
  while (url) {
    const r = await timed(url);
    times.push(r.ms);
    total += r.n;
    pages++;
    url = r.next;
  }
  const first = times.slice(0, 10);
  const last = times.slice(-10);
  console.log(
    `limit=${limit}: walked ${total} articles in ${pages} pages, ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
      `median page ${median(times).toFixed(1)} ms (first 10: ${median(first).toFixed(1)} ms, last 10: ${median(last).toFixed(1)} ms)`,
  );
}
await app.close();
await deps.close();
