import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.ts';

/** Newsroom editorial pages: articles, editor, revisions, curation, media, taxonomy. */
export async function registerEditorialRoutes(_app: FastifyInstance, _deps: AppDeps): Promise<void> {}
