import type { Kysely } from 'kysely';
import type { DB } from '../schema.ts';

/** Every field of an article that a revision keeps (what a restore brings back). */
export interface RevisionFields {
  language: string;
  slug: string;
  headline: string;
  standfirst: string;
  excerpt: string;
  bodyFormat: string;
  bodySource: string;
  sectionId: number | null;
  tagIds: number[];
  authorIds: number[];
  featuredMediaId: number | null;
  featuredAlt: string;
  featuredCaption: string;
  featuredCredit: string;
  canonicalUrl: string | null;
  seoTitle: string | null;
  seoDescription: string | null;
  status: string;
  publishedAt: string | null;
  embargoUntil: string | null;
  unpublishAt: string | null;
}

export interface Revision {
  id: number;
  articleId: number;
  version: number;
  userId: number | null;
  userName: string;
  reason: string;
  createdAt: string;
  fields: RevisionFields;
}

export interface RevisionSummary extends Omit<Revision, 'fields'> {
  headline: string;
  wordCount: number;
}

export interface NewRevision {
  articleId: number;
  version: number;
  userId: number | null;
  userName: string;
  reason: string;
  fields: RevisionFields;
}

function parse(row: {
  id: number;
  article_id: number;
  version: number;
  user_id: number | null;
  user_name: string;
  reason: string;
  fields: string;
  created_at: string;
}): Revision {
  return {
    id: row.id,
    articleId: row.article_id,
    version: row.version,
    userId: row.user_id,
    userName: row.user_name,
    reason: row.reason,
    createdAt: row.created_at,
    fields: JSON.parse(row.fields) as RevisionFields,
  };
}

/** The revision history of articles (migration 005). */
export function createRevisionsRepo(db: Kysely<DB>) {
  return {
    async add(input: NewRevision, now: string): Promise<Revision> {
      const row = await db
        .insertInto('article_revisions')
        .values({
          article_id: input.articleId,
          version: input.version,
          user_id: input.userId,
          user_name: input.userName,
          reason: input.reason,
          fields: JSON.stringify(input.fields),
          created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return parse(row);
    },
    async byId(id: number): Promise<Revision | undefined> {
      const row = await db
        .selectFrom('article_revisions')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? parse(row) : undefined;
    },
    /** Newest first. */
    async forArticle(articleId: number, limit = 200): Promise<RevisionSummary[]> {
      const rows = await db
        .selectFrom('article_revisions')
        .selectAll()
        .where('article_id', '=', articleId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((row) => {
        const { fields, ...rest } = parse(row);
        return {
          ...rest,
          headline: fields.headline,
          wordCount: fields.bodySource.trim().split(/\s+/u).filter(Boolean).length,
        };
      });
    },
    /** Who first saved the article (its creator), for ownership checks. */
    async creator(articleId: number): Promise<number | null> {
      const row = await db
        .selectFrom('article_revisions')
        .select('user_id')
        .where('article_id', '=', articleId)
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      return row?.user_id ?? null;
    },
  };
}

export type RevisionsRepo = ReturnType<typeof createRevisionsRepo>;
