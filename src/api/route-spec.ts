import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JsonSchema } from './schemas.ts';
import type { Scope } from './scopes.ts';

/** One OpenAPI parameter object. */
export interface ApiParameter {
  name: string;
  in: 'query' | 'path';
  required?: boolean;
  description: string;
  schema: JsonSchema;
}

/**
 * A documented API route: registered with fastify (the response schemas serialise the output)
 * and described in /api/v1/openapi.json from the same object, so the two cannot drift.
 */
export interface ApiRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Fastify path (`/api/v1/articles/:id`). */
  path: string;
  summary: string;
  tag: string;
  scope: Scope;
  parameters: ApiParameter[];
  requestBody?: { contentType: string; schema: JsonSchema };
  /** Success status and its body schema (component name in the OpenAPI document). */
  success: { status: number; component: string; schema: JsonSchema };
  handler(req: FastifyRequest, reply: FastifyReply): Promise<unknown>;
}

export const queryParam = (
  name: string,
  description: string,
  schema: JsonSchema = { type: 'string' },
): ApiParameter => ({
  name,
  in: 'query',
  description,
  schema,
});

/** A route described in the OpenAPI document; `scope` absent means public (no key). */
export type DocumentedRoute = Omit<ApiRoute, 'handler' | 'scope'> & { scope?: Scope };
