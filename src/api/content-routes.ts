import type { FastifyRequest } from 'fastify';
import { createApiContentRepo, type ApiArticleFilter } from '../db/repositories/api-content.ts';
import { encodeCursor } from '../domain/cursor.ts';
import { badRequest, notFound } from '../domain/errors.ts';
import { LANGUAGES, type Language } from '../domain/language.ts';
import type { AppDeps } from '../web/deps.ts';
import { sectionWithDescendants } from '../domain/section-tree.ts';
import { authorPath, sectionPath, tagPath } from '../web/site/paths.ts';
import {
  cursorParam,
  encodeIdCursor,
  fieldsParam,
  idCursorParam,
  languageParam,
  limitParam,
  MAX_LIMIT,
  nextLink,
  onlyKnown,
  slugParam,
  timeParam,
  type Query,
} from './params.ts';
import { presentArticles } from './present.ts';
import { queryParam, type ApiRoute } from './route-spec.ts';
import {
  ARTICLE_FIELDS,
  ArticleListSchema,
  ArticleOneSchema,
  AuthorListSchema,
  SectionListSchema,
  TagListSchema,
} from './schemas.ts';

const LIST_PARAMS = ['language', 'section', 'tag', 'author', 'since', 'until', 'fields', 'limit', 'cursor'];

const common = {
  limit: queryParam('limit', `Items per page, 1 to ${MAX_LIMIT} (larger values are clamped). Default 20.`, {
    type: 'integer',
    minimum: 1,
  }),
  cursor: queryParam('cursor', 'Opaque cursor from a previous page\'s "next" link.'),
  language: queryParam('language', 'Edition: en or fa.', { type: 'string', enum: [...LANGUAGES] }),
  fields: queryParam(
    'fields',
    `Comma list of fields to return (id always comes): ${ARTICLE_FIELDS.join(', ')}. Lists default to all but bodyHtml.`,
  ),
};

/** Turns slugs into ids; an unknown slug is a 400 naming the parameter. */
async function resolveFilter(
  deps: AppDeps,
  query: Query,
  language: Language | undefined,
): Promise<ApiArticleFilter> {
  const languages: readonly Language[] = language ? [language] : LANGUAGES;
  const filter: ApiArticleFilter = {};
  if (language) filter.language = language;
  const section = slugParam(query, 'section');
  if (section) {
    const ids: number[] = [];
    for (const l of languages) {
      const all = await deps.repos.sections.listByLanguage(l);
      const s = all.find((x) => x.slug === section);
      if (s) ids.push(...sectionWithDescendants(all, s.id));
    }
    if (ids.length === 0) throw badRequest('No such section', { section: 'No such section' });
    filter.sectionIds = ids;
  }
  const tag = slugParam(query, 'tag');
  if (tag) {
    const tags = (await Promise.all(languages.map((l) => deps.repos.tags.bySlug(l, tag)))).filter(
      (t) => t !== undefined,
    );
    if (tags.length === 0) throw badRequest('No such tag', { tag: 'No such tag' });
    filter.tagIds = tags.map((t) => t.id);
  }
  const author = slugParam(query, 'author');
  if (author) {
    const a = await deps.repos.authors.bySlug(author);
    if (!a) throw badRequest('No such author', { author: 'No such author' });
    filter.authorId = a.id;
  }
  const since = timeParam(query, 'since');
  const until = timeParam(query, 'until');
  if (since && until && since >= until)
    throw badRequest('"since" must be before "until"', { since: 'Choose a start before the end' });
  if (since) filter.since = since;
  if (until) filter.until = until;
  return filter;
}

const queryOf = (req: FastifyRequest): Query => (req.query ?? {}) as Query;

