import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { BroadsheetError } from '../domain/errors.ts';
import { admittingServerFactory, createAdmission, type Admission } from './admission.ts';
import type { AppDeps } from './deps.ts';
import { operations } from './ops-routes.ts';
import { registerSiteRoutes } from './site/routes.ts';
import { renderErrorPage } from './site/error-page.ts';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/**
 * Builds the whole application without listening: `main` listens, tests call `app.inject()`.
 * Everything it needs arrives in `deps` from the composition root (src/compose.ts).
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const budgetMs = deps.config.admissionBudgetMs ?? 4;
  const admission = budgetMs > 0 ? createAdmission({ budgetMs }) : null;
  const app = Fastify({
    ...(admission ? { serverFactory: admittingServerFactory(admission) } : {}),
    logger: deps.logger ?? false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    },
    trustProxy: deps.config.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 300, ignoreTrailingSlash: true },
  });

  app.decorate('admission', admission);

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    if (
      !reply.hasHeader('content-security-policy') &&
      String(reply.getHeader('content-type') ?? '').startsWith('text/html')
    ) {
      reply.header(
        'content-security-policy',
        "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; font-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'",
      );
    }
  });

  await app.register(formbody);

  await app.register(fastifyStatic, {
    root: join(here, 'static'),
    prefix: '/assets/',
    maxAge: '7d',
    immutable: false,
    decorateReply: false,
  });
  await app.register(fastifyStatic, {
    root: join(dirname(require.resolve('@fontsource/vazirmatn/package.json')), 'files'),
    prefix: '/assets/fonts/vazirmatn/',
    maxAge: '365d',
    immutable: true,
    decorateReply: false,
  });
  await app.register(fastifyStatic, {
    root: join(dirname(require.resolve('@fontsource/inter/package.json')), 'files'),
    prefix: '/assets/fonts/inter/',
    maxAge: '365d',
    immutable: true,
    decorateReply: false,
  });
  await app.register(fastifyStatic, {
    root: join(deps.config.dataDir, 'media'),
    prefix: '/media/',
    maxAge: '365d',
    immutable: true,
    decorateReply: false,
  });

  await app.register(operations, { deps });
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.setErrorHandler(async (error, req, reply) => {
    const known = error instanceof BroadsheetError;
    const fastifyStatus = (error as { statusCode?: number }).statusCode;
    const status = known
      ? error.status
      : fastifyStatus && fastifyStatus >= 400 && fastifyStatus < 500
        ? fastifyStatus
        : 500;
    if (status >= 500) req.log.error({ err: error }, 'request failed');
    const code = known ? error.code : status === 500 ? 'INTERNAL' : 'BAD_REQUEST';
    const message =
      status >= 500
        ? 'Something went wrong on our side.'
        : error instanceof Error
          ? error.message
          : 'Bad request';
    const fields = known ? error.fields : undefined;
    reply.status(status);
    if (wantsJson(req.url, req.headers.accept))
      return reply.send({
        error: { code, message, ...(fields && Object.keys(fields).length > 0 ? { fields } : {}) },
      });
    return reply.type('text/html; charset=utf-8').send(await renderErrorPage(deps, req.url, status, message));
  });

  app.setNotFoundHandler(async (req, reply) => {
    const redirect = await deps.repos.redirects.find(req.url.split('?')[0]!);
    if (redirect) return reply.redirect(redirect.to, redirect.status as 301);
    reply.status(404);
    if (wantsJson(req.url, req.headers.accept))
      return reply.send({ error: { code: 'NOT_FOUND', message: 'Not found' } });
    return reply
      .type('text/html; charset=utf-8')
      .send(await renderErrorPage(deps, req.url, 404, 'Page not found'));
  });

  await registerSiteRoutes(app, deps);
  for (const register of deps.routes) await register(app, deps);
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Requests queued when the event loop is saturated (null: admission off). */
    admission: Admission | null;
  }
}

function wantsJson(url: string, accept: string | undefined): boolean {
  return (
    url.startsWith('/api/') ||
    (accept?.includes('application/json') === true && !accept.includes('text/html'))
  );
}
