import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { ContentEvent } from '../publishing/deps.ts';
import { LANGUAGES } from '../domain/language.ts';
import { sectionWithAncestors } from '../domain/section-tree.ts';
import { dep } from './keys.ts';

/**
 * Keys an event invalidates that need no database lookup: applied at once, in the same tick as
 * the event, so a reader asking right after a publish never gets the old page from this server.
 */
export function immediateKeys(event: ContentEvent): string[] {
  switch (event.type) {
    case 'article.published':
    case 'article.unpublished':
    case 'article.deleted':
      return [
        dep.article(event.articleId),
        dep.home(event.language),
        dep.list(event.language),
        dep.feed(event.language),
        dep.search(event.language),
        dep.sitemap,
      ];
    case 'article.created':
    case 'article.updated':
      return [dep.article(event.articleId)];
    case 'curation.changed':
      return [dep.curation(event.language), dep.home(event.language)];
    // Names are searched: a rename changes what queries find (in either edition).
    case 'section.changed':
      return [dep.section(event.id), ...LANGUAGES.map(dep.search)];
    case 'tag.changed':
      return [dep.tag(event.id), ...LANGUAGES.map(dep.search)];
    case 'author.changed':
      return [dep.author(event.id), ...LANGUAGES.map(dep.search)];
  }
}

/**
 * Every key an event invalidates: the immediate ones plus what only the database knows: the
 * article's section and its ancestors (section pages list subsections' articles), tags, bylines,
 * and its translations (whose pages link to it). An article that is not public affects no list.
 */
export async function dependencyKeys(db: Kysely<DB>, event: ContentEvent): Promise<string[]> {
  const keys = new Set(immediateKeys(event));
  if (event.type === 'section.changed') {
    const row = await db
      .selectFrom('sections')
      .select('language')
      .where('id', '=', event.id)
      .executeTakeFirst();
    // A renamed or moved section changes the navigation of its edition (of both when it is gone).
    for (const language of row ? [row.language] : LANGUAGES) keys.add(dep.nav(language));
  }
  if (!('articleId' in event)) return [...keys];

  const article = await db
    .selectFrom('articles')
    .select(['id', 'language', 'status', 'section_id', 'translation_group'])
    .where('id', '=', event.articleId)
    .executeTakeFirst();
  const listed =
    event.type === 'article.published' ||
    event.type === 'article.unpublished' ||
    event.type === 'article.deleted';
  if (!article || (!listed && article.status !== 'published')) return [...keys];

  // Lists it may enter or leave. Lists it was already in declared `article:ID` and are covered;
  // search pages are not (an edit can make an article match a query it did not match).
  keys.add(dep.search(article.language));
  keys.add(dep.feed(article.language));
  keys.add(dep.sitemap);
  const [tags, authors, sections, translations] = await Promise.all([
    db.selectFrom('article_tags').select('tag_id').where('article_id', '=', article.id).execute(),
    db.selectFrom('article_authors').select('author_id').where('article_id', '=', article.id).execute(),
    db.selectFrom('sections').select(['id', 'parent_id']).where('language', '=', article.language).execute(),
    article.translation_group
      ? db
          .selectFrom('articles')
          .select('id')
          .where('translation_group', '=', article.translation_group)
          .where('id', '!=', article.id)
          .execute()
      : Promise.resolve([]),
  ]);
  for (const t of tags) keys.add(dep.tag(t.tag_id));
  for (const a of authors) keys.add(dep.author(a.author_id));
  for (const t of translations) keys.add(dep.article(t.id));
  if (article.section_id !== null && article.section_id !== undefined)
    for (const id of sectionWithAncestors(sections, article.section_id)) keys.add(dep.section(id));
  return [...keys];
}
