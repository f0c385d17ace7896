import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../db/connect.ts';
import type { DialectName } from '../db/dialect-adapter.ts';
import { DIALECTS, TEST_PG_URL } from '../../test/support/databases.ts';
import type { CliIo } from './io.ts';
import { run } from './main.ts';

interface Captured {
  code: number;
  out: string;
  err: string;
}

function makeIo(env: NodeJS.ProcessEnv, extra: Partial<CliIo> = {}) {
  const captured = { out: '', err: '' };
  const io: CliIo = {
    stdout: (t) => void (captured.out += t),
    stderr: (t) => void (captured.err += t),
    isTTY: false,
    env,
    ...extra,
  };
  return { io, captured };
}

async function cli(env: NodeJS.ProcessEnv, ...argv: string[]): Promise<Captured> {
  const { io, captured } = makeIo(env);
  const code = await run(argv, io);
  return { code, ...captured };
}

/** A throwaway environment: a data directory and a database (SQLite file or private PostgreSQL schema). */
async function environment(dialect: DialectName) {
  const dataDir = mkdtempSync(join(tmpdir(), 'cli-'));
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    DATA_DIR: dataDir,
    DATABASE_URL:
      dialect === 'sqlite' ? `sqlite:${join(dataDir, 'broadsheet.db')}` : `${TEST_PG_URL}?schema=${schema}`,
    LOG_LEVEL: 'warn',
  };
  return {
    env,
    dataDir,
    async query<T>(fn: (db: Awaited<ReturnType<typeof connectDatabase>>['db']) => Promise<T>): Promise<T> {
      const adapter = await connectDatabase(env.DATABASE_URL!);
      try {
        return await fn(adapter.db);
      } finally {
        await adapter.close();
      }
    },
    async drop() {
      if (dialect === 'postgres') {
        const client = new pg.Client({ connectionString: TEST_PG_URL });
        await client.connect();
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe('broadsheet CLI basics', () => {
  it('prints usage for --help and for unknown commands', async () => {
    const help = await cli({}, '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('serve');
    expect(help.out).toContain('seed');
    expect(help.out).toContain('must-read');
    const unknown = await cli({}, 'frobnicate');
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toContain('Usage: broadsheet');
    const nothing = await cli({});
    expect(nothing.code).not.toBe(0);
    const seedHelp = await cli({}, 'seed', '--help');
    expect(seedHelp.code).toBe(0);
    expect(seedHelp.out).toContain('--articles');
  });

  it('refuses bad input naming the flag, before touching any database', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cli-'));
    const env = { DATA_DIR: dataDir };
    try {
      for (const [args, flag] of [
        [['seed'], '--articles'],
        [['seed', '--articles', '0'], '--articles'],
        [['seed', '--articles', 'many'], '--articles'],
        [['seed', '--articles', '-5'], '--articles'],
        [['seed', '--articles', '10', '--seed', 'x'], '--seed'],
        [['seed', '--articles', '10', '--colour', 'red'], '--colour'],
        [['serve', '--port', '99999'], '--port'],
        [['serve', '--port', 'http'], '--port'],
        [['must-read', 'add', '--lang', 'de', '--article', 'x'], '--lang'],
        [['must-read', 'add'], '--article'],
        [['must-read', 'move', '--article', 'x'], '--position'],
        [['must-read', 'add', '--article', 'x', '--expires', 'tomorrow'], '--expires'],
        [['must-read', 'shuffle'], 'must-read'],
      ] as const) {
        const result = await cli(env, ...args);
        expect(result.code, args.join(' ')).toBe(2);
        expect(result.err, args.join(' ')).toContain(flag);
      }
      expect(existsSync(join(dataDir, 'broadsheet.db'))).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`broadsheet seed (${dialect})`, () => {
    let ctx: Awaited<ReturnType<typeof environment>>;
    beforeAll(async () => {
      ctx = await environment(dialect);
    });
    afterAll(() => ctx.drop());

    it('bulk-generates published articles with tags, bylines and listing times, and a summary line', async () => {
      const result = await cli(ctx.env, 'seed', '--articles', '600', '--seed', '5');
      expect(result.err).toBe('');
      expect(result.code).toBe(0);
      expect(result.out).toMatch(/Seeded 600 articles \(seed 5\) in [\d.]+ s; database [\d.]+ (KB|MB)/);
      expect(result.out).toContain('Inserting articles: 600 / 600 (100%)');
      expect(result.out).toMatch(/Rebuilding the \w+ index/); // the search index has a bulk rebuild
      await ctx.query(async (db) => {
        const articles = await db.selectFrom('articles').selectAll().orderBy('id').execute();
        expect(articles).toHaveLength(600);
        const published = articles.filter((a) => a.status === 'published');
        expect(published.length).toBeGreaterThan(570);
        expect(new Set(articles.map((a) => a.language))).toEqual(new Set(['en', 'fa']));
        // Oldest first: ids follow publication time.
        const times = published.map((a) => a.published_at!);
        expect([...times].sort()).toEqual(times);
        expect(Date.now() - Date.parse(times[times.length - 1]!)).toBeLessThan(10 * 60_000);
        expect(articles.some((a) => a.translation_group !== null)).toBe(true);
        const tags = await db.selectFrom('article_tags').selectAll().execute();
        const bylines = await db.selectFrom('article_authors').selectAll().execute();
        const byId = new Map(articles.map((a) => [a.id, a]));
        for (const link of [...tags, ...bylines]) {
          const a = byId.get(link.article_id)!;
          expect(link.listed_at).toBe(a.status === 'published' ? a.published_at : null);
        }
        expect(new Set(bylines.map((b) => b.article_id)).size).toBe(600);
        const media = await db.selectFrom('media').select('id').execute();
        expect(media.length).toBe(8);
      });
    }, 120_000);

    it('refuses to run the same seed twice, changing nothing; another seed adds more', async () => {
      const again = await cli(ctx.env, 'seed', '--articles', '10', '--seed', '5');
      expect(again.code).toBe(1);
      expect(again.err).toContain('seed');
      const count = () =>
        ctx.query(async (db) => (await db.selectFrom('articles').select('id').execute()).length);
      expect(await count()).toBe(600);
      const more = await cli(ctx.env, 'seed', '--articles', '10', '--seed', '6');
      expect(more.code).toBe(0);
      expect(await count()).toBe(610);
      // The image pool is reused, not recreated.
      expect(
        await ctx.query(async (db) => (await db.selectFrom('media').select('id').execute()).length),
      ).toBe(8);
    }, 120_000);
  });

  describe(`broadsheet must-read (${dialect})`, () => {
    let ctx: Awaited<ReturnType<typeof environment>>;
    let slugs: string[];
    beforeAll(async () => {
      ctx = await environment(dialect);
      expect((await cli(ctx.env, 'seed', '--articles', '40', '--seed', '2')).code).toBe(0);
      slugs = await ctx.query(async (db) =>
        (
          await db
            .selectFrom('articles')
            .select('slug')
            .where('language', '=', 'en')
            .where('status', '=', 'published')
            .orderBy('id', 'desc')
            .limit(4)
            .execute()
        ).map((r) => r.slug),
      );
    }, 120_000);
    afterAll(() => ctx.drop());

    const order = () =>
      ctx.query(async (db) =>
        (
          await db
            .selectFrom('must_read')
            .innerJoin('articles', 'articles.id', 'must_read.article_id')
            .select(['articles.slug', 'must_read.expires_at'])
            .where('must_read.language', '=', 'en')
            .orderBy('must_read.position')
            .execute()
        ).map((r) => r.slug),
      );

    it('adds, lists, moves and removes entries', async () => {
      expect((await cli(ctx.env, 'must-read', 'list')).out).toContain('empty');
      for (const slug of slugs.slice(0, 3))
        expect((await cli(ctx.env, 'must-read', 'add', '--lang', 'en', '--article', slug)).code).toBe(0);
      expect(await order()).toEqual(slugs.slice(0, 3));
      const future = new Date(Date.now() + 86_400_000).toISOString();
      const added = await cli(
        ctx.env,
        'must-read',
        'add',
        '--article',
        slugs[3]!,
        '--expires',
        future,
        '--position',
        '1',
      );
      expect(added.code).toBe(0);
      expect(added.out).toContain(`1. ${slugs[3]}`);
      expect(await order()).toEqual([slugs[3], slugs[0], slugs[1], slugs[2]]);
      expect((await cli(ctx.env, 'must-read', 'move', '--article', slugs[2]!, '--position', '2')).code).toBe(
        0,
      );
      expect(await order()).toEqual([slugs[3], slugs[2], slugs[0], slugs[1]]);
      expect((await cli(ctx.env, 'must-read', 'remove', '--article', slugs[0]!)).code).toBe(0);
      expect(await order()).toEqual([slugs[3], slugs[2], slugs[1]]);
      const list = await cli(ctx.env, 'must-read', 'list', '--lang', 'en');
      expect(list.out).toContain('until');
    });

    it('refuses unknown articles, past expiry and out-of-range positions, changing nothing', async () => {
      const before = await order();
      const cases = [
        ['must-read', 'add', '--article', 'no-such-story'],
        ['must-read', 'add', '--article', slugs[0]!, '--lang', 'fa'],
        ['must-read', 'add', '--article', slugs[0]!, '--expires', '2001-01-01T00:00:00Z'],
        ['must-read', 'move', '--article', slugs[3]!, '--position', '9'],
        ['must-read', 'remove', '--article', slugs[0]!],
      ];
      for (const args of cases) {
        const result = await cli(ctx.env, ...args);
        expect(result.code, args.join(' ')).not.toBe(0);
        expect(result.err).toMatch(/--(article|expires|position)/);
      }
      expect(await order()).toEqual(before);
    });
  });
}

describe('broadsheet serve', () => {
  it('listens, prints the site and newsroom URLs, serves pages and shuts down gracefully', async () => {
    const ctx = await environment('sqlite');
    try {
      // A database with content already: serve must not add the demo site on top.
      expect((await cli(ctx.env, 'seed', '--articles', '20', '--seed', '3')).code).toBe(0);
      const stop = new AbortController();
      const { io, captured } = makeIo({ ...ctx.env, HOST: '127.0.0.1' }, { stopSignal: stop.signal });
      const running = run(['serve', '--port', '0'], io);
      const started = Date.now();
      while (!captured.out.includes('Newsroom:') && Date.now() - started < 60_000) {
        if (captured.err.includes('error')) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(captured.err).not.toContain('error');
      const site = /Site:\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(captured.out)?.[1];
      expect(site).toBeDefined();
      expect(captured.out).toContain(`${site}/admin`);
      expect(captured.out).not.toContain('demo site');
      // No account yet: the demo admin is created and its credentials printed once.
      expect(captured.out).toMatch(/Sign in as \S+@\S+ with password \S+/);
      const health = await fetch(`${site}/healthz`);
      expect(health.status).toBe(200);
      const home = await fetch(`${site}/`);
      expect(home.status).toBe(200);
      stop.abort();
      expect(await running).toBe(0);
      await expect(fetch(`${site}/healthz`)).rejects.toThrow();
      const count = await ctx.query(
        async (db) => (await db.selectFrom('articles').select('id').execute()).length,
      );
      expect(count).toBe(20);
    } finally {
      await ctx.drop();
    }
  }, 120_000);
});

describe('progress output', () => {
  it('rewrites one line in place on a terminal and prints plain lines otherwise', async () => {
    const { progressReporter } = await import('./io.ts');
    const tty = makeIo({}, { isTTY: true });
    const p = progressReporter(tty.io, 'Seeding');
    p.update(10, 10);
    p.done();
    expect(tty.captured.out).toContain('\r');
    expect(tty.captured.out).toContain('Seeding: 10 / 10 (100%)');
    const plain = makeIo({}, { isTTY: false });
    const q = progressReporter(plain.io, 'Seeding');
    for (let i = 1; i <= 100; i++) q.update(i, 100);
    expect(plain.captured.out).not.toContain('\r');
    expect(plain.captured.out.trim().split('\n').length).toBe(11); // 0%, 10%, ... 100%
  });
});