/** The Content API: public articles, sections, tags and bylines. */
export function contentRoutes(deps: AppDeps): ApiRoute[] {
  const content = createApiContentRepo(deps.database.db);
  const base = deps.config.baseUrl;
  const now = () => deps.clock().toISOString();

  return [
    {
      method: 'GET',
      path: '/api/v1/articles',
      summary: 'Public articles, newest first, with filters and cursor pagination over the whole archive',
      tag: 'content',
      scope: 'content:read',
      parameters: [
        common.language,
        queryParam('section', 'Section slug (includes its subsections).'),
        queryParam('tag', 'Tag slug.'),
        queryParam('author', 'Byline (author) slug.'),
        queryParam('since', 'Published at or after: YYYY-MM-DD or ISO-8601 UTC.'),
        queryParam('until', 'Published before: YYYY-MM-DD or ISO-8601 UTC.'),
        common.fields,
        common.limit,
        common.cursor,
      ],
      success: { status: 200, component: 'ArticleList', schema: ArticleListSchema },
      async handler(req) {
        const query = queryOf(req);
        onlyKnown(query, LIST_PARAMS);
        const limit = limitParam(query);
        const before = cursorParam(query);
        const fields = fieldsParam(query);
        const filter = await resolveFilter(deps, query, languageParam(query));
        // One extra row says whether there is a next page without a count.
        const rows = await content.list(filter, now(), { limit: limit + 1, ...(before ? { before } : {}) });
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        const next =
          rows.length > limit && last
            ? nextLink(
                '/api/v1/articles',
                query,
                encodeCursor({ publishedAt: last.published_at!, id: last.id }),
              )
            : null;
        return { data: await presentArticles(deps.repos, base, page, fields), next };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/articles/:id',
      summary: 'One public article by numeric id, or by slug with ?language=',
      tag: 'content',
      scope: 'content:read',
      parameters: [
        {
          name: 'id',
          in: 'path',
          required: true,
          description: 'Article id, or its slug (then give language).',
          schema: { type: 'string' },
        },
        queryParam('language', 'Edition of the slug (en or fa); required when looking up by slug.', {
          type: 'string',
          enum: [...LANGUAGES],
        }),
        queryParam('fields', `Comma list of fields (id always comes). Default: all, including bodyHtml.`),
      ],
      success: { status: 200, component: 'ArticleOne', schema: ArticleOneSchema },
      async handler(req) {
        const query = queryOf(req);
        onlyKnown(query, ['language', 'fields']);
        const idOrSlug = (req.params as { id: string }).id;
        const fields = fieldsParam(query, ARTICLE_FIELDS);
        let row;
        if (/^\d{1,15}$/.test(idOrSlug)) row = await content.byId(Number(idOrSlug), now());
        else {
          const language = languageParam(query);
          if (!language)
            throw badRequest('Give "language" to look an article up by slug', { language: 'Use en or fa' });
          row = await content.bySlug(language, idOrSlug, now());
        }
        if (!row) throw notFound('Article');
        const [data] = await presentArticles(deps.repos, base, [row], fields);
        return { data };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/sections',
      summary: 'Sections, by id',
      tag: 'content',
      scope: 'content:read',
      parameters: [common.language, common.limit, common.cursor],
      success: { status: 200, component: 'SectionList', schema: SectionListSchema },
      async handler(req) {
        const query = queryOf(req);
        onlyKnown(query, ['language', 'limit', 'cursor']);
        const limit = limitParam(query);
        const rows = await content.sections(languageParam(query), limit + 1, idCursorParam(query));
        const page = rows.slice(0, limit);
        return {
          data: page.map((s) => ({
            id: s.id,
            language: s.language,
            slug: s.slug,
            name: s.name,
            description: s.description,
            parentId: s.parent_id,
            url: `${base}${sectionPath(s.language as Language, s.slug)}`,
          })),
          next:
            rows.length > limit
              ? nextLink('/api/v1/sections', query, encodeIdCursor(page[page.length - 1]!.id))
              : null,
        };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/tags',
      summary: 'Tags, by id',
      tag: 'content',
      scope: 'content:read',
      parameters: [common.language, common.limit, common.cursor],
      success: { status: 200, component: 'TagList', schema: TagListSchema },
      async handler(req) {
        const query = queryOf(req);
        onlyKnown(query, ['language', 'limit', 'cursor']);
        const limit = limitParam(query);
        const rows = await content.tags(languageParam(query), limit + 1, idCursorParam(query));
        const page = rows.slice(0, limit);
        return {
          data: page.map((t) => ({
            id: t.id,
            language: t.language,
            slug: t.slug,
            name: t.name,
            description: t.description,
            url: `${base}${tagPath(t.language as Language, t.slug)}`,
          })),
          next:
            rows.length > limit
              ? nextLink('/api/v1/tags', query, encodeIdCursor(page[page.length - 1]!.id))
              : null,
        };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/authors',
      summary: 'Bylines (authors), by id; shared by both editions',
      tag: 'content',
      scope: 'content:read',
      parameters: [common.limit, common.cursor],
      success: { status: 200, component: 'AuthorList', schema: AuthorListSchema },
      async handler(req) {
        const query = queryOf(req);
        onlyKnown(query, ['limit', 'cursor']);
        const limit = limitParam(query);
        const rows = await content.authors(limit + 1, idCursorParam(query));
        const page = rows.slice(0, limit);
        return {
          data: page.map((a) => ({
            id: a.id,
            slug: a.slug,
            name: a.name,
            bio: a.bio,
            url: `${base}${authorPath('en', a.slug)}`,
          })),
          next:
            rows.length > limit
              ? nextLink('/api/v1/authors', query, encodeIdCursor(page[page.length - 1]!.id))
              : null,
        };
      },
    },
  ];
}
