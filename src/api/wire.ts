import type { FastifyInstance } from 'fastify';
import { createApiKeysRepo } from '../db/repositories/api-keys.ts';
import type { AppDeps, RouteRegistrar } from '../web/deps.ts';
import { adminRoutes } from './admin-routes.ts';
import { contentRoutes } from './content-routes.ts';
import { registerApiNewsroomPages } from './newsroom-pages.ts';
import { DEFAULT_MAX_IMAGE_BYTES } from '../media/index.ts';
import { registerApiHeaders, requireScope, type GuardOptions } from './guard.ts';
import { openApiDocument } from './openapi.ts';
import { createRateLimiter } from './rate-limit.ts';
import type { ApiRoute } from './route-spec.ts';
import { ErrorSchema } from './schemas.ts';
import { searchRouteDoc } from './search-doc.ts';

export interface ApiOptions {
  /** Requests a minute per key (API_RATE_LIMIT, default 600). */
  perMinute: number;
  /** API_CORS_ORIGINS: comma list of origins allowed to call from browsers, or `*`. */
  corsOrigins: string[];
  /** Further route sets registered the same way. */
  extraRoutes?: ((deps: AppDeps) => ApiRoute[])[];
}

export function apiOptionsFromEnv(env: NodeJS.ProcessEnv): ApiOptions {
  const raw = Number(env.API_RATE_LIMIT ?? '');
  return {
    perMinute: Number.isInteger(raw) && raw > 0 ? raw : 600,
    corsOrigins: (env.API_CORS_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim().replace(/\/+$/, ''))
      .filter(Boolean),
  };
}

/** Registers /api/v1 (Content API, OpenAPI document) in its own encapsulated context. */
export function apiRoutes(options: ApiOptions): RouteRegistrar {
  return async function registerApi(app: FastifyInstance, deps: AppDeps): Promise<void> {
    const guard: GuardOptions = {
      keys: createApiKeysRepo(deps.database.db),
      limiter: createRateLimiter(options.perMinute),
      clock: deps.clock,
      corsOrigins: options.corsOrigins,
    };
    const routes = [
      ...contentRoutes(deps),
      ...adminRoutes(deps),
      ...(options.extraRoutes ?? []).flatMap((make) => make(deps)),
    ];
    const document = openApiDocument([...routes, searchRouteDoc], deps.config.baseUrl);

    // Newsroom pages for keys and webhooks sit outside the API context (sessions and CSRF, not keys).
    await registerApiNewsroomPages(app, deps);

    await app.register(async (api) => {
      registerApiHeaders(api, guard);
      // Admin media uploads send the image itself as the body.
      api.addContentTypeParser(
        /^image\//,
        { parseAs: 'buffer', bodyLimit: DEFAULT_MAX_IMAGE_BYTES },
        (_req, body, done) => done(null, body),
      );
      const guards = new Map<string, ReturnType<typeof requireScope>>();
      for (const route of routes) {
        const preHandler = guards.get(route.scope) ?? requireScope(guard, route.scope);
        guards.set(route.scope, preHandler);
        api.route({
          method: route.method,
          url: route.path,
          schema: { response: { [route.success.status]: route.success.schema, '4xx': ErrorSchema } },
          preHandler,
          handler: async (req, reply) => {
            reply.code(route.success.status);
            return route.handler(req, reply);
          },
        });
      }
      // The description of the API is public: clients read it before they have a key.
      api.get('/api/v1/openapi.json', async () => document);
      api.options('/api/v1/*', async (req, reply) => {
        reply.header('access-control-allow-methods', 'GET, POST, PATCH, DELETE, OPTIONS');
        reply.header('access-control-allow-headers', 'Authorization, Content-Type, If-None-Match');
        reply.header('access-control-max-age', '600');
        return reply.code(204).send();
      });
    });
  };
}
