import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { sql } from 'kysely';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialectAdapter } from '../db/dialect-adapter.ts';
import { createRepos } from '../db/repositories/index.ts';
import type { Language } from '../domain/language.ts';
import { createArticle, type CreateArticleProps } from '../publishing/create-article.ts';
import { noEvents, type PublishingDeps } from '../publishing/deps.ts';
import { publishArticle } from '../publishing/publish-article.ts';
import type { SearchIndex, SearchQuery } from './search-index.ts';

export interface SearchFixture {
  database: DialectAdapter;
  index: SearchIndex;
  /** The clock the index was built with; tests move it. */
  clock: (() => Date) & { set(iso: string): void };
  close(): Promise<void>;
}

const SHARED = new URL('../../../shared/data/persian/', import.meta.url);
const requireShared = process.env.BROADSHEET_REQUIRE_SHARED === '1';
const sharedPresent = existsSync(new URL('normalization-variants.tsv', SHARED));
if (requireShared && !sharedPresent)
  throw new Error('BROADSHEET_REQUIRE_SHARED=1 but ../shared/data/persian is missing');

/**
 * The one test suite every SearchIndex backend passes (SQLite FTS5, PostgreSQL tsvector).
 * `factory` returns a migrated, empty database with an index wired as its only indexer.
 */
