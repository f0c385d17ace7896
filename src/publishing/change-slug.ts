import type { Kysely } from 'kysely';
import { BroadsheetError, invalid, notFound } from '../domain/errors.ts';
import { isLanguage, type Language } from '../domain/language.ts';
import { isValidSlug, slugify } from '../domain/slug.ts';
import { createRepos } from '../db/repositories/index.ts';
import type { Article, DB } from '../db/schema.ts';
import { articlePath } from '../web/site/paths.ts';
import type { PublishingDeps } from './deps.ts';
import { recordRevision, type ChangedBy } from './revision.ts';

/**
 * Decides the article's new slug and, when the public URL of a published (or once-published)
 * article changes, records a 301 from the old path so links and search results keep working.
 * Refuses a slug another article of the edition already has.
 */
export async function applySlugChange(
  trx: Kysely<DB>,
  current: Article,
  language: string,
  requested: string,
  now: string,
): Promise<string> {
  const slug = slugify(requested);
  if (!isValidSlug(slug))
    throw invalid('The slug is not valid', { slug: 'Use letters, numbers and hyphens' });
  if (slug === current.slug && language === current.language) return slug;
  const repos = createRepos(trx);
  const other = await repos.articles.bySlug(language, slug);
  if (other && other.id !== current.id) {
    throw invalid('Another article already uses this address', {
      slug: `“${slug}” is taken: choose another`,
    });
  }
  const wasPublic = current.status === 'published' || current.status === 'unpublished';
  if (wasPublic && isLanguage(current.language) && isLanguage(language)) {
    await repos.redirects.add(
      articlePath(current.language, current.slug),
      articlePath(language as Language, slug),
      now,
    );
  }
  return slug;
}

export interface ChangeSlugProps {
  articleId: number;
  slug: string;
  /** The version the editor saw; a different current version is a CONFLICT. */
  expectedVersion: number;
  by?: ChangedBy;
}

/** Changes only the slug (the URL) of an article, keeping a redirect from the old URL once public. */
export async function changeSlug(deps: PublishingDeps, props: ChangeSlugProps): Promise<Article> {
  const now = deps.clock().toISOString();
  const article = await deps.database.db.transaction().execute(async (trx) => {
    const repos = createRepos(trx);
    const current = await repos.articles.byId(props.articleId);
    if (!current) throw notFound('Article');
    if (current.version !== props.expectedVersion) {
      throw new BroadsheetError('CONFLICT', 'Someone else changed this article since you opened it', {
        version: String(current.version),
      });
    }
    const slug = await applySlugChange(trx, current, current.language, props.slug, now);
    const updated = (await repos.articles.update(current.id, {
      slug,
      updated_at: now,
      version: current.version + 1,
    }))!;
    await recordRevision(trx, updated, props.by, 'slug', now);
    for (const indexer of deps.indexers) await indexer.syncArticle(trx, current.id);
    return updated;
  });
  deps.events.emit({ type: 'article.updated', articleId: article.id, language: article.language });
  return article;
}
