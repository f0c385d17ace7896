import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { sectionWithDescendants } from '../domain/section-tree.ts';
import type { ContentEvent } from '../publishing/deps.ts';
import type { SearchIndex } from './search-index.ts';

/** Articles re-indexed per transaction: short write locks on SQLite, bounded memory. */
const BATCH = 200;

export interface RenameFollower {
  onContentEvent(event: ContentEvent): void;
  /** Resolves when every re-index started so far is done (tests). */
  settled(): Promise<void>;
  /** Shutdown: finishes the batch in hand, leaves the rest to `broadsheet reindex`. */
  close(): Promise<void>;
}

/**
 * A search document carries the names of its section (and the sections above it), tags and
 * bylines. When one of those is renamed (or a section moves under another), the documents of
 * its published articles are re-indexed after the change commits, in batches, one rename after
 * another: a section of many thousands of articles is not re-indexed inside the editor's request.
 * A shutdown stops after the batch in hand and leaves the rest to `broadsheet reindex`.
 */
export function followRenames(
  db: Kysely<DB>,
  search: Pick<SearchIndex, 'syncArticle'>,
  onError: (error: unknown) => void = () => {},
  batchSize = BATCH,
): RenameFollower {
  let chain: Promise<void> = Promise.resolve();
  let closed = false;

  async function affected(event: ContentEvent): Promise<number[]> {
    if (event.type === 'tag.changed')
      return (
        await db.selectFrom('article_tags').select('article_id').where('tag_id', '=', event.id).execute()
      ).map((r) => r.article_id);
    if (event.type === 'author.changed')
      return (
        await db
          .selectFrom('article_authors')
          .select('article_id')
          .where('author_id', '=', event.id)
          .execute()
      ).map((r) => r.article_id);
    if (event.type !== 'section.changed') return [];
    // The section and every section under it: their documents carry its name.
    const all = await db.selectFrom('sections').select(['id', 'parent_id']).execute();
    return (
      await db
        .selectFrom('articles')
        .select('id')
        .where('section_id', 'in', sectionWithDescendants(all, event.id))
        .where('status', '=', 'published')
        .execute()
    ).map((r) => r.id);
  }

  async function reindex(event: ContentEvent): Promise<void> {
    if (closed) return;
    const ids = [...new Set(await affected(event))].sort((a, b) => a - b);
    for (let i = 0; i < ids.length && !closed; i += batchSize) {
      const batch = ids.slice(i, i + batchSize);
      await db.transaction().execute(async (trx) => {
        for (const id of batch) await search.syncArticle(trx, id);
      });
    }
  }

  return {
    onContentEvent(event) {
      if (closed || !('renamed' in event) || !event.renamed) return;
      chain = chain.then(() => reindex(event)).catch(onError);
    },
    async settled() {
      let seen: Promise<void>;
      do {
        seen = chain;
        await seen;
      } while (seen !== chain);
    },
    async close() {
      closed = true;
      await this.settled();
    },
  };
}
