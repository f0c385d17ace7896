import { slugify, uniqueSlug } from '../domain/slug.ts';
import { createRepos } from '../db/repositories/index.ts';
import type { Article } from '../db/schema.ts';
import { renderFields, validateArticleFields, type ArticleFields } from './article-input.ts';
import type { PublishingDeps } from './deps.ts';
import { recordRevision, type ChangedBy } from './revision.ts';

export interface CreateArticleProps extends ArticleFields {
  /** Create straight into `published` (importers, seeding); newsroom drafts start as `draft`. */
  status?: 'draft' | 'published';
  publishedAt?: string;
  /** Who created it: recorded on the first revision (and so as the article's creator). */
  by?: ChangedBy;
}

/** Creates an article (a draft unless told otherwise) with its tags and bylines, in one transaction. */
export async function createArticle(deps: PublishingDeps, props: CreateArticleProps): Promise<Article> {
  validateArticleFields(props);
  const now = deps.clock().toISOString();
  const rendered = renderFields(props);
  const article = await deps.database.db.transaction().execute(async (trx) => {
    const repos = createRepos(trx);
    const base = props.slug ? slugify(props.slug) : slugify(props.headline);
    const slug = await uniqueSlug(base, (s) => repos.articles.slugTaken(props.language, s));
    const status = props.status ?? 'draft';
    const created = await repos.articles.create({
      language: props.language,
      slug,
      headline: props.headline.trim(),
      standfirst: (props.standfirst ?? '').trim(),
      excerpt: rendered.excerpt,
      body_format: props.bodyFormat ?? 'markdown',
      body_source: props.bodySource,
      body_html: rendered.bodyHtml,
      word_count: rendered.wordCount,
      status,
      section_id: props.sectionId ?? null,
      featured_media_id: props.featuredMediaId ?? null,
      featured_alt: props.featuredAlt ?? '',
      featured_caption: props.featuredCaption ?? '',
      featured_credit: props.featuredCredit ?? '',
      canonical_url: props.canonicalUrl ?? null,
      seo_title: props.seoTitle ?? null,
      seo_description: props.seoDescription ?? null,
      translation_group: props.translationGroup ?? null,
      created_at: now,
      updated_at: now,
      published_at: status === 'published' ? (props.publishedAt ?? now) : null,
      embargo_until: null,
      unpublish_at: null,
      version: 1,
    });
    await repos.articles.setTags(created.id, props.tagIds ?? []);
    await repos.articles.setAuthors(created.id, props.authorIds ?? []);
    await recordRevision(trx, created, props.by, 'create', now);
    for (const indexer of deps.indexers) await indexer.syncArticle(trx, created.id);
    return created;
  });
  deps.events.emit({
    type: article.status === 'published' ? 'article.published' : 'article.created',
    articleId: article.id,
    language: article.language,
  });
  return article;
}
