import { sql, type Kysely } from 'kysely';
import type { DB, NewArticle } from '../db/schema.ts';
import { BroadsheetError } from '../domain/errors.ts';
import type { Language } from '../domain/language.ts';
import { slugify } from '../domain/slug.ts';
import { createLocalMediaStorage, mediaRoot } from '../media/storage.ts';
import { renderFields } from '../publishing/article-input.ts';
import type { ArticleIndexer } from '../publishing/deps.ts';
import { BEATS, type Beat } from './beats.ts';
import { createDemoImages, type DemoImage } from './demo-images.ts';
import type { DemoDeps } from './demo-site.ts';
import { pickBeat, pickBylines } from './demo-site.ts';
import { describeDemoImage, demoImageSpecs } from './images.ts';
import { hashSeed, Rng } from './prng.ts';
import { ensureDemoTaxonomy, type DemoTaxonomy } from './taxonomy.ts';
import { tellStory } from './writer.ts';
import { demoPalette } from './demo-images.ts';

/**
 * Rebuilds a derived index (search, related articles) over the whole table in one pass. Bulk seeding
 * bypasses the per-article `indexers` (far too slow at a million rows) and calls these at the end.
 */
export interface IndexRebuilder {
  readonly name: string;
  rebuild(db: Kysely<DB>, onProgress?: (done: number, total: number) => void): Promise<void>;
}

/** An article indexer that can also rebuild everything at once. */
export type BulkArticleIndexer = ArticleIndexer & { rebuildAll?: IndexRebuilder['rebuild'] };

export interface SeedDeps extends DemoDeps {
  indexers: readonly BulkArticleIndexer[];
  /** Whole-table rebuilds, run after the bulk insert (search/discovery register theirs in compose). */
  rebuildIndexes?: readonly IndexRebuilder[];
}

export interface SeedOptions {
  articles: number;
  seed?: number;
  /** Rows per multi-row INSERT (SQLite allows 32,766 bound values; an article has 24). */
  rowsPerInsert?: number;
  /** Articles per transaction. */
  articlesPerTransaction?: number;
  onProgress?: (done: number, total: number) => void;
  /** Told when a phase starts (stories, inserts, each index rebuild), with a progress callback for it. */
  onStage?: (stage: string) => ((done: number, total: number) => void) | void;
  /** Indexers without a bulk rebuild are run per article up to this many articles. */
  perArticleIndexLimit?: number;
}

export interface SeedSummary {
  articles: number;
  milliseconds: number;
  /** Index rebuilds that ran, and indexers left stale because they have no bulk rebuild. */
  rebuilt: string[];
  skippedIndexers: string[];
}

/** Distinct stories told and rendered; at larger sizes articles reuse them (with their own slug, time, tags). */
const STORY_POOL = 20_000;
const POOL_IMAGES = 8;
/** Every this many pool entries, an English story is followed by its Persian translation. */
const TRANSLATION_EVERY = 10;

interface PoolEntry {
  language: Language;
  beat: Beat;
  headline: string;
  standfirst: string;
  excerpt: string;
  bodySource: string;
  bodyHtml: string;
  wordCount: number;
  tagKeys: string[];
  slugBase: string;
  /** Pool index of the other-language version, when this entry is one half of a translation. */
  translationOf: number | null;
}

function buildPool(seed: number, size: number): PoolEntry[] {
  const rng = new Rng(`seed-pool:${seed}`);
  const faBeats = BEATS.filter((b) => b.section.fa !== null);
  const plans: { language: Language; beat: Beat; storySeed: number; translationOf: number | null }[] = [];
  while (plans.length < size) {
    const index = plans.length;
    if (index % TRANSLATION_EVERY === 0 && index + 1 < size) {
      const beat = pickBeat(rng, faBeats);
      const storySeed = rng.int(1, 2 ** 31);
      plans.push({ language: 'en', beat, storySeed, translationOf: index + 1 });
      plans.push({ language: 'fa', beat, storySeed, translationOf: index });
      continue;
    }
    const language: Language = rng.chance(0.2) ? 'fa' : 'en';
    plans.push({
      language,
      beat: pickBeat(rng, language === 'fa' ? faBeats : BEATS),
      storySeed: rng.int(1, 2 ** 31),
      translationOf: null,
    });
  }
  return plans.map((p) => {
    const story = tellStory({ beat: p.beat, seed: p.storySeed }, p.language);
    const rendered = renderFields({
      language: p.language,
      headline: story.headline,
      bodySource: story.bodySource,
      excerpt: story.excerpt,
    });
    return {
      language: p.language,
      beat: p.beat,
      headline: story.headline,
      standfirst: story.standfirst,
      excerpt: rendered.excerpt,
      bodySource: story.bodySource,
      bodyHtml: rendered.bodyHtml,
      wordCount: rendered.wordCount,
      tagKeys: story.tagKeys,
      slugBase: slugify(story.headline, 70),
      translationOf: p.translationOf,
    };
  });
}

