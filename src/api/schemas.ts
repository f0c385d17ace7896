/**
 * JSON Schemas of the API's responses. Fastify serialises every response with them (so nothing
 * not declared here can leak out) and the OpenAPI document is generated from the same objects.
 */
export type JsonSchema = Record<string, unknown>;

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const uri = { type: 'string', format: 'uri' } as const;

export const ErrorSchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: str,
        message: str,
        fields: { type: 'object', additionalProperties: str },
      },
    },
  },
};

const SectionRef: JsonSchema = {
  type: ['object', 'null'],
  required: ['id', 'slug', 'name', 'url'],
  properties: { id: int, slug: str, name: str, url: uri },
};

const TermRef: JsonSchema = {
  type: 'object',
  required: ['id', 'slug', 'name', 'url'],
  properties: { id: int, slug: str, name: str, url: uri },
};

const ImageSchema: JsonSchema = {
  type: ['object', 'null'],
  required: ['url', 'width', 'height', 'alt', 'caption', 'credit', 'variants'],
  properties: {
    url: uri,
    width: int,
    height: int,
    alt: str,
    caption: str,
    credit: str,
    variants: {
      type: 'array',
      items: {
        type: 'object',
        required: ['url', 'width', 'height', 'format'],
        properties: { url: uri, width: int, height: int, format: str },
      },
    },
  },
};

/** Every field an article can have; `fields=` picks some (`id` always comes). */
export const ARTICLE_FIELDS = [
  'id',
  'language',
  'slug',
  'url',
  'headline',
  'standfirst',
  'excerpt',
  'bodyHtml',
  'wordCount',
  'section',
  'tags',
  'authors',
  'image',
  'canonicalUrl',
  'publishedAt',
  'updatedAt',
] as const;
export type ArticleField = (typeof ARTICLE_FIELDS)[number];

/** Lists leave the body out unless asked for; a single article shows everything. */
export const DEFAULT_LIST_FIELDS: readonly ArticleField[] = ARTICLE_FIELDS.filter((f) => f !== 'bodyHtml');

export const ArticleSchema: JsonSchema = {
  type: 'object',
  required: ['id'],
  properties: {
    id: int,
    language: { type: 'string', enum: ['en', 'fa'] },
    slug: str,
    url: uri,
    headline: str,
    standfirst: str,
    excerpt: str,
    bodyHtml: str,
    wordCount: int,
    section: SectionRef,
    tags: { type: 'array', items: TermRef },
    authors: { type: 'array', items: TermRef },
    image: ImageSchema,
    canonicalUrl: { type: ['string', 'null'] },
    publishedAt: dateTime,
    updatedAt: dateTime,
  },
};

export const ArticleListSchema: JsonSchema = {
  type: 'object',
  required: ['data', 'next'],
  properties: {
    data: { type: 'array', items: ArticleSchema },
    next: { type: ['string', 'null'], description: 'Path of the next page, or null on the last page.' },
  },
};

export const ArticleOneSchema: JsonSchema = {
  type: 'object',
  required: ['data'],
  properties: { data: ArticleSchema },
};

const SectionSchema: JsonSchema = {
  type: 'object',
  required: ['id', 'language', 'slug', 'name', 'description', 'parentId', 'url'],
  properties: {
    id: int,
    language: str,
    slug: str,
    name: str,
    description: str,
    parentId: { type: ['integer', 'null'] },
    url: uri,
  },
};

const TagSchema: JsonSchema = {
  type: 'object',
  required: ['id', 'language', 'slug', 'name', 'description', 'url'],
  properties: { id: int, language: str, slug: str, name: str, description: str, url: uri },
};

const AuthorSchema: JsonSchema = {
  type: 'object',
  required: ['id', 'slug', 'name', 'bio', 'url'],
  properties: { id: int, slug: str, name: str, bio: str, url: uri },
};

const listOf = (items: JsonSchema): JsonSchema => ({
  type: 'object',
  required: ['data', 'next'],
  properties: { data: { type: 'array', items }, next: { type: ['string', 'null'] } },
});

export const SectionListSchema = listOf(SectionSchema);
export const TagListSchema = listOf(TagSchema);
export const AuthorListSchema = listOf(AuthorSchema);

export const COMPONENTS: Record<string, JsonSchema> = {
  Error: ErrorSchema,
  Article: ArticleSchema,
  ArticleList: ArticleListSchema,
  ArticleOne: ArticleOneSchema,
  SectionList: SectionListSchema,
  TagList: TagListSchema,
  AuthorList: AuthorListSchema,
};
