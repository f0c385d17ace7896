import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/** Aggregate counters of discovery: hourly views and co-visitation pairs (migration 004). */
export function createDiscoveryRepo(db: Kysely<DB>) {
  return {
    /** Adds counts to hourly buckets, in one statement per chunk (upsert-add). */
    async addViews(rows: readonly { articleId: number; hour: string; views: number }[]): Promise<void> {
      for (let i = 0; i < rows.length; i += 500) {
        await db
          .insertInto('article_views_hourly')
          .values(
            rows.slice(i, i + 500).map((r) => ({ article_id: r.articleId, hour: r.hour, views: r.views })),
          )
          .onConflict((oc) =>
            oc
              .columns(['article_id', 'hour'])
              .doUpdateSet({ views: sql`article_views_hourly.views + excluded.views` }),
          )
          .execute();
      }
    },

    async viewsSince(hour: string): Promise<{ article_id: number; hour: string; views: number }[]> {
      return db
        .selectFrom('article_views_hourly')
        .select(['article_id', 'hour', 'views'])
        .where('hour', '>=', hour)
        .execute();
    },

    async pruneViews(beforeHour: string): Promise<void> {
      await db.deleteFrom('article_views_hourly').where('hour', '<', beforeHour).execute();
    },

    async addPairs(
      rows: readonly { from: number; to: number; count: number; hour: string }[],
    ): Promise<void> {
      for (let i = 0; i < rows.length; i += 500) {
        await db
          .insertInto('covisit_pairs')
          .values(
            rows
              .slice(i, i + 500)
              .map((r) => ({ from_id: r.from, to_id: r.to, count: r.count, updated_hour: r.hour })),
          )
          .onConflict((oc) =>
            oc.columns(['from_id', 'to_id']).doUpdateSet({
              count: sql`covisit_pairs.count + excluded.count`,
              updated_hour: sql`excluded.updated_hour`,
            }),
          )
          .execute();
      }
    },

    /** The strongest pairs, for the in-memory table (bounded by `limit`). */
    async topPairs(limit: number): Promise<{ from_id: number; to_id: number; count: number }[]> {
      return db
        .selectFrom('covisit_pairs')
        .select(['from_id', 'to_id', 'count'])
        .orderBy('count', 'desc')
        .limit(limit)
        .execute();
    },
  };
}

export type DiscoveryRepo = ReturnType<typeof createDiscoveryRepo>;

let lastHour = NaN;
let lastHourText = '';

/** The UTC hour bucket of a time: `2026-11-27T14`. Every view asks: the last answer is kept. */
export function hourOf(date: Date): string {
  const hour = Math.floor(date.getTime() / 3_600_000);
  if (hour !== lastHour) {
    lastHourText = date.toISOString().slice(0, 13);
    lastHour = hour;
  }
  return lastHourText;
}
