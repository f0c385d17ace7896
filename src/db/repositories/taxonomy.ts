import type { Kysely } from 'kysely';
import type { DB, Section, Tag } from '../schema.ts';

export interface NewSection {
  language: string;
  slug: string;
  name: string;
  description?: string;
  parentId?: number | null;
  position?: number;
}

export function createSectionsRepo(db: Kysely<DB>) {
  return {
    async create(input: NewSection, now: string): Promise<Section> {
      return db
        .insertInto('sections')
        .values({
          language: input.language,
          slug: input.slug,
          name: input.name,
          description: input.description ?? '',
          parent_id: input.parentId ?? null,
          position: input.position ?? 0,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    /** Every section of an edition in display order (parents before their children). */
    async listByLanguage(language: string): Promise<Section[]> {
      return db
        .selectFrom('sections')
        .selectAll()
        .where('language', '=', language)
        .orderBy('position')
        .orderBy('id')
        .execute();
    },
    async bySlug(language: string, slug: string): Promise<Section | undefined> {
      return db
        .selectFrom('sections')
        .selectAll()
        .where('language', '=', language)
        .where('slug', '=', slug)
        .executeTakeFirst();
    },
    async byIds(ids: readonly number[]): Promise<Section[]> {
      if (ids.length === 0) return [];
      return db
        .selectFrom('sections')
        .selectAll()
        .where('id', 'in', [...new Set(ids)])
        .execute();
    },
    async all(): Promise<Section[]> {
      return db
        .selectFrom('sections')
        .selectAll()
        .orderBy('language')
        .orderBy('position')
        .orderBy('id')
        .execute();
    },
  };
}

export interface NewTag {
  language: string;
  slug: string;
  name: string;
  description?: string;
}

export function createTagsRepo(db: Kysely<DB>) {
  return {
    async create(input: NewTag, now: string): Promise<Tag> {
      return db
        .insertInto('tags')
        .values({ ...input, description: input.description ?? '', created_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    async bySlug(language: string, slug: string): Promise<Tag | undefined> {
      return db
        .selectFrom('tags')
        .selectAll()
        .where('language', '=', language)
        .where('slug', '=', slug)
        .executeTakeFirst();
    },
    /** Tags of each article, in the article's order. */
    async forArticles(articleIds: readonly number[]): Promise<Map<number, Tag[]>> {
      const out = new Map<number, Tag[]>();
      if (articleIds.length === 0) return out;
      const rows = await db
        .selectFrom('article_tags')
        .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
        .selectAll('tags')
        .select('article_tags.article_id')
        .where('article_tags.article_id', 'in', [...new Set(articleIds)])
        .orderBy('article_tags.position')
        .execute();
      for (const { article_id, ...tag } of rows) {
        const list = out.get(article_id) ?? [];
        list.push(tag);
        out.set(article_id, list);
      }
      return out;
    },
    async all(): Promise<Tag[]> {
      return db.selectFrom('tags').selectAll().orderBy('id').execute();
    },
  };
}
