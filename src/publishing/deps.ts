import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../db/dialect-adapter.ts';
import type { DB } from '../db/schema.ts';

/**
 * Kept in step with articles inside the same transaction (the search index, the related-articles
 * index): if the article change commits, so does the index change, and never one without the other.
 */
export interface ArticleIndexer {
  readonly name: string;
  /** (Re)indexes the article as it now is; removes it when it is not public. */
  syncArticle(trx: Kysely<DB>, articleId: number): Promise<void>;
}

export type ContentEvent =
  | {
      type:
        | 'article.created'
        | 'article.updated'
        | 'article.published'
        | 'article.unpublished'
        | 'article.deleted';
      articleId: number;
      language: string;
    }
  | { type: 'curation.changed'; language: string }
  | {
      type: 'section.changed' | 'tag.changed' | 'author.changed';
      id: number;
      /** Its name changed (or a section's parent): search documents carrying the old one follow. */
      renamed?: boolean;
    };

/** Told after a change commits: cache invalidation, webhooks, pings. */
export interface ContentEventSink {
  emit(event: ContentEvent): void;
}

export interface PublishingDeps {
  database: DialectAdapter;
  clock: () => Date;
  indexers: readonly ArticleIndexer[];
  events: ContentEventSink;
}

export const noEvents: ContentEventSink = { emit: () => {} };
