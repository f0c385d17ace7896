import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.ts';
import { registerArticlesRoutes } from './articles-routes.ts';
import { registerCurationRoutes } from './curation-routes.ts';
import { registerEditorRoutes } from './editor-routes.ts';
import { registerMediaRoutes } from './media-routes.ts';
import { registerRevisionsRoutes } from './revisions-routes.ts';
import { registerTaxonomyRoutes } from './taxonomy-routes.ts';

/** Newsroom editorial pages: articles, editor, revisions, curation, media, taxonomy. */
export async function registerEditorialRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await registerArticlesRoutes(app, deps);
  await registerEditorRoutes(app, deps);
  await registerRevisionsRoutes(app, deps);
  await registerCurationRoutes(app, deps);
  await registerMediaRoutes(app, deps);
  await registerTaxonomyRoutes(app, deps);
}
