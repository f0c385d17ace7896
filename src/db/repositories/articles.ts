import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Cursor } from '../../domain/cursor.ts';
import type { Article, ArticleNote, DB, NewArticle, ArticleUpdate } from '../schema.ts';

/** Columns needed to show an article in a list (no body). */
export const CARD_COLUMNS = [
  'articles.id',
  'articles.language',
  'articles.slug',
  'articles.headline',
  'articles.standfirst',
  'articles.excerpt',
  'articles.section_id',
  'articles.featured_media_id',
  'articles.featured_alt',
  'articles.published_at',
  'articles.updated_at',
] as const;

export type ArticleCardRow = Pick<
  Article,
  | 'id'
  | 'language'
  | 'slug'
  | 'headline'
  | 'standfirst'
  | 'excerpt'
  | 'section_id'
  | 'featured_media_id'
  | 'featured_alt'
  | 'published_at'
  | 'updated_at'
>;

export interface ListOptions {
  limit: number;
  /** Keyset: only articles strictly older than this (published_at, id). */
  before?: Cursor;
  excludeIds?: readonly number[];
}

type ArticleQuery = SelectQueryBuilder<DB, 'articles', ArticleCardRow>;

/** Public means published with a publication time already passed. */
function publicOnly<O>(
  query: SelectQueryBuilder<DB, 'articles', O>,
  now: string,
): SelectQueryBuilder<DB, 'articles', O> {
  return query.where('articles.status', '=', 'published').where('articles.published_at', '<=', now);
}

function keyset(query: ArticleQuery, options: ListOptions): ArticleQuery {
  let q = query;
  const before = options.before;
  if (before) {
    // The plain `<=` bound lets the index seek straight to the cursor; the OR only settles ties.
    q = q
      .where('articles.published_at', '<=', before.publishedAt)
      .where((eb) =>
        eb.or([
          eb('articles.published_at', '<', before.publishedAt),
          eb.and([eb('articles.published_at', '=', before.publishedAt), eb('articles.id', '<', before.id)]),
        ]),
      );
  }
  if (options.excludeIds && options.excludeIds.length > 0)
    q = q.where('articles.id', 'not in', [...options.excludeIds]);
  return q.orderBy('articles.published_at', 'desc').orderBy('articles.id', 'desc').limit(options.limit);
}

/** Merges lists already sorted newest first, keeping the newest `limit` (k-way merge). */
function mergeNewest(lists: ArticleCardRow[][], limit: number): ArticleCardRow[] {
  const all = lists.flat();
  all.sort((a, b) =>
    a.published_at === b.published_at
      ? b.id - a.id
      : (b.published_at ?? '') < (a.published_at ?? '')
        ? -1
        : 1,
  );
  return all.slice(0, limit);
}

