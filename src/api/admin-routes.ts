import type { FastifyRequest } from 'fastify';
import type { Article } from '../db/schema.ts';
import { parseVariants } from '../db/repositories/media.ts';
import { BroadsheetError, badRequest, notFound } from '../domain/errors.ts';
import { isLanguage } from '../domain/language.ts';
import { can, isRole, type Action, type Actor, type OwnedResource } from '../domain/permissions.ts';
import { createLocalMediaStorage, mediaRoot, storeImage } from '../media/index.ts';
import type { ArticleFields } from '../publishing/article-input.ts';
import { createArticle } from '../publishing/create-article.ts';
import { publishArticle } from '../publishing/publish-article.ts';
import type { ChangedBy } from '../publishing/revision.ts';
import { unpublishArticle } from '../publishing/unpublish-article.ts';
import { updateArticle } from '../publishing/update-article.ts';
import type { AppDeps } from '../web/deps.ts';
import { loadOwned } from '../web/newsroom/articles-access.ts';
import { articlePath, mediaUrl } from '../web/site/paths.ts';
import { assertReferences, currentFields, parseArticleInput } from './admin-input.ts';
import { apiKeyOf } from './guard.ts';
import { onlyKnown, single, type Query } from './params.ts';
import type { ApiRoute } from './route-spec.ts';
import type { JsonSchema } from './schemas.ts';

const int = { type: 'integer' } as const;
const str = { type: 'string' } as const;

export const AdminArticleSchema: JsonSchema = {
  type: 'object',
  required: ['data'],
  properties: {
    data: {
      type: 'object',
      required: [
        'id',
        'language',
        'slug',
        'headline',
        'status',
        'version',
        'publishedAt',
        'updatedAt',
        'url',
      ],
      properties: {
        id: int,
        language: str,
        slug: str,
        headline: str,
        status: { type: 'string', enum: ['draft', 'review', 'scheduled', 'published', 'unpublished'] },
        version: int,
        publishedAt: { type: ['string', 'null'] },
        updatedAt: str,
        url: { type: 'string', format: 'uri' },
      },
    },
  },
};

export const AdminMediaSchema: JsonSchema = {
  type: 'object',
  required: ['data'],
  properties: {
    data: {
      type: 'object',
      required: ['id', 'width', 'height', 'mime', 'alt', 'variants'],
      properties: {
        id: int,
        width: int,
        height: int,
        mime: str,
        alt: str,
        variants: {
          type: 'array',
          items: {
            type: 'object',
            required: ['url', 'width', 'height', 'format'],
            properties: { url: { type: 'string', format: 'uri' }, width: int, height: int, format: str },
          },
        },
      },
    },
  },
};

const ArticleInputSchema: JsonSchema = {
  type: 'object',
  properties: {
    language: { type: 'string', enum: ['en', 'fa'] },
    headline: str,
    standfirst: str,
    excerpt: str,
    bodySource: str,
    bodyFormat: { type: 'string', enum: ['markdown', 'html'] },
    slug: str,
    sectionId: { type: ['integer', 'null'] },
    tagIds: { type: 'array', items: int },
    authorIds: { type: 'array', items: int },
    featuredMediaId: { type: ['integer', 'null'] },
    featuredAlt: str,
    featuredCaption: str,
    featuredCredit: str,
    canonicalUrl: { type: ['string', 'null'] },
    seoTitle: { type: ['string', 'null'] },
    seoDescription: { type: ['string', 'null'] },
  },
  additionalProperties: false,
};

/** The account behind an admin key: its role decides, exactly as in the newsroom. */
async function actorOf(deps: AppDeps, req: FastifyRequest): Promise<{ actor: Actor; by: ChangedBy }> {
  const key = apiKeyOf(req);
  const user = key?.userId ? await deps.repos.users.byId(key.userId) : undefined;
  if (!user || user.disabled || !isRole(user.role))
    throw new BroadsheetError('FORBIDDEN', 'This key is not tied to an active account');
  return {
    actor: { id: user.id, role: user.role, disabled: user.disabled },
    by: { userId: user.id, name: user.name || user.email },
  };
}

function assertCan(actor: Actor, action: Action, resource?: OwnedResource): void {
  if (!can(actor, action, resource))
    throw new BroadsheetError('FORBIDDEN', "The role of this key's account does not allow this");
}

const idParam = (req: FastifyRequest): number => {
  const raw = (req.params as { id: string }).id;
  if (!/^\d{1,15}$/.test(raw)) throw notFound('Article');
  return Number(raw);
};

