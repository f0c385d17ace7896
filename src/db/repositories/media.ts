import type { Kysely } from 'kysely';
import type { DB, Media } from '../schema.ts';

export interface MediaVariant {
  width: number;
  height: number;
  format: 'avif' | 'webp' | 'jpeg' | 'png' | 'gif';
  /** Path under the media root, e.g. `2026/11/ab12cd-800.webp`. */
  path: string;
}

export interface NewMedia {
  storageKey: string;
  originalName: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  alt?: string;
  caption?: string;
  credit?: string;
  variants: MediaVariant[];
}

export function parseVariants(media: Pick<Media, 'variants'>): MediaVariant[] {
  try {
    const parsed: unknown = JSON.parse(media.variants);
    return Array.isArray(parsed) ? (parsed as MediaVariant[]) : [];
  } catch {
    return [];
  }
}

export function createMediaRepo(db: Kysely<DB>) {
  return {
    async create(input: NewMedia, now: string): Promise<Media> {
      return db
        .insertInto('media')
        .values({
          storage_key: input.storageKey,
          original_name: input.originalName,
          mime: input.mime,
          width: input.width,
          height: input.height,
          bytes: input.bytes,
          alt: input.alt ?? '',
          caption: input.caption ?? '',
          credit: input.credit ?? '',
          variants: JSON.stringify(input.variants),
          created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    async byIds(ids: readonly number[]): Promise<Map<number, Media>> {
      const out = new Map<number, Media>();
      if (ids.length === 0) return out;
      const rows = await db
        .selectFrom('media')
        .selectAll()
        .where('id', 'in', [...new Set(ids)])
        .execute();
      for (const row of rows) out.set(row.id, row);
      return out;
    },
    async list(limit = 50): Promise<Media[]> {
      return db.selectFrom('media').selectAll().orderBy('id', 'desc').limit(limit).execute();
    },
  };
}
