import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { htmlToText } from '../domain/excerpt.ts';
import { highlightWords, type ParsedQuery } from '../domain/search-query.ts';
import { normalizeForMatch } from '../domain/persian-text.ts';
import { sectionWithAncestors } from '../domain/section-tree.ts';
import { makeSnippet, snippetHasMatch, type SnippetSegment } from './snippet.ts';

/** An article as the index sees it: normalised text fields plus the filter keys. */
export interface SearchDocument {
  articleId: number;
  language: string;
  sectionId: number | null;
  authorIds: number[];
  tagIds: number[];
  /** When it becomes findable: the later of publication and embargo. */
  visibleFrom: string;
  headline: string;
  standfirst: string;
  body: string;
  tags: string;
  section: string;
  bylines: string;
}

/** Only published articles are indexed; queries also require `visibleFrom <= now`. */
export async function loadSearchDocuments(db: Kysely<DB>, ids: readonly number[]): Promise<SearchDocument[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('articles')
    .select([
      'articles.id',
      'articles.language',
      'articles.headline',
      'articles.standfirst',
      'articles.body_html',
      'articles.section_id',
      'articles.published_at',
      'articles.embargo_until',
    ])
    .where('articles.id', 'in', [...ids])
    .where('articles.status', '=', 'published')
    .where('articles.published_at', 'is not', null)
    .execute();
  if (rows.length === 0) return [];
  const found = rows.map((r) => r.id);
  const [tags, authors, sectionNames] = await Promise.all([
    db
      .selectFrom('article_tags')
      .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
      .select(['article_tags.article_id', 'tags.id', 'tags.name'])
      .where('article_tags.article_id', 'in', found)
      .execute(),
    db
      .selectFrom('article_authors')
      .innerJoin('authors', 'authors.id', 'article_authors.author_id')
      .select(['article_authors.article_id', 'authors.id', 'authors.name'])
      .where('article_authors.article_id', 'in', found)
      .execute(),
    sectionPaths(db, rows),
  ]);
  const group = <T extends { article_id: number }>(list: T[]) => {
    const map = new Map<number, T[]>();
    for (const item of list) map.set(item.article_id, [...(map.get(item.article_id) ?? []), item]);
    return map;
  };
  const tagsOf = group(tags);
  const authorsOf = group(authors);
  return rows.map((r) => {
    const t = tagsOf.get(r.id) ?? [];
    const a = authorsOf.get(r.id) ?? [];
    const published = r.published_at!;
    return {
      articleId: r.id,
      language: r.language,
      sectionId: r.section_id,
      authorIds: a.map((x) => x.id),
      tagIds: t.map((x) => x.id),
      visibleFrom: r.embargo_until && r.embargo_until > published ? r.embargo_until : published,
      headline: normalizeForMatch(r.headline),
      standfirst: normalizeForMatch(r.standfirst),
      body: normalizeForMatch(htmlToText(r.body_html)),
      tags: normalizeForMatch(t.map((x) => x.name).join(' ')),
      section: normalizeForMatch(r.section_id === null ? '' : (sectionNames.get(r.section_id) ?? '')),
      bylines: normalizeForMatch(a.map((x) => x.name).join(' ')),
    };
  });
}

/**
 * Each section's name followed by the names of the sections above it: a story in "Tehran" under
 * "Iran" is found by either. Sections are few: the editions' whole lists are read at once.
 */
async function sectionPaths(
  db: Kysely<DB>,
  rows: readonly { language: string; section_id: number | null }[],
): Promise<Map<number, string>> {
  const ids = [...new Set(rows.map((r) => r.section_id).filter((id): id is number => id !== null))];
  if (ids.length === 0) return new Map();
  const sections = await db
    .selectFrom('sections')
    .select(['id', 'name', 'parent_id'])
    .where('language', 'in', [...new Set(rows.map((r) => r.language))])
    .execute();
  const names = new Map(sections.map((s) => [s.id, s.name]));
  return new Map(
    ids.map((id) => [
      id,
      sectionWithAncestors(sections, id)
        .flatMap((at) => names.get(at) ?? [])
        .join(' '),
    ]),
  );
}

/**
 * Ids of published articles after `afterId`, in id order, from the next `limit` articles (for
 * rebuilds; `last` is where to go on, undefined at the end). It walks the primary key and leaves
 * the status to JavaScript: right after a bulk insert, before statistics, PostgreSQL planned the
 * status filter as a bitmap over the whole table, a second per page at a million articles.
 */
export async function publishedIdsAfter(
  db: Kysely<DB>,
  afterId: number,
  limit: number,
): Promise<{ ids: number[]; last: number | undefined }> {
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'status'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return { ids: rows.filter((r) => r.status === 'published').map((r) => r.id), last: rows.at(-1)?.id };
}

export async function countPublished(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'published')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const SNIPPET_HTML_CHARS = 12_000;

/** Snippets for a page of hits, from the articles' original text (never the normalised copy). */
export async function loadSnippets(
  db: Kysely<DB>,
  ids: readonly number[],
  query: ParsedQuery,
): Promise<Map<number, SnippetSegment[]>> {
  const out = new Map<number, SnippetSegment[]>();
  if (ids.length === 0) return out;
  // Only the head of long bodies is read: the snippet is cut from its first few thousand characters.
  const rows = await db
    .selectFrom('articles')
    .select((eb) => [
      'id',
      'standfirst',
      'excerpt',
      eb.fn<string>('substr', ['body_html', eb.val(1), eb.val(SNIPPET_HTML_CHARS)]).as('body_head'),
    ])
    .where('id', 'in', [...ids])
    .execute();
  const words = highlightWords(query);
  for (const r of rows) {
    const head =
      r.body_head.length >= SNIPPET_HTML_CHARS
        ? r.body_head.slice(0, r.body_head.lastIndexOf('<'))
        : r.body_head;
    const body = makeSnippet(htmlToText(head), words);
    if (snippetHasMatch(body)) {
      out.set(r.id, body);
      continue;
    }
    const standfirst = makeSnippet(r.standfirst || r.excerpt, words);
    out.set(r.id, standfirst.length > 0 ? standfirst : body);
  }
  return out;
}
