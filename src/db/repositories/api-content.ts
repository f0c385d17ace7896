import type { Kysely } from 'kysely';
import type { Cursor } from '../../domain/cursor.ts';
import type { Article, Author, DB, Section, Tag } from '../schema.ts';

/** Columns the Content API shows of an article. */
const API_COLUMNS = [
  'articles.id',
  'articles.language',
  'articles.slug',
  'articles.headline',
  'articles.standfirst',
  'articles.excerpt',
  'articles.body_html',
  'articles.word_count',
  'articles.section_id',
  'articles.featured_media_id',
  'articles.featured_alt',
  'articles.featured_caption',
  'articles.featured_credit',
  'articles.canonical_url',
  'articles.published_at',
  'articles.updated_at',
] as const;

export type ApiArticleRow = Pick<
  Article,
  | 'id'
  | 'language'
  | 'slug'
  | 'headline'
  | 'standfirst'
  | 'excerpt'
  | 'body_html'
  | 'word_count'
  | 'section_id'
  | 'featured_media_id'
  | 'featured_alt'
  | 'featured_caption'
  | 'featured_credit'
  | 'canonical_url'
  | 'published_at'
  | 'updated_at'
>;

export interface ApiArticleFilter {
  language?: string;
  sectionIds?: readonly number[];
  tagIds?: readonly number[];
  authorId?: number;
  /** Inclusive lower bound on published_at. */
  since?: string;
  /** Exclusive upper bound on published_at. */
  until?: string;
}

/**
 * Public articles for the Content API, newest first, keyset-paginated on (published_at, id) so a
 * client can walk the whole archive at constant cost per page (never OFFSET).
 */
export function createApiContentRepo(db: Kysely<DB>) {
  const publicArticles = (now: string) =>
    db
      .selectFrom('articles')
      .select(API_COLUMNS)
      .where('articles.status', '=', 'published')
      .where('articles.published_at', '<=', now);

  return {
    async list(
      filter: ApiArticleFilter,
      now: string,
      page: { limit: number; before?: Cursor },
    ): Promise<ApiArticleRow[]> {
      let q = publicArticles(now);
      if (filter.language) q = q.where('articles.language', '=', filter.language);
      if (filter.sectionIds) q = q.where('articles.section_id', 'in', [...filter.sectionIds]);
      if (filter.since) q = q.where('articles.published_at', '>=', filter.since);
      if (filter.until) q = q.where('articles.published_at', '<', filter.until);
      const tagIds = filter.tagIds;
      if (tagIds) {
        q = q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('article_tags')
              .select('article_tags.article_id')
              .whereRef('article_tags.article_id', '=', 'articles.id')
              .where('article_tags.tag_id', 'in', [...tagIds]),
          ),
        );
      }
      const authorId = filter.authorId;
      if (authorId !== undefined) {
        q = q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('article_authors')
              .select('article_authors.article_id')
              .whereRef('article_authors.article_id', '=', 'articles.id')
              .where('article_authors.author_id', '=', authorId),
          ),
        );
      }
      const before = page.before;
      if (before) {
        q = q.where((eb) =>
          eb.or([
            eb('articles.published_at', '<', before.publishedAt),
            eb.and([eb('articles.published_at', '=', before.publishedAt), eb('articles.id', '<', before.id)]),
          ]),
        );
      }
      return q
        .orderBy('articles.published_at', 'desc')
        .orderBy('articles.id', 'desc')
        .limit(page.limit)
        .execute();
    },

    async byId(id: number, now: string): Promise<ApiArticleRow | undefined> {
      return publicArticles(now).where('articles.id', '=', id).executeTakeFirst();
    },

    async bySlug(language: string, slug: string, now: string): Promise<ApiArticleRow | undefined> {
      return publicArticles(now)
        .where('articles.language', '=', language)
        .where('articles.slug', '=', slug)
        .executeTakeFirst();
    },

    /** Sections, tags and bylines by id, after an id cursor. */
    async sections(language: string | undefined, limit: number, afterId?: number): Promise<Section[]> {
      let q = db.selectFrom('sections').selectAll();
      if (language) q = q.where('language', '=', language);
      if (afterId !== undefined) q = q.where('id', '>', afterId);
      return q.orderBy('id').limit(limit).execute();
    },

    async tags(language: string | undefined, limit: number, afterId?: number): Promise<Tag[]> {
      let q = db.selectFrom('tags').selectAll();
      if (language) q = q.where('language', '=', language);
      if (afterId !== undefined) q = q.where('id', '>', afterId);
      return q.orderBy('id').limit(limit).execute();
    },

    async authors(limit: number, afterId?: number): Promise<Author[]> {
      let q = db.selectFrom('authors').selectAll();
      if (afterId !== undefined) q = q.where('id', '>', afterId);
      return q.orderBy('id').limit(limit).execute();
    },
  };
}

export type ApiContentRepo = ReturnType<typeof createApiContentRepo>;
