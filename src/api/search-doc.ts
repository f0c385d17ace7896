import type { DocumentedRoute } from './route-spec.ts';
import { queryParam } from './route-spec.ts';
import type { JsonSchema } from './schemas.ts';

const str = { type: 'string' } as const;

export const SearchResultsSchema: JsonSchema = {
  type: 'object',
  required: ['query', 'total', 'totalIsEstimate', 'page', 'perPage', 'results', 'next'],
  properties: {
    query: str,
    total: { type: 'integer' },
    totalIsEstimate: { type: 'boolean' },
    page: { type: 'integer' },
    perPage: { type: 'integer' },
    results: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'id',
          'language',
          'url',
          'headline',
          'standfirst',
          'section',
          'publishedAt',
          'snippet',
          'snippetHtml',
        ],
        properties: {
          id: { type: 'integer' },
          language: { type: 'string', enum: ['en', 'fa'] },
          url: { type: 'string', format: 'uri' },
          headline: str,
          standfirst: str,
          section: {
            type: ['object', 'null'],
            required: ['name', 'url'],
            properties: { name: str, url: { type: 'string', format: 'uri' } },
          },
          publishedAt: { type: 'string', format: 'date-time' },
          snippet: {
            type: 'array',
            description: 'The passage in pieces; pieces with match=true are the searched words.',
            items: {
              type: 'object',
              required: ['text', 'match'],
              properties: { text: str, match: { type: 'boolean' } },
            },
          },
          snippetHtml: { type: 'string', description: 'The same passage as HTML, matches in <mark>.' },
        },
      },
    },
    next: { type: ['string', 'null'] },
  },
};

/**
 * `GET /api/v1/search` belongs to the search feature (src/search/web/search-routes.ts) and is
 * public (no key); it is described here so the OpenAPI document covers the whole /api/v1.
 */
export const searchRouteDoc: DocumentedRoute = {
  method: 'GET',
  path: '/api/v1/search',
  summary: 'Full-text search over public articles (public: no key needed)',
  tag: 'content',
  parameters: [
    { ...queryParam('q', 'What to search for.'), required: true },
    queryParam('language', 'Edition: en or fa.', { type: 'string', enum: ['en', 'fa'] }),
    queryParam('section', 'Section slug.'),
    queryParam('tag', 'Tag slug.'),
    queryParam('author', 'Byline slug.'),
    queryParam('from', 'Published on or after (YYYY-MM-DD).'),
    queryParam('to', 'Published on or before (YYYY-MM-DD).'),
    queryParam('limit', 'Results per page.', { type: 'integer', minimum: 1 }),
    queryParam('page', 'Page number (search pages are ranked, so they use numbers, up to 500 results).', {
      type: 'integer',
      minimum: 1,
    }),
  ],
  success: { status: 200, component: 'SearchResults', schema: SearchResultsSchema },
};