/** The seed's mark in every slug, so runs with different seeds never collide. */
const slugFor = (entry: PoolEntry, seed: number, index: number) =>
  `${entry.slugBase}-s${seed}-${index.toString(36)}`;

/** A small pool of images, created once and reused by every seeded article. */
async function imagePool(deps: SeedDeps): Promise<DemoImage[]> {
  const palette = demoPalette();
  const specs = demoImageSpecs(POOL_IMAGES, palette, 0);
  const existing = await deps.database.db
    .selectFrom('media')
    .select(['id', 'storage_key'])
    .where('storage_key', 'like', '%/seed-pool-%')
    .execute();
  if (existing.length >= POOL_IMAGES) {
    return specs.map((spec, i) => {
      const row = existing.find((r) => r.storage_key.includes(`/seed-pool-${i + 1}-`)) ?? existing[i]!;
      return {
        mediaId: row.id,
        sectionKey: palette[i % palette.length]!.sectionKey,
        spec,
        text: describeDemoImage(spec),
      };
    });
  }
  const storage = deps.storage ?? createLocalMediaStorage(mediaRoot(deps.config.dataDir));
  return createDemoImages({ repos: deps.repos, clock: deps.clock, storage }, POOL_IMAGES, 0, {
    keyName: (i, spec) => `seed-pool-${i + 1}-${spec.scene}`,
  });
}

/**
 * Bulk-generates `articles` published articles, deterministic for a seed, with the demo site's
 * generators but multi-row INSERTs in batched transactions, so a million articles is practical.
 * Publication times run oldest to newest (about 60 a day, at least 60 days), the newest minutes ago.
 */
export async function seed(deps: SeedDeps, options: SeedOptions): Promise<SeedSummary> {
  const started = Date.now();
  const total = options.articles;
  if (!Number.isInteger(total) || total < 1)
    throw new BroadsheetError('BAD_REQUEST', 'articles must be a positive integer', {
      articles: 'Use a whole number above 0',
    });
  const seedValue = options.seed ?? 1;
  const poolSize = Math.min(total, STORY_POOL);
  options.onStage?.(`Writing ${poolSize.toLocaleString('en-US')} stories`);
  const pool = buildPool(seedValue, poolSize);
  const db = deps.database.db;

  // Refuse before changing anything when this seed already ran here (its slugs would collide).
  const first = pool[0]!;
  const clash = await db
    .selectFrom('articles')
    .select('id')
    .where('language', '=', first.language)
    .where('slug', '=', slugFor(first, seedValue, 0))
    .executeTakeFirst();
  if (clash)
    throw new BroadsheetError(
      'CONFLICT',
      `Articles from seed ${seedValue} are already in this database: use another --seed`,
      { seed: 'Already used here' },
    );

  const now = deps.clock();
  const taxonomy = await ensureDemoTaxonomy(deps.repos, now.toISOString());
  const images = await imagePool(deps);
  const rowsPerInsert = options.rowsPerInsert ?? 500;
  const perTransaction = options.articlesPerTransaction ?? 5_000;
  const spanMs = Math.max(60, Math.ceil(total / 60)) * 86_400_000;
  const newest = now.getTime() - 2 * 60_000;
  const step = spanMs / total;
  const seededIds: number[] = [];
  const keepIds = (options.perArticleIndexLimit ?? 20_000) >= total;
  const insertProgress = options.onStage?.('Inserting articles') ?? undefined;

  for (let start = 0; start < total; start += perTransaction) {
    const end = Math.min(total, start + perTransaction);
    const batch = makeBatch(start, end);
    await db.transaction().execute(async (trx) => {
      for (let at = 0; at < batch.length; at += rowsPerInsert) {
        const chunk = batch.slice(at, at + rowsPerInsert);
        const inserted = await trx
          .insertInto('articles')
          .values(chunk.map((c) => c.row))
          .returning(['id', 'slug'])
          .execute();
        const idBySlug = new Map(inserted.map((r) => [r.slug, r.id]));
        const tagRows: DB['article_tags'][] = [];
        const authorRows: DB['article_authors'][] = [];
        for (const c of chunk) {
          const id = idBySlug.get(c.row.slug)!;
          if (keepIds) seededIds.push(id);
          const listed = c.row.status === 'published' ? c.row.published_at! : null;
          c.tagIds.forEach((tag_id, position) =>
            tagRows.push({ article_id: id, tag_id, position, listed_at: listed }),
          );
          c.authorIds.forEach((author_id, position) =>
            authorRows.push({
              article_id: id,
              author_id,
              position,
              listed_at: listed,
              language: c.row.language,
            }),
          );
        }
        if (tagRows.length > 0) await trx.insertInto('article_tags').values(tagRows).execute();
        if (authorRows.length > 0) await trx.insertInto('article_authors').values(authorRows).execute();
      }
    });
    options.onProgress?.(end, total);
    insertProgress?.(end, total);
  }

  const rebuilt: string[] = [];
  const skippedIndexers: string[] = [];
  await rebuildIndexes(deps, keepIds ? seededIds : null, rebuilt, skippedIndexers, options.onStage);
  deps.events.emit({ type: 'curation.changed', language: 'en' });
  deps.events.emit({ type: 'curation.changed', language: 'fa' });
  return { articles: total, milliseconds: Date.now() - started, rebuilt, skippedIndexers };

  function makeBatch(from: number, to: number) {
    const out: { row: NewArticle & { slug: string }; tagIds: number[]; authorIds: number[] }[] = [];
    for (let i = from; i < to; i++) {
      const rng = new Rng(hashSeed(`${seedValue}:${i}`));
      const p = i % poolSize;
      const entry = pool[p]!;
      const jitter = i === total - 1 ? 0 : Math.floor(rng.float() * step * 0.8);
      const publishedMs = newest - (total - 1 - i) * step - jitter;
      const publishedAt = new Date(publishedMs).toISOString();
      const draft = rng.chance(0.01);
      // Translation halves sit next to each other in the pool, so article i and i±1 are the pair.
      const partner = entry.translationOf === null ? null : i + (entry.translationOf - p);
      const translationGroup =
        partner === null || partner < 0 || partner >= total
          ? null
          : `seed-${seedValue}-${Math.min(i, partner)}`;
      const image = pickImage(rng, images, entry.beat);
      const sectionId = taxonomy.sections[entry.language].get(entry.beat.section[entry.language]!) ?? null;
      out.push({
        row: {
          language: entry.language,
          slug: slugFor(entry, seedValue, i),
          headline: entry.headline,
          standfirst: entry.standfirst,
          excerpt: entry.excerpt,
          body_format: 'markdown',
          body_source: entry.bodySource,
          body_html: entry.bodyHtml,
          word_count: entry.wordCount,
          status: draft ? 'draft' : 'published',
          section_id: sectionId,
          featured_media_id: image.mediaId,
          featured_alt: image.text.alt[entry.language],
          featured_caption: image.text.caption[entry.language],
          featured_credit: image.text.credit[entry.language],
          canonical_url: null,
          seo_title: null,
          seo_description: null,
          translation_group: translationGroup,
          created_at: publishedAt,
          updated_at: publishedAt,
          published_at: draft ? null : publishedAt,
          embargo_until: null,
          unpublish_at: null,
          version: 1,
        },
        tagIds: tagIdsFor(taxonomy, entry),
        authorIds: pickBylines(rng, taxonomy, entry.language, entry.beat),
      });
    }
    return out;
  }
}