export function runSearchSuite(name: string, factory: () => Promise<SearchFixture>): void {
  describe(`SearchIndex: ${name}`, () => {
    let f: SearchFixture;
    let deps: PublishingDeps;
    const ids: Record<string, number> = {};

    const ids_ = (r: { hits: { articleId: number }[] }) => r.hits.map((h) => h.articleId);
    const find = async (text: string, extra: Partial<SearchQuery> = {}) =>
      ids_(await f.index.search({ text, limit: 50, ...extra }));
    const create = (props: Partial<CreateArticleProps> & { headline: string }) =>
      createArticle(deps, { language: 'en', bodySource: '', status: 'published', ...props });

    beforeAll(async () => {
      f = await factory();
      deps = { database: f.database, clock: f.clock, indexers: [f.index], events: noEvents };
      f.clock.set('2026-11-27T12:00:00.000Z');
      const now = '2026-11-27T12:00:00.000Z';
      const repos = createRepos(f.database.db);
      const politics = await repos.sections.create(
        { language: 'en', slug: 'politics', name: 'Politics' },
        now,
      );
      const sport = await repos.sections.create({ language: 'en', slug: 'sport', name: 'Sport' }, now);
      const farsi = await repos.sections.create({ language: 'fa', slug: 'siasi', name: 'سیاسی' }, now);
      const tag = await repos.tags.create(
        { language: 'en', slug: 'climate', name: 'Climate crisis' } as never,
        now,
      );
      const reporter = await repos.authors.create({ slug: 'nadia-rahimi', name: 'Nadia Rahimi' }, now);
      ids.politics = politics.id;
      ids.sport = sport.id;
      ids.tag = tag.id;
      ids.reporter = reporter.id;

      ids.titleHit = (
        await create({
          headline: 'Parliament debates the carbon tax',
          bodySource: 'Members argued late into the night.',
          sectionId: politics.id,
          publishedAt: '2026-11-20T09:00:00.000Z',
        })
      ).id;
      ids.bodyHit = (
        await create({
          headline: 'Late session in the chamber',
          bodySource:
            'The budget touched on many things, among them a carbon levy and a tax on fuel, then parliament adjourned.',
          sectionId: politics.id,
          publishedAt: '2026-11-20T09:00:00.000Z',
        })
      ).id;
      ids.stem = (
        await create({
          headline: 'Runners gather for the marathon',
          bodySource: 'Thousands were running through the old city.',
          sectionId: sport.id,
          tagIds: [tag.id],
          authorIds: [reporter.id],
          publishedAt: '2026-11-25T09:00:00.000Z',
        })
      ).id;
      ids.opinion = (
        await create({
          headline: 'Opinion: the marathon should move',
          bodySource: 'A view on running events and traffic.',
          sectionId: sport.id,
          publishedAt: '2025-01-10T09:00:00.000Z',
        })
      ).id;
      ids.old = (
        await create({
          headline: 'Glacier report warns of melting',
          bodySource: 'Scientists measured glacier loss.',
          publishedAt: '2024-06-01T09:00:00.000Z',
        })
      ).id;
      ids.fresh = (
        await create({
          headline: 'Glacier report warns of melting',
          bodySource: 'Scientists measured glacier loss.',
          publishedAt: '2026-11-26T09:00:00.000Z',
        })
      ).id;
      ids.draft = (await create({ headline: 'Secret draft about glaciers', status: 'draft' })).id;
      ids.persian = (
        await create({
          language: 'fa',
          headline: 'بانك مركزي ايران نرخ ارز را اعلام كرد',
          bodySource: 'رئيس‌جمهور مي‌خواهد قيمت‌ها در ۱۴۰۳ ثابت بماند. كتابخانه‌ي ملي بازگشايي شد.',
          sectionId: farsi.id,
          publishedAt: '2026-11-24T09:00:00.000Z',
        })
      ).id;
      ids.markup = (
        await create({
          headline: 'Scripts in text',
          bodySource: 'Beware <script>alert(1)</script> and the word zebra & friends',
          publishedAt: '2026-11-01T09:00:00.000Z',
        })
      ).id;
    });

    afterAll(async () => {
      await f?.close();
    });

    it('finds published articles by headline, body, tags, section and byline words', async () => {
      expect(await find('parliament')).toEqual(expect.arrayContaining([ids.titleHit, ids.bodyHit]));
      expect(await find('crisis')).toEqual([ids.stem]); // tag name
      expect(await find('rahimi')).toEqual([ids.stem]); // byline
      expect(await find('sport marathon')).toEqual(expect.arrayContaining([ids.stem, ids.opinion])); // section name
    });

    it('never returns drafts', async () => {
      expect(await find('secret')).toEqual([]);
    });

    it('stems English: "run" finds "running" and "runners"', async () => {
      expect(await find('run')).toEqual(expect.arrayContaining([ids.stem, ids.opinion]));
    });

    it('boosts headline matches above body matches', async () => {
      const r = await find('carbon tax');
      expect(r.slice(0, 2)).toEqual([ids.titleHit, ids.bodyHit]);
    });

    it('ranks the fresher of two equal articles first', async () => {
      expect((await find('glacier')).slice(0, 2)).toEqual([ids.fresh, ids.old]);
    });

    it('matches "quoted phrases" only as phrases', async () => {
      expect(await find('"carbon tax"')).toEqual([ids.titleHit]);
      expect(await find('"tax carbon"')).toEqual([]);
    });

    it('drops -excluded words and phrases', async () => {
      expect(await find('marathon -opinion')).toEqual([ids.stem]);
      expect(await find('marathon -"should move"')).toEqual([ids.stem]);
      expect(await find('-marathon')).toEqual([]);
    });

    it('filters by section, author, tag, language and date range', async () => {
      expect(await find('marathon', { sectionIds: [ids.politics!] })).toEqual([]);
      expect((await find('marathon', { sectionIds: [ids.sport!, ids.politics!] })).sort()).toEqual(
        [ids.stem, ids.opinion].sort(),
      );
      expect(await find('marathon', { authorId: ids.reporter })).toEqual([ids.stem]);
      expect(await find('marathon', { tagId: ids.tag })).toEqual([ids.stem]);
      expect(await find('marathon', { language: 'fa' })).toEqual([]);
      expect(await find('marathon', { language: 'en' })).toHaveLength(2);
      expect(await find('glacier', { from: '2026-01-01T00:00:00.000Z' })).toEqual([ids.fresh]);
      expect(await find('glacier', { to: '2025-01-01T00:00:00.000Z' })).toEqual([ids.old]);
      expect(
        await find('glacier', { from: '2024-06-01T09:00:00.000Z', to: '2024-06-01T09:00:00.000Z' }),
      ).toEqual([ids.old]);
    });

    it('pages results and counts them', async () => {
      const all = await f.index.search({ text: 'glacier' });
      expect(all.total).toBe(2);
      expect(all.totalIsEstimate).toBe(false);
      const p1 = await f.index.search({ text: 'glacier', limit: 1 });
      const p2 = await f.index.search({ text: 'glacier', limit: 1, offset: 1 });
      expect([...ids_(p1), ...ids_(p2)]).toEqual(ids_(all));
      expect(p2.total).toBe(2);
      const clamped = await f.index.search({ text: 'glacier', limit: 10_000, offset: -5 });
      expect(clamped.hits).toHaveLength(2);
    });

    it('returns snippets from the original text with the matched words flagged', async () => {
      const [hit] = (await f.index.search({ text: 'running' })).hits.filter((h) => h.articleId === ids.stem);
      expect(hit!.snippet.filter((s) => s.match).map((s) => s.text)).toEqual(['running']);
      expect(hit!.snippet.map((s) => s.text).join('')).toContain('Thousands were running');
      const [markup] = (await f.index.search({ text: 'zebra' })).hits;
      expect(markup!.snippet.map((s) => s.text).join('')).not.toContain('<script>');
    });

    it('normalises Persian and Arabic spellings identically in documents and queries', async () => {
      for (const q of [
        'بانک مرکزی ایران',
        'بانك مركزي ايران',
        'رییسجمهور',
        'رئيس‌جمهور',
        'میخواهد',
        'می‌خواهد',
        '1403',
        '۱۴۰۳',
        '٠١٤٠٣'.slice(1),
        'کتابخانهی',
        'كتابخانه‌ي',
      ]) {
        expect(await find(q), q).toEqual([ids.persian]);
      }
      const [hit] = (await f.index.search({ text: 'ملی', language: 'fa' })).hits;
      expect(hit!.snippet.some((s) => s.match)).toBe(true);
    });

    it('does not show an article before its publication time or embargo', async () => {
      const future = await create({
        headline: 'Quokka census results',
        publishedAt: '2026-11-28T09:00:00.000Z',
      });
      const draft = await create({ headline: 'Embargoed quokka study', status: 'draft' });
      await publishArticle(deps, { articleId: draft.id, embargoUntil: '2026-11-29T09:00:00.000Z' });
      expect(await find('quokka')).toEqual([]);
      f.clock.set('2026-11-28T09:00:00.000Z');
      expect(await find('quokka')).toEqual([future.id]);
      f.clock.set('2026-11-27T12:00:00.000Z');
    });

    it('changes in the same transaction as the article: a rollback leaves no trace', async () => {
      await expect(
        f.database.db.transaction().execute(async (trx) => {
          const repos = createRepos(trx);
          const a = await repos.articles.create({
            language: 'en',
            slug: 'rolled-back',
            headline: 'Axolotl rolled back',
            standfirst: '',
            excerpt: '',
            body_format: 'markdown',
            body_source: '',
            body_html: '',
            word_count: 0,
            status: 'published',
            section_id: null,
            featured_media_id: null,
            featured_alt: '',
            featured_caption: '',
            featured_credit: '',
            canonical_url: null,
            seo_title: null,
            seo_description: null,
            translation_group: null,
            created_at: '2026-11-27T00:00:00.000Z',
            updated_at: '2026-11-27T00:00:00.000Z',
            published_at: '2026-11-27T00:00:00.000Z',
            embargo_until: null,
            unpublish_at: null,
            version: 1,
          });
          await f.index.syncArticle(trx, a.id);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await find('axolotl')).toEqual([]);
    });

    it('removes an article that stops being public and re-adds it when it returns', async () => {
      const a = await create({ headline: 'Narwhal sighting confirmed' });
      expect(await find('narwhal')).toEqual([a.id]);
      await f.database.db.transaction().execute(async (trx) => {
        await trx.updateTable('articles').set({ status: 'unpublished' }).where('id', '=', a.id).execute();
        await f.index.syncArticle(trx, a.id);
      });
      expect(await find('narwhal')).toEqual([]);
      await f.database.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('articles')
          .set({ status: 'published', headline: 'Narwhal pod counted' })
          .where('id', '=', a.id)
          .execute();
        await f.index.syncArticle(trx, a.id);
      });
      expect(await find('narwhal pod')).toEqual([a.id]);
      expect(await find('confirmed')).toEqual([]);
    });

    it('rebuilds from the articles table with progress', async () => {
      const before = await find('glacier');
      const progress: number[] = [];
      const n = await f.index.rebuild((done) => progress.push(done));
      expect(n).toBeGreaterThanOrEqual(9);
      expect(progress[progress.length - 1]).toBe(n);
      expect(await find('glacier')).toEqual(before);
      expect(await find('secret')).toEqual([]);
    });

    it('never fails on any input string', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.string(),
            fc.string({ unit: 'binary' }),
            fc.stringMatching(/^[-" a-z*:^(){}.+~ANDORNT]{0,40}$/),
          ),
          async (text) => {
            const r = await f.index.search({ text });
            expect(Array.isArray(r.hits)).toBe(true);
          },
        ),
        { numRuns: 150 },
      );
    });

    describe.skipIf(!sharedPresent)('Persian news corpus (../shared/data/persian)', () => {
      beforeAll(async () => {
        await loadFarsNews(f.database, SHARED);
        await f.index.rebuild();
      }, 300_000);

      it('returns the same articles for every spelling in normalization-variants.tsv', async () => {
        const groups = readFileSync(new URL('normalization-variants.tsv', SHARED), 'utf8')
          .split('\n')
          .filter((line) => line && !line.startsWith('#'))
          .map((line) =>
            line
              .split('\t')[2]!
              .split(' | ')
              .map((v) => v.replace(/ \[.*$/, '')),
          );
        expect(groups.length).toBeGreaterThanOrEqual(300);
        for (const variants of groups) {
          const results = [];
          for (const v of variants) {
            const r = await f.index.search({ text: v, language: 'fa', limit: 10 });
            results.push({ total: r.total, ids: ids_(r) });
          }
          expect(results[0]!.total, variants[0]).toBeGreaterThan(0);
          for (const r of results.slice(1)) expect(r, variants.join(' / ')).toEqual(results[0]);
        }
      }, 300_000);
    });
  });
}

