import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { compose } from '../compose.ts';
import { loadConfig } from '../config.ts';
import { createArticle } from '../publishing/create-article.ts';
import type { CliIo } from './io.ts';
import { run } from './main.ts';

async function cli(env: NodeJS.ProcessEnv, ...argv: string[]) {
  const captured = { out: '', err: '' };
  const io: CliIo = {
    stdout: (t) => void (captured.out += t),
    stderr: (t) => void (captured.err += t),
    isTTY: false,
    env,
  };
  const code = await run(argv, io);
  return { code, ...captured };
}

describe('broadsheet reindex and eval search', () => {
  it('rebuilds a wiped search index, printing progress and a summary line', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'reindex-'));
    const env = { DATA_DIR: dataDir, DATABASE_URL: `sqlite:${join(dataDir, 'b.db')}`, LOG_LEVEL: 'warn' };
    try {
      const deps = await compose(loadConfig(env), { scheduler: 'manual' });
      for (const headline of ['Okapi seen', 'Okapi again', 'Draft okapi']) {
        await createArticle(deps, {
          language: 'en',
          headline,
          bodySource: 'text',
          status: headline.startsWith('Draft') ? 'draft' : 'published',
        });
      }
      await sql`insert into search_fts (search_fts) values ('delete-all')`.execute(deps.database.db);
      await sql`delete from search_docs`.execute(deps.database.db);
      expect((await deps.search.search({ text: 'okapi' })).hits).toHaveLength(0);
      await deps.close();

      const r = await cli(env, 'reindex');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/Indexing for search: 2 \/ 2/);
      expect(r.out).toMatch(/^Reindexed 2 articles for search/m);

      const after = await compose(loadConfig(env), { scheduler: 'manual' });
      expect((await after.search.search({ text: 'okapi' })).hits).toHaveLength(2);
      await after.close();
      expect((await cli(env, 'reindex', 'extra')).code).toBe(2);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('eval search prints MRR@10 and recall@10 for Broadsheet and the baseline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-search-'));
    try {
      const animals = ['otter', 'heron', 'badger', 'lynx', 'marten', 'osprey'];
      for (const label of ['nature', 'city']) {
        mkdirSync(join(dir, label));
        animals.forEach((animal, i) =>
          writeFileSync(
            join(dir, label, `${i}.txt`),
            `${label} ${animal} story\nThe ${animal} was seen near the ${label} river, said warden${(i + label.length) % 4} and ranger${i % 5}.\n`,
          ),
        );
      }
      const r = await cli({}, 'eval', 'search', '--corpus', dir, '--queries', '10', '--words', '2');
      expect(r.code).toBe(0);
      const rows = r.out.split('\n').filter((l) => /^(broadsheet|baseline)/.test(l));
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        const [mrr, recall] = row.trim().split(/\s+/).slice(-2).map(Number);
        expect(mrr).toBeGreaterThan(0);
        expect(mrr).toBeLessThanOrEqual(1);
        expect(recall).toBeGreaterThanOrEqual(mrr!);
      }
      expect((await cli({}, 'eval', 'search', '--corpus', join(dir, 'missing'))).code).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
