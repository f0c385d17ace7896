import type { DocumentedRoute } from './route-spec.ts';
import { COMPONENTS, type JsonSchema } from './schemas.ts';

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'Bad parameters (unknown parameter, malformed cursor, unknown slug ...).',
  '401': 'No API key, or an unknown or revoked one.',
  '403': 'The key lacks the scope (or its user the role) this needs.',
  '404': 'No such (public) item.',
  '429': 'Rate limit exceeded; see Retry-After.',
};

const WRITE_ERRORS: Record<string, string> = {
  '409': 'The article changed since the version given (or the action does not fit its status).',
  '422': 'The content is invalid (missing headline, unknown section ...); see error.fields.',
};

/** `/api/v1/articles/:id` -> `/api/v1/articles/{id}`. */
export const openApiPath = (path: string): string => path.replace(/:(\w+)/g, '{$1}');

/** The OpenAPI 3.1 document, generated from the same route objects and schemas the server runs. */
export function openApiDocument(
  routes: readonly DocumentedRoute[],
  baseUrl: string,
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, JsonSchema> = { ...COMPONENTS };
  for (const route of routes) {
    schemas[route.success.component] ??= route.success.schema;
    const responses: Record<string, unknown> = {
      [String(route.success.status)]: {
        description: 'Success',
        content: {
          'application/json': { schema: { $ref: `#/components/schemas/${route.success.component}` } },
        },
      },
    };
    if (route.method === 'GET')
      responses['304'] = { description: 'Not modified (If-None-Match matched the ETag).' };
    const errors = !route.scope
      ? { '400': ERROR_RESPONSES['400']! }
      : route.method === 'GET'
        ? ERROR_RESPONSES
        : { ...ERROR_RESPONSES, ...WRITE_ERRORS };
    for (const [status, description] of Object.entries(errors)) {
      responses[status] = {
        description,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    }
    const operation: Record<string, unknown> = {
      operationId: `${route.method.toLowerCase()}${openApiPath(route.path)
        .replace(/^\/api\/v1/, '')
        .replace(/[^A-Za-z0-9]+(\w)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
      summary: route.summary,
      tags: [route.tag],
      security: route.scope ? [{ bearer: [route.scope] }, { queryKey: [route.scope] }] : [],
      parameters: route.parameters,
      responses,
    };
    if (route.requestBody) {
      operation.requestBody = {
        required: true,
        content: { [route.requestBody.contentType]: { schema: route.requestBody.schema } },
      };
    }
    (paths[openApiPath(route.path)] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Broadsheet API',
      version: '1.0.0',
      description: 'Content API (public articles, sections, tags, bylines) and Admin API. See docs/api.md.',
    },
    servers: [{ url: baseUrl }],
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API key: Authorization: Bearer bsk_...' },
        queryKey: {
          type: 'apiKey',
          in: 'query',
          name: 'key',
          description: 'The same key as ?key= (for clients that cannot set headers).',
        },
      },
    },
    paths,
  };
}
