import type { Kysely } from 'kysely';
import type { Author, DB } from '../schema.ts';

export interface AuthorLink {
  label: string;
  url: string;
}

export interface NewAuthor {
  slug: string;
  name: string;
  bio?: string;
  photoMediaId?: number | null;
  links?: AuthorLink[];
  email?: string | null;
  userId?: number | null;
}

export function parseLinks(author: Pick<Author, 'links'>): AuthorLink[] {
  try {
    const parsed: unknown = JSON.parse(author.links);
    return Array.isArray(parsed)
      ? parsed.filter((l): l is AuthorLink => typeof l?.label === 'string' && typeof l?.url === 'string')
      : [];
  } catch {
    return [];
  }
}

export function createAuthorsRepo(db: Kysely<DB>) {
  return {
    async create(input: NewAuthor, now: string): Promise<Author> {
      return db
        .insertInto('authors')
        .values({
          slug: input.slug,
          name: input.name,
          bio: input.bio ?? '',
          photo_media_id: input.photoMediaId ?? null,
          links: JSON.stringify(input.links ?? []),
          email: input.email ?? null,
          user_id: input.userId ?? null,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    async bySlug(slug: string): Promise<Author | undefined> {
      return db.selectFrom('authors').selectAll().where('slug', '=', slug).executeTakeFirst();
    },
    /** Bylines of each article, in byline order. */
    async forArticles(articleIds: readonly number[]): Promise<Map<number, Author[]>> {
      const out = new Map<number, Author[]>();
      if (articleIds.length === 0) return out;
      const rows = await db
        .selectFrom('article_authors')
        .innerJoin('authors', 'authors.id', 'article_authors.author_id')
        .selectAll('authors')
        .select('article_authors.article_id')
        .where('article_authors.article_id', 'in', [...new Set(articleIds)])
        .orderBy('article_authors.position')
        .execute();
      for (const { article_id, ...author } of rows) {
        const list = out.get(article_id) ?? [];
        list.push(author);
        out.set(article_id, list);
      }
      return out;
    },
    async all(): Promise<Author[]> {
      return db.selectFrom('authors').selectAll().orderBy('name').execute();
    },
  };
}
