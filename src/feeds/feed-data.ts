import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Repos } from '../db/repositories/index.ts';
import { isLanguage, type Language } from '../domain/language.ts';
import { articlePath, authorPath, homePath, sectionPath, tagPath } from '../web/site/paths.ts';
import { bestImage, type FeedImage } from './images.ts';
import { absoluteUrl, type FeedScope } from './paths.ts';
import { absolutizeHtml, bdoAsSpan } from './xml.ts';

export interface FeedPerson {
  name: string;
  url: string;
}

export interface FeedEntry {
  id: number;
  language: Language;
  url: string;
  title: string;
  summary: string;
  contentHtml: string;
  publishedAt: string;
  /**
   * When readers last saw the story change: its publication, or a later edit or correction. Never
   * earlier than publishedAt (a scheduled story was last saved before it went out), and not moved
   * by the row's creation: an imported or seeded story is created after it was published.
   */
  modifiedAt: string;
  /** When the row last changed, creation included: what Last-Modified must follow. */
  changedAt: string;
  authors: FeedPerson[];
  section: { name: string; url: string } | null;
  tags: { name: string; url: string }[];
  image: FeedImage | null;
}

export interface FeedData {
  language: Language;
  scope: FeedScope;
  /** Title of the scope ("Politics", a tag name, an author name) or null for the edition. */
  scopeTitle: string | null;
  scopeDescription: string;
  /** Absolute URL of the HTML page the feed mirrors. */
  pageUrl: string;
  entries: FeedEntry[];
  /** Newest change among the entries' rows (or null for an empty feed). */
  lastModified: string | null;
}

export const FEED_LIMIT = 30;

/**
 * Loads the newest public articles of a scope with everything a feed item shows. Returns null
 * when the section, tag or author does not exist. Public means published, released and not past
 * its unpublish time; embargoed or scheduled stories are never in a feed.
 */
export async function loadFeedData(
  deps: { repos: Repos; db: Kysely<DB>; baseUrl: string },
  language: Language,
  scope: FeedScope,
  now: string,
  limit = FEED_LIMIT,
): Promise<FeedData | null> {
  const { repos, db, baseUrl } = deps;
  let ids: number[];
  let scopeTitle: string | null = null;
  let scopeDescription = '';
  let pagePath = homePath(language);
  // Over-fetch a little: rows filtered out below (unpublish time passed) must not shorten the feed.
  const options = { limit: limit + 10 };
  switch (scope.kind) {
    case 'site':
      ids = (await repos.articles.latest(language, now, options)).map((r) => r.id);
      break;
    case 'section': {
      const section = await repos.sections.bySlug(language, scope.slug);
      if (!section) return null;
      const all = await repos.sections.listByLanguage(language);
      const sectionIds = [section.id, ...all.filter((s) => s.parent_id === section.id).map((s) => s.id)];
      ids = (await repos.articles.inSections(sectionIds, now, options)).map((r) => r.id);
      scopeTitle = section.name;
      scopeDescription = section.description;
      pagePath = sectionPath(language, section.slug);
      break;
    }
    case 'tag': {
      const tag = await repos.tags.bySlug(language, scope.slug);
      if (!tag) return null;
      ids = (await repos.articles.withTag(tag.id, now, options)).map((r) => r.id);
      scopeTitle = tag.name;
      scopeDescription = tag.description;
      pagePath = tagPath(language, tag.slug);
      break;
    }
    case 'author': {
      const author = await repos.authors.bySlug(scope.slug);
      if (!author) return null;
      // Bylines span editions; an edition's author feed lists that edition's stories only.
      const rows = await repos.articles.byAuthor(author.id, now, { limit: (limit + 10) * 3 });
      ids = rows.filter((r) => r.language === language).map((r) => r.id);
      scopeTitle = author.name;
      scopeDescription = author.bio;
      pagePath = authorPath(language, author.slug);
      break;
    }
  }
  const entries = await loadEntries({ repos, db, baseUrl }, ids, now);
  const trimmed = entries.slice(0, limit);
  const lastModified = trimmed.reduce<string | null>(
    (max, e) => (max === null || e.changedAt > max ? e.changedAt : max),
    null,
  );
  return {
    language,
    scope,
    scopeTitle,
    scopeDescription,
    pageUrl: absoluteUrl(baseUrl, pagePath),
    entries: trimmed,
    lastModified,
  };
}

/** Full public rows for ids (kept in the given order) with bylines, tags, section and image. */
export async function loadEntries(
  deps: { repos: Repos; db: Kysely<DB>; baseUrl: string },
  ids: readonly number[],
  now: string,
): Promise<FeedEntry[]> {
  if (ids.length === 0) return [];
  const { repos, db, baseUrl } = deps;
  const rows = await db
    .selectFrom('articles')
    .select([
      'id',
      'language',
      'slug',
      'headline',
      'standfirst',
      'excerpt',
      'body_html',
      'section_id',
      'featured_media_id',
      'featured_alt',
      'published_at',
      'created_at',
      'updated_at',
      'embargo_until',
      'unpublish_at',
    ])
    .where('id', 'in', [...ids])
    .where('status', '=', 'published')
    .where('published_at', '<=', now)
    .execute();
  const visible = rows.filter(
    (r) => (!r.embargo_until || r.embargo_until <= now) && (!r.unpublish_at || r.unpublish_at > now),
  );
  const articleIds = visible.map((r) => r.id);
  const [authors, tags, sections, media] = await Promise.all([
    repos.authors.forArticles(articleIds),
    repos.tags.forArticles(articleIds),
    repos.sections.byIds(visible.map((r) => r.section_id).filter((id): id is number => id !== null)),
    repos.media.byIds(visible.map((r) => r.featured_media_id).filter((id): id is number => id !== null)),
  ]);
  const sectionById = new Map(sections.map((s) => [s.id, s]));
  const byId = new Map(
    visible.map((row) => {
      const language: Language = isLanguage(row.language) ? row.language : 'en';
      const publishedAt = row.published_at!;
      const section = row.section_id === null ? undefined : sectionById.get(row.section_id);
      const m = row.featured_media_id === null ? undefined : media.get(row.featured_media_id);
      const url = absoluteUrl(baseUrl, articlePath(language, row.slug));
      const edited = row.updated_at > row.created_at ? row.updated_at : publishedAt;
      const entry: FeedEntry = {
        id: row.id,
        language,
        url,
        title: row.headline,
        summary: row.standfirst || row.excerpt,
        // Relative references resolve against the article page, where the body was written to be read.
        contentHtml: bdoAsSpan(absolutizeHtml(row.body_html, url)),
        publishedAt,
        modifiedAt: edited > publishedAt ? edited : publishedAt,
        changedAt: row.updated_at > publishedAt ? row.updated_at : publishedAt,
        authors: (authors.get(row.id) ?? []).map((a) => ({
          name: a.name,
          url: absoluteUrl(baseUrl, authorPath(language, a.slug)),
        })),
        section: section
          ? { name: section.name, url: absoluteUrl(baseUrl, sectionPath(language, section.slug)) }
          : null,
        tags: (tags.get(row.id) ?? []).map((t) => ({
          name: t.name,
          url: absoluteUrl(baseUrl, tagPath(language, t.slug)),
        })),
        image: m ? bestImage(m, baseUrl, row.featured_alt) : null,
      };
      return [row.id, entry] as const;
    }),
  );
  return ids.map((id) => byId.get(id)).filter((e): e is FeedEntry => e !== undefined);
}
