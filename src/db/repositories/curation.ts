import type { Kysely } from 'kysely';
import type { DB } from '../schema.ts';

export interface MustReadEntry {
  id: number;
  articleId: number;
  position: number;
  expiresAt: string | null;
}

/** The editor-curated "Must read" list of each edition, ordered, with optional expiry per entry. */
export function createMustReadRepo(db: Kysely<DB>) {
  const entries = (language: string) =>
    db
      .selectFrom('must_read')
      .select(['id', 'article_id as articleId', 'position', 'expires_at as expiresAt'])
      .where('language', '=', language)
      .orderBy('position')
      .orderBy('id');

  return {
    /** Entries still in force at `now`. */
    async active(language: string, now: string): Promise<MustReadEntry[]> {
      return entries(language)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
        .execute();
    },
    async all(language: string): Promise<MustReadEntry[]> {
      return entries(language).execute();
    },
    /** Adds an article at the end (or moves its expiry if already listed). */
    async add(language: string, articleId: number, expiresAt: string | null, now: string): Promise<void> {
      const existing = await db
        .selectFrom('must_read')
        .select('id')
        .where('language', '=', language)
        .where('article_id', '=', articleId)
        .executeTakeFirst();
      if (existing) {
        await db
          .updateTable('must_read')
          .set({ expires_at: expiresAt })
          .where('id', '=', existing.id)
          .execute();
        return;
      }
      const last = await db
        .selectFrom('must_read')
        .select((eb) => eb.fn.max('position').as('p'))
        .where('language', '=', language)
        .executeTakeFirst();
      await db
        .insertInto('must_read')
        .values({
          language,
          article_id: articleId,
          position: Number(last?.p ?? 0) + 1,
          expires_at: expiresAt,
          created_at: now,
        })
        .execute();
    },
    async remove(language: string, articleId: number): Promise<void> {
      await db
        .deleteFrom('must_read')
        .where('language', '=', language)
        .where('article_id', '=', articleId)
        .execute();
    },
    /** Rewrites positions to follow `articleIds` (entries not named keep their relative order after). */
    async reorder(language: string, articleIds: readonly number[]): Promise<void> {
      const current = await this.all(language);
      const named = articleIds.filter((id) => current.some((e) => e.articleId === id));
      const rest = current.filter((e) => !named.includes(e.articleId)).map((e) => e.articleId);
      const order = [...named, ...rest];
      for (const [index, articleId] of order.entries()) {
        await db
          .updateTable('must_read')
          .set({ position: index + 1 })
          .where('language', '=', language)
          .where('article_id', '=', articleId)
          .execute();
      }
    },
  };
}