const bodyOf = (req: FastifyRequest): Record<string, unknown> => {
  const b = req.body;
  if (b === undefined || b === null) return {};
  if (typeof b !== 'object' || Array.isArray(b)) throw badRequest('Send a JSON object');
  return b as Record<string, unknown>;
};

function optionalIso(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || Number.isNaN(Date.parse(v)))
    throw badRequest(`"${name}" must be an ISO-8601 time`, { [name]: 'Not a time' });
  return new Date(v).toISOString();
}

function optionalVersion(body: Record<string, unknown>): number | undefined {
  const v = body.version;
  if (v === undefined) return undefined;
  if (!Number.isSafeInteger(v))
    throw badRequest('"version" must be an integer', { version: 'Not an integer' });
  return v as number;
}

const versionParam = {
  type: 'object',
  properties: {
    version: { type: 'integer', description: 'The version you read; a different current version is a 409.' },
  },
} as const;

/** The Admin API: the newsroom's article and media actions for keys tied to an account. */
export function adminRoutes(deps: AppDeps): ApiRoute[] {
  const base = deps.config.baseUrl;
  const storage = createLocalMediaStorage(mediaRoot(deps.config.dataDir));
  const present = (a: Article) => ({
    data: {
      id: a.id,
      language: a.language,
      slug: a.slug,
      headline: a.headline,
      status: a.status,
      version: a.version,
      publishedAt: a.published_at,
      updatedAt: a.updated_at,
      url: `${base}${articlePath(isLanguage(a.language) ? a.language : 'en', a.slug)}`,
    },
  });
  const idPath = {
    name: 'id',
    in: 'path' as const,
    required: true,
    description: 'Article id.',
    schema: { type: 'integer' },
  };
  const articleOut = { status: 200, component: 'AdminArticle', schema: AdminArticleSchema };

  return [
    {
      method: 'GET',
      path: '/api/v1/admin/articles/:id',
      summary: 'Any article the account may edit, whatever its status (to read its version)',
      tag: 'admin',
      scope: 'admin:read',
      parameters: [idPath],
      success: articleOut,
      async handler(req) {
        onlyKnown(req.query as Query, []);
        const { actor } = await actorOf(deps, req);
        const { article, resource } = await loadOwned(deps, idParam(req));
        assertCan(actor, 'article.editOwn', resource);
        return present(article);
      },
    },
    {
      method: 'POST',
      path: '/api/v1/admin/articles',
      summary: 'Create a draft article',
      tag: 'admin',
      scope: 'admin:write',
      parameters: [],
      requestBody: {
        contentType: 'application/json',
        schema: { ...ArticleInputSchema, required: ['language', 'headline', 'bodySource'] },
      },
      success: { ...articleOut, status: 201 },
      async handler(req) {
        const { actor, by } = await actorOf(deps, req);
        assertCan(actor, 'article.create');
        const input = parseArticleInput(req.body);
        const fields = { bodySource: '', ...input } as ArticleFields;
        if (!input.language) throw badRequest('"language" is required', { language: 'Use en or fa' });
        await assertReferences(deps.database.db, fields);
        return present(await createArticle(deps, { ...fields, status: 'draft', by }));
      },
    },
    {
      method: 'PATCH',
      path: '/api/v1/admin/articles/:id',
      summary: 'Change some fields of an article (give the version you read)',
      tag: 'admin',
      scope: 'admin:write',
      parameters: [idPath],
      requestBody: {
        contentType: 'application/json',
        schema: {
          ...ArticleInputSchema,
          properties: { ...(ArticleInputSchema.properties as object), version: int },
          required: ['version'],
        },
      },
      success: articleOut,
      async handler(req) {
        const { actor, by } = await actorOf(deps, req);
        const body = bodyOf(req);
        const version = optionalVersion(body);
        if (version === undefined)
          throw badRequest('"version" is required', { version: 'Give the version you read' });
        const input = parseArticleInput(body, ['version']);
        const { article, resource } = await loadOwned(deps, idParam(req));
        assertCan(actor, 'article.editOwn', resource);
        const [tags, authors] = await Promise.all([
          deps.repos.tags.forArticles([article.id]),
          deps.repos.authors.forArticles([article.id]),
        ]);
        const fields: ArticleFields = {
          ...currentFields(
            article,
            (tags.get(article.id) ?? []).map((t) => t.id),
            (authors.get(article.id) ?? []).map((a) => a.id),
          ),
          ...input,
        };
        await assertReferences(deps.database.db, fields);
        return present(
          await updateArticle(deps, {
            articleId: article.id,
            expectedVersion: version,
            fields,
            by,
            reason: 'api',
          }),
        );
      },
    },
    {
      method: 'POST',
      path: '/api/v1/admin/articles/:id/publish',
      summary: 'Publish now, or schedule with "at" / "embargoUntil"',
      tag: 'admin',
      scope: 'admin:write',
      parameters: [idPath],
      requestBody: {
        contentType: 'application/json',
        schema: {
          ...versionParam,
          properties: {
            ...versionParam.properties,
            at: { type: 'string', format: 'date-time' },
            embargoUntil: { type: 'string', format: 'date-time' },
          },
        },
      },
      success: articleOut,
      async handler(req) {
        const { actor, by } = await actorOf(deps, req);
        const body = bodyOf(req);
        for (const k of Object.keys(body))
          if (!['version', 'at', 'embargoUntil'].includes(k))
            throw badRequest(`Unknown field "${k}"`, { [k]: 'Unknown field' });
        const { article, resource } = await loadOwned(deps, idParam(req));
        assertCan(actor, 'article.publishOwn', resource);
        const version = optionalVersion(body);
        const at = optionalIso(body, 'at');
        const embargoUntil = optionalIso(body, 'embargoUntil');
        return present(
          await publishArticle(deps, {
            articleId: article.id,
            by,
            ...(version !== undefined ? { expectedVersion: version } : {}),
            ...(at ? { at } : {}),
            ...(embargoUntil ? { embargoUntil } : {}),
          }),
        );
      },
    },
    {
      method: 'POST',
      path: '/api/v1/admin/articles/:id/unpublish',
      summary: 'Take a published article off the site',
      tag: 'admin',
      scope: 'admin:write',
      parameters: [idPath],
      requestBody: { contentType: 'application/json', schema: versionParam },
      success: articleOut,
      async handler(req) {
        const { actor, by } = await actorOf(deps, req);
        const body = bodyOf(req);
        for (const k of Object.keys(body))
          if (k !== 'version') throw badRequest(`Unknown field "${k}"`, { [k]: 'Unknown field' });
        const { article, resource } = await loadOwned(deps, idParam(req));
        assertCan(actor, 'article.unpublish', resource);
        const version = optionalVersion(body);
        return present(
          await unpublishArticle(deps, {
            articleId: article.id,
            by,
            ...(version !== undefined ? { expectedVersion: version } : {}),
          }),
        );
      },
    },
    {
      method: 'POST',
      path: '/api/v1/admin/media',
      summary: 'Upload an image (the raw bytes as the body, Content-Type image/*)',
      tag: 'admin',
      scope: 'admin:write',
      parameters: [
        { name: 'filename', in: 'query', required: true, description: 'Original file name.', schema: str },
        { name: 'alt', in: 'query', description: 'Alternative text.', schema: str },
        { name: 'caption', in: 'query', description: 'Caption.', schema: str },
        { name: 'credit', in: 'query', description: 'Credit.', schema: str },
      ],
      requestBody: { contentType: 'image/*', schema: { type: 'string', contentMediaType: 'image/*' } },
      success: { status: 201, component: 'AdminMedia', schema: AdminMediaSchema },
      async handler(req) {
        const { actor } = await actorOf(deps, req);
        assertCan(actor, 'media.upload');
        const query = req.query as Query;
        onlyKnown(query, ['filename', 'alt', 'caption', 'credit']);
        const filename = single(query, 'filename');
        if (!filename) throw badRequest('"filename" is required', { filename: 'Name the file' });
        if (!Buffer.isBuffer(req.body) || req.body.length === 0)
          throw badRequest('Send the image bytes with Content-Type image/*');
        const m = await storeImage({ repos: deps.repos, clock: deps.clock, storage }, req.body, {
          originalName: filename,
          alt: single(query, 'alt') ?? '',
          caption: single(query, 'caption') ?? '',
          credit: single(query, 'credit') ?? '',
        });
        return {
          data: {
            id: m.id,
            width: m.width,
            height: m.height,
            mime: m.mime,
            alt: m.alt,
            variants: parseVariants(m).map((v) => ({
              url: `${base}${mediaUrl(v.path)}`,
              width: v.width,
              height: v.height,
              format: v.format,
            })),
          },
        };
      },
    },
  ];
}
