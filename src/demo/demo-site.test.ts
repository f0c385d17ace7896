import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../db/migrate.ts';
import { createRepos } from '../db/repositories/index.ts';
import { parseVariants } from '../db/repositories/media.ts';
import { renderMarkdown } from '../domain/body.ts';
import { noEvents } from '../publishing/deps.ts';
import { createLocalMediaStorage } from '../media/storage.ts';
import { DIALECTS, freshDatabase } from '../../test/support/databases.ts';
import { createDemoSite, hasArticles, type DemoOptions } from './demo-site.ts';
import { BEATS } from './beats.ts';
import { tellStory } from './writer.ts';

const NOW = new Date('2026-11-27T12:00:00.000Z');

async function build(dialect: (typeof DIALECTS)[number], options: DemoOptions) {
  const database = await freshDatabase(dialect);
  await migrateToLatest(database.adapter);
  const dataDir = mkdtempSync(join(tmpdir(), 'demo-'));
  const repos = createRepos(database.adapter.db);
  const deps = {
    database: database.adapter,
    repos,
    clock: () => NOW,
    indexers: [],
    events: noEvents,
    config: { dataDir },
  };
  const summary = await createDemoSite(deps, options);
  return { database, dataDir, repos, summary };
}

describe('story writer', () => {
  it('tells the same story in English and Persian with the same numbers', () => {
    for (const beat of BEATS) {
      const en = tellStory({ beat, seed: 42 }, 'en');
      const fa = tellStory({ beat, seed: 42 }, 'fa');
      expect(en.blocks.length).toBe(fa.blocks.length);
      expect(en.tagKeys).toEqual(fa.tagKeys);
      expect(fa.bodySource).toMatch(/[\u0600-\u06ff]/);
      expect(en.bodySource).not.toMatch(/\{\w+\}/);
      expect(fa.bodySource).not.toMatch(/\{\w+\}/);
      expect(en.headline).not.toMatch(/\{\w+\}/);
      expect(tellStory({ beat, seed: 42 }, 'en')).toEqual(en);
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`createDemoSite (${dialect})`, () => {
    // The full-size site once on SQLite; a smaller one on PostgreSQL keeps the suite quick.
    const full = dialect === 'sqlite';
    const options: DemoOptions = full
      ? {}
      : { englishArticles: 40, persianArticles: 16, translations: 6, images: 4 };
    let ctx: Awaited<ReturnType<typeof build>>;
    beforeAll(async () => {
      ctx = await build(dialect, options);
    }, 180_000);
    afterAll(async () => {
      await ctx.database.drop();
      rmSync(ctx.dataDir, { recursive: true, force: true });
    });

    it('creates both editions with sections, subsections, bylines and images', async () => {
      const { repos, summary, database } = ctx;
      expect(await hasArticles(database.adapter.db)).toBe(true);
      if (full) {
        expect(summary.articles.en).toBeGreaterThanOrEqual(220);
        expect(summary.articles.fa).toBeGreaterThanOrEqual(60);
        expect(summary.translations).toBe(20);
        expect(summary.images).toBe(30);
      }
      const en = await repos.sections.listByLanguage('en');
      const iran = en.find((s) => s.slug === 'iran')!;
      expect(iran.name).toBe('Iran General News');
      expect(en.filter((s) => s.parent_id === iran.id).map((s) => s.slug)).toEqual([
        'politics',
        'economy',
        'society',
      ]);
      expect((await repos.sections.listByLanguage('fa')).map((s) => s.name)).toContain('اخبار ایران');
      const authors = await repos.authors.all();
      expect(authors.every((a) => a.bio.length > 20)).toBe(true);
      expect(authors.some((a) => a.email === null)).toBe(true); // guests
      const media = await repos.media.list(100);
      const storage = createLocalMediaStorage(join(ctx.dataDir, 'media'));
      for (const m of media) {
        expect(m.alt).not.toBe('');
        const variants = parseVariants(m);
        expect(new Set(variants.map((v) => v.format))).toEqual(new Set(['avif', 'webp', 'jpeg']));
        expect(await storage.exists(variants[0]!.path)).toBe(true);
      }
    });

    it('publishes believable articles: dates, bodies, tags, bylines, images, translations', async () => {
      const { repos, database } = ctx;
      const db = database.adapter.db;
      const articles = await db.selectFrom('articles').selectAll().orderBy('published_at', 'desc').execute();
      expect(
        articles.every(
          (a) => a.status === 'published' && a.featured_media_id !== null && a.featured_alt !== '',
        ),
      ).toBe(true);
      const newest = new Date(articles[0]!.published_at!).getTime();
      expect(NOW.getTime() - newest).toBeGreaterThan(60_000);
      expect(NOW.getTime() - newest).toBeLessThan(30 * 60_000);
      const oldest = new Date(articles[articles.length - 1]!.published_at!).getTime();
      expect((NOW.getTime() - oldest) / 86_400_000).toBeGreaterThan(50);
      expect((NOW.getTime() - oldest) / 86_400_000).toBeLessThan(62);
      for (const a of articles.slice(0, 30)) {
        expect(a.body_html).toBe(renderMarkdown(a.body_source));
        expect(a.body_source.split('\n\n').length).toBeGreaterThanOrEqual(4);
        expect(a.excerpt).not.toBe('');
        expect(a.standfirst).not.toBe('');
      }
      expect(articles.some((a) => a.body_html.includes('<h2>'))).toBe(true);
      expect(articles.some((a) => a.body_html.includes('<blockquote>'))).toBe(true);
      const ids = articles.map((a) => a.id);
      const tags = await repos.tags.forArticles(ids);
      const bylines = await repos.authors.forArticles(ids);
      for (const id of ids) {
        expect(tags.get(id)?.length ?? 0).toBeGreaterThanOrEqual(1);
        expect(tags.get(id)!.length).toBeLessThanOrEqual(4);
        expect([1, 2]).toContain(bylines.get(id)?.length);
      }
      const listed = await db
        .selectFrom('article_tags')
        .select('listed_at')
        .where('listed_at', 'is', null)
        .execute();
      expect(listed).toHaveLength(0);
      const groups = new Map<string, string[]>();
      for (const a of articles)
        if (a.translation_group)
          groups.set(a.translation_group, [...(groups.get(a.translation_group) ?? []), a.language]);
      expect(groups.size).toBe(full ? 20 : 6);
      for (const langs of groups.values()) expect(langs.sort()).toEqual(['en', 'fa']);
      const fa = articles.filter((a) => a.language === 'fa');
      expect(fa.every((a) => /[\u0600-\u06ff]/.test(a.headline))).toBe(true);
      const notes = await db.selectFrom('article_notes').selectAll().execute();
      expect(notes.some((n) => n.kind === 'update')).toBe(true);
      expect(notes.some((n) => n.kind === 'correction')).toBe(true);
      for (const n of notes) {
        const a = articles.find((x) => x.id === n.article_id)!;
        expect(a.updated_at).toBe(n.created_at);
        expect(n.created_at > a.published_at!).toBe(true);
      }
    });

    it('curates five must-reads per edition, one expiring in the future', async () => {
      for (const language of ['en', 'fa'] as const) {
        const entries = await ctx.repos.mustRead.active(language, NOW.toISOString());
        expect(entries).toHaveLength(5);
        expect(entries.filter((e) => e.expiresAt !== null)).toHaveLength(1);
        expect(entries.find((e) => e.expiresAt)!.expiresAt! > NOW.toISOString()).toBe(true);
        const cards = await ctx.repos.articles.publicCardsByIds(
          entries.map((e) => e.articleId),
          NOW.toISOString(),
        );
        expect(cards.every((c) => c.language === language)).toBe(true);
      }
    });
  });
}

describe('determinism', () => {
  it('builds the same site from the same seed', async () => {
    const options: DemoOptions = {
      englishArticles: 12,
      persianArticles: 6,
      translations: 3,
      images: 2,
      seed: 7,
    };
    const snapshot = async () => {
      const ctx = await build('sqlite', options);
      const rows = await ctx.database.adapter.db
        .selectFrom('articles')
        .select(['language', 'slug', 'headline', 'body_source', 'published_at', 'translation_group'])
        .orderBy('id')
        .execute();
      await ctx.database.drop();
      rmSync(ctx.dataDir, { recursive: true, force: true });
      return rows;
    };
    const a = await snapshot();
    expect(await snapshot()).toEqual(a);
    const other = await build('sqlite', { ...options, seed: 8 });
    const headlines = await other.database.adapter.db
      .selectFrom('articles')
      .select('headline')
      .orderBy('id')
      .execute();
    expect(headlines.map((h) => h.headline)).not.toEqual(a.map((r) => r.headline));
    await other.database.drop();
    rmSync(other.dataDir, { recursive: true, force: true });
  }, 60_000);
});