export function createArticlesRepo(db: Kysely<DB>) {
  const cards = () => db.selectFrom('articles').select(CARD_COLUMNS);
  const atSlug = (language: string, slug: string) =>
    db.selectFrom('articles').where('language', '=', language).where('slug', '=', slug);

  return {
    async create(values: NewArticle): Promise<Article> {
      return db.insertInto('articles').values(values).returningAll().executeTakeFirstOrThrow();
    },

    async update(id: number, values: ArticleUpdate): Promise<Article | undefined> {
      return db.updateTable('articles').set(values).where('id', '=', id).returningAll().executeTakeFirst();
    },

    async byId(id: number): Promise<Article | undefined> {
      return db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async bySlug(language: string, slug: string): Promise<Article | undefined> {
      return atSlug(language, slug).selectAll().executeTakeFirst();
    },

    async publicBySlug(language: string, slug: string, now: string): Promise<Article | undefined> {
      return publicOnly(atSlug(language, slug).selectAll(), now).executeTakeFirst();
    },

    /** The id alone of a public article (no body read): for counting a view of a cached page. */
    async publicIdBySlug(language: string, slug: string, now: string): Promise<number | undefined> {
      return (await publicOnly(atSlug(language, slug).select('id'), now).executeTakeFirst())?.id;
    },

    async slugTaken(language: string, slug: string): Promise<boolean> {
      const row = await db
        .selectFrom('articles')
        .select('id')
        .where('language', '=', language)
        .where('slug', '=', slug)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Newest public articles of an edition. */
    async latest(language: string, now: string, options: ListOptions): Promise<ArticleCardRow[]> {
      return keyset(publicOnly(cards().where('articles.language', '=', language), now), options).execute();
    },

    /**
     * Newest public articles in any of the given sections. One index range per section,
     * merged here, so a parent section with many children never sorts its whole archive.
     */
    async inSections(
      sectionIds: readonly number[],
      now: string,
      options: ListOptions,
    ): Promise<ArticleCardRow[]> {
      const lists = await Promise.all(
        sectionIds.map((id) =>
          keyset(publicOnly(cards().where('articles.section_id', '=', id), now), options).execute(),
        ),
      );
      return mergeNewest(lists, options.limit);
    },

    async withTag(tagId: number, now: string, options: ListOptions): Promise<ArticleCardRow[]> {
      const ids = await listedIds(db, 'article_tags', 'tag_id', tagId, now, options);
      return byIdsNewest(ids);
    },

    /** An author's public articles, optionally in one edition only (bylines are shared across editions). */
    async byAuthor(
      authorId: number,
      now: string,
      options: ListOptions,
      language?: string,
    ): Promise<ArticleCardRow[]> {
      const ids = await listedIds(db, 'article_authors', 'author_id', authorId, now, options, language);
      return byIdsNewest(ids);
    },

    /** Public cards by id, in the order given (for curated and ranked lists). */
    async publicCardsByIds(ids: readonly number[], now: string): Promise<ArticleCardRow[]> {
      if (ids.length === 0) return [];
      const rows = await publicOnly(cards().where('articles.id', 'in', [...new Set(ids)]), now).execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id)).filter((r): r is ArticleCardRow => r !== undefined);
    },

    /** Other-language versions of the same story that are public. */
    async translations(
      article: Pick<Article, 'id' | 'translation_group'>,
      now: string,
    ): Promise<ArticleCardRow[]> {
      if (!article.translation_group) return [];
      return publicOnly(
        cards()
          .where('articles.translation_group', '=', article.translation_group)
          .where('articles.id', '!=', article.id),
        now,
      ).execute();
    },

    async notes(articleId: number): Promise<ArticleNote[]> {
      return db
        .selectFrom('article_notes')
        .selectAll()
        .where('article_id', '=', articleId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },

    async addNote(
      articleId: number,
      kind: 'correction' | 'update',
      body: string,
      now: string,
    ): Promise<ArticleNote> {
      return db
        .insertInto('article_notes')
        .values({ article_id: articleId, kind, body, created_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    /** Replaces the ordered tags of an article. */
    async setTags(articleId: number, tagIds: readonly number[]): Promise<void> {
      await db.deleteFrom('article_tags').where('article_id', '=', articleId).execute();
      const unique = [...new Set(tagIds)];
      if (unique.length === 0) return;
      await db
        .insertInto('article_tags')
        .values(
          unique.map((tag_id, position) => ({ article_id: articleId, tag_id, position, listed_at: null })),
        )
        .execute();
      await this.syncListing(articleId);
    },

    /** Replaces the ordered bylines of an article. */
    async setAuthors(articleId: number, authorIds: readonly number[]): Promise<void> {
      await db.deleteFrom('article_authors').where('article_id', '=', articleId).execute();
      const unique = [...new Set(authorIds)];
      if (unique.length === 0) return;
      await db
        .insertInto('article_authors')
        .values(
          unique.map((author_id, position) => ({
            article_id: articleId,
            author_id,
            position,
            listed_at: null,
            language: null,
          })),
        )
        .execute();
      await this.syncListing(articleId);
    },

    /**
     * Copies the article's publication time into its tag and byline rows while it is published
     * (null otherwise), and its language into its byline rows, so tag and author pages read one
     * index each. Call after any change of status or language.
     */
    async syncListing(articleId: number): Promise<void> {
      const article = await db
        .selectFrom('articles')
        .select(['status', 'published_at', 'language'])
        .where('id', '=', articleId)
        .executeTakeFirst();
      const listedAt = article?.status === 'published' ? article.published_at : null;
      await db
        .updateTable('article_tags')
        .set({ listed_at: listedAt })
        .where('article_id', '=', articleId)
        .execute();
      await db
        .updateTable('article_authors')
        .set({ listed_at: listedAt, language: article?.language ?? null })
        .where('article_id', '=', articleId)
        .execute();
    },

    async countPublic(language: string, now: string): Promise<number> {
      const row = await db
        .selectFrom('articles')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('language', '=', language)
        .where('status', '=', 'published')
        .where('published_at', '<=', now)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };

  async function byIdsNewest(ids: number[]): Promise<ArticleCardRow[]> {
    if (ids.length === 0) return [];
    const rows = await cards().where('articles.id', 'in', ids).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((r): r is ArticleCardRow => r !== undefined);
  }
}

async function listedIds(
  db: Kysely<DB>,
  table: 'article_tags' | 'article_authors',
  column: 'tag_id' | 'author_id',
  value: number,
  now: string,
  options: ListOptions,
  language?: string,
): Promise<number[]> {
  // Both link tables share (article_id, listed_at) plus their key column; the casts keep one query.
  const t = table as 'article_tags';
  const c = column as 'tag_id';
  let q = db
    .selectFrom(t)
    .select(['article_id', 'listed_at'])
    .where(c, '=', value)
    .where('listed_at', '<=', now);
  // Byline rows carry their article's language (article_authors_edition); tags have one language.
  if (language) q = q.where(sql.ref<string>('language'), '=', language);
  const before = options.before;
  if (before) {
    q = q
      .where('listed_at', '<=', before.publishedAt)
      .where((eb) =>
        eb.or([
          eb('listed_at', '<', before.publishedAt),
          eb.and([eb('listed_at', '=', before.publishedAt), eb('article_id', '<', before.id)]),
        ]),
      );
  }
  if (options.excludeIds && options.excludeIds.length > 0)
    q = q.where('article_id', 'not in', [...options.excludeIds]);
  const rows = await q
    .orderBy('listed_at', 'desc')
    .orderBy('article_id', 'desc')
    .limit(options.limit)
    .execute();
  return rows.map((r) => r.article_id);
}

/** Sets the language of byline rows that lack it (older databases, restored older exports). */
export async function fillAuthorListingLanguage(db: Kysely<DB>): Promise<void> {
  await db
    .updateTable('article_authors')
    .set((eb) => ({
      language: eb
        .selectFrom('articles')
        .select('articles.language')
        .whereRef('articles.id', '=', 'article_authors.article_id'),
    }))
    .where('language', 'is', null)
    .execute();
}

export type ArticlesRepo = ReturnType<typeof createArticlesRepo>;