/** Loads the Fars News JSON files as published Persian articles (direct inserts: fast, no rendering). */
export async function loadFarsNews(
  database: DialectAdapter,
  dir: URL,
  language: Language = 'fa',
): Promise<number> {
  const folder = new URL('farsnews-language-ml/', dir);
  const files = readdirSync(folder)
    .filter((n) => n.endsWith('.json'))
    .sort();
  let n = 0;
  await database.db.transaction().execute(async (trx) => {
    for (const file of files) {
      const items = JSON.parse(readFileSync(new URL(file, folder), 'utf8')) as {
        title: string;
        abstract: string;
        paragraphs: string[];
      }[];
      for (const item of items) {
        n++;
        const at = new Date(Date.parse('2024-01-01T00:00:00.000Z') + n * 3_600_000).toISOString();
        const body = item.paragraphs.map((p) => `<p>${escapeText(p)}</p>`).join('');
        await sql`insert into articles (language, slug, headline, standfirst, excerpt, body_format, body_source, body_html, word_count, status,
          created_at, updated_at, published_at, version)
          values (${language}, ${`fars-${n}`}, ${item.title}, ${item.abstract}, '', 'html', ${body}, ${body}, 0, 'published', ${at}, ${at}, ${at}, 1)`.execute(
          trx,
        );
      }
    }
  });
  return n;
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