function tagIdsFor(taxonomy: DemoTaxonomy, entry: PoolEntry): number[] {
  return entry.tagKeys
    .map((k) => taxonomy.tags[entry.language].get(k))
    .filter((id): id is number => id !== undefined);
}

function pickImage(rng: Rng, images: DemoImage[], beat: Beat): DemoImage {
  const matching = images.filter((i) => i.sectionKey === beat.section.en);
  return rng.pick(matching.length > 0 ? matching : images);
}

/**
 * The hook for derived indexes after a bulk insert. Order: every `deps.rebuildIndexes` entry, then
 * each indexer's own `rebuildAll`; an indexer with neither is run per article when the seed is small
 * (`seededIds` given) and reported as skipped otherwise.
 */
async function rebuildIndexes(
  deps: SeedDeps,
  seededIds: number[] | null,
  rebuilt: string[],
  skipped: string[],
  onStage: SeedOptions['onStage'],
): Promise<void> {
  const db = deps.database.db;
  const stage = (name: string) => onStage?.(`Rebuilding the ${name} index`) ?? undefined;
  for (const rebuilder of deps.rebuildIndexes ?? []) {
    await rebuilder.rebuild(db, stage(rebuilder.name));
    rebuilt.push(rebuilder.name);
  }
  for (const indexer of deps.indexers) {
    if (rebuilt.includes(indexer.name)) continue;
    if (indexer.rebuildAll) {
      await indexer.rebuildAll(db, stage(indexer.name));
      rebuilt.push(indexer.name);
    } else if (seededIds) {
      const progress = stage(indexer.name);
      for (let at = 0; at < seededIds.length; at += 500) {
        const ids = seededIds.slice(at, at + 500);
        await db.transaction().execute(async (trx) => {
          for (const id of ids) await indexer.syncArticle(trx, id);
        });
        progress?.(Math.min(at + 500, seededIds.length), seededIds.length);
      }
      rebuilt.push(indexer.name);
    } else {
      skipped.push(indexer.name);
    }
  }
  // Fresh statistics let the query planners pick the list indexes on a table that just grew.
  for (const table of ['articles', 'article_tags', 'article_authors'])
    await sql`analyze ${sql.table(table)}`.execute(db);
}
