/**
 * Newsroom authentication and authorisation: the API every /admin route uses.
 *
 * - `requireUser(deps)`: preHandler. Loads the session from the cookie; when there is none, GET/HEAD
 *   are redirected (303) to the sign-in page (coming back afterwards) and other methods get 401.
 *   On POST/PUT/PATCH/DELETE it also checks the CSRF token (403 page when missing or wrong).
 * - `requirePermission(deps, action)`: the same, then refuses with a 403 page unless
 *   `can(user, action)` (src/domain/permissions.ts). Ownership checks on a loaded resource are the
 *   handler's: `assertCan(req, 'article.editOwn', { ownerIds, status })` throws a 403 BroadsheetError.
 * - In handlers: `currentUser(req)` (id, email, name, role), `csrfField(req)` (the hidden input every
 *   form must contain), `csrfToken(req)` (for `x-csrf-token` headers, or `?_csrf=` in the action URL
 *   of multipart forms, whose body is not parsed before the check), `actorOf(req)` for the audit log.
 * - Pages: `newsroomPage(deps, req, { title, body })` and `sendPage(reply, page)` in ./layout.ts;
 *   form fields with inline errors in ./forms.ts; navigation entries in ./nav.ts.
 *
 * @example
 * app.get('/admin/articles', { preHandler: requirePermission(deps, 'article.create') }, async (req, reply) => {
 *   const user = currentUser(req);
 *   const body = html`<form method="post" action="/admin/articles">${csrfField(req)} ... </form>`;
 *   return sendPage(reply, await newsroomPage(deps, req, { title: 'Articles', body }));
 * });
 * app.post('/admin/articles/:id', { preHandler: requireUser(deps) }, async (req, reply) => {
 *   assertCan(req, 'article.editOwn', { ownerIds: [article.created_by], status: article.status });
 *   ...
 *   return reply.redirect(`/admin/articles/${id}?done=saved`, 303);
 * });
 */
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { ActorRef } from '../../accounts/deps.ts';
import { resolveSession } from '../../accounts/session-store.ts';
import type { Session } from '../../db/schema.ts';
import { BroadsheetError } from '../../domain/errors.ts';
import { can, isRole, type Action, type OwnedResource, type Role } from '../../domain/permissions.ts';
import type { AppDeps } from '../deps.ts';
import { hiddenCsrf, isUnsafe, sameOrigin, submittedToken, tokenMatches } from './csrf.ts';
import { SESSION_COOKIE, readCookie } from './session.ts';

export interface NewsroomUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  totpEnabled: boolean;
}

export interface NewsroomContext {
  user: NewsroomUser;
  session: Session;
  /** The session's synchroniser token, embedded in forms. */
  csrfToken: string;
  /** The raw cookie token (to sign this session out). */
  sessionToken: string;
}

// Per-request state without decorating the request (no dependency on plugin registration order).
const contexts = new WeakMap<FastifyRequest, NewsroomContext | null>();

/**
 * Loads the signed-in user, if any, once per request. Pages that work both ways (sign-in) call it
 * directly; everything else uses `requireUser`.
 */
export async function loadUser(deps: AppDeps, req: FastifyRequest): Promise<NewsroomContext | null> {
  if (contexts.has(req)) return contexts.get(req) ?? null;
  const token = readCookie(req, SESSION_COOKIE);
  const active = await resolveSession(deps, token);
  let ctx: NewsroomContext | null = null;
  if (active && token && isRole(active.user.role)) {
    const u = active.user;
    ctx = {
      user: {
        id: u.id,
        email: u.email,
        name: u.name,
        role: u.role as Role,
        totpEnabled: u.totp_enabled === 1,
      },
      session: active.session,
      csrfToken: active.session.csrf_token,
      sessionToken: token,
    };
  }
  contexts.set(req, ctx);
  return ctx;
}

/** The request's newsroom context when it has been loaded (by requireUser or loadUser). */
export function newsroomContext(req: FastifyRequest): NewsroomContext | undefined {
  return contexts.get(req) ?? undefined;
}

/** The signed-in user; only call behind requireUser/requirePermission. */
export function currentUser(req: FastifyRequest): NewsroomUser {
  const ctx = contexts.get(req);
  if (!ctx) throw new BroadsheetError('UNAUTHORIZED', 'Sign in to continue.');
  return ctx.user;
}

export function actorOf(req: FastifyRequest): ActorRef {
  const user = currentUser(req);
  return { id: user.id, email: user.email };
}

export function csrfToken(req: FastifyRequest): string {
  const ctx = contexts.get(req);
  if (!ctx) throw new BroadsheetError('UNAUTHORIZED', 'Sign in to continue.');
  return ctx.csrfToken;
}

/** `<input type="hidden" name="_csrf" ...>` for the signed-in user's forms. */
export function csrfField(req: FastifyRequest) {
  return hiddenCsrf(csrfToken(req));
}

/** Throws a 403 BroadsheetError unless the signed-in user may do `action` (on `resource`). */
export function assertCan(req: FastifyRequest, action: Action, resource?: OwnedResource): void {
  if (!can(currentUser(req), action, resource)) {
    throw new BroadsheetError('FORBIDDEN', 'Your role does not allow this.');
  }
}

function wantsJson(req: FastifyRequest): boolean {
  const accept = req.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

async function refuse(
  deps: AppDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  status: 401 | 403,
  code: string,
  title: string,
  message: string,
) {
  if (wantsJson(req))
    return reply.status(status).header('cache-control', 'no-store').send({ error: { code, message } });
  // Imported lazily: layout imports this module.
  const { sendErrorPage } = await import('./layout.ts');
  const next =
    status === 401
      ? { href: '/admin/sign-in', label: 'Sign in' }
      : { href: '/admin', label: 'Back to the newsroom' };
  return sendErrorPage(deps, req, reply, status, title, message, next);
}

const checkedCsrf = new WeakSet<FastifyRequest>();

/**
 * Checks origin and synchroniser token of a state-changing request from a signed-in user.
 * Returns false after sending the 403 page.
 */
export async function verifyCsrf(deps: AppDeps, req: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  if (!isUnsafe(req.method) || checkedCsrf.has(req)) return true;
  const ctx = contexts.get(req);
  if (!sameOrigin(req, deps.config.baseUrl) || !tokenMatches(ctx?.csrfToken, submittedToken(req))) {
    await refuse(
      deps,
      req,
      reply,
      403,
      'CSRF',
      'This form has expired',
      'The form was sent without a valid security token, so nothing was changed. Go back, reload the page and try again.',
    );
    return false;
  }
  checkedCsrf.add(req);
  return true;
}

/** preHandler: a signed-in, enabled account (and a valid CSRF token on state-changing requests). */
export function requireUser(deps: AppDeps): preHandlerAsyncHookHandler {
  return async function requireUserHandler(req, reply) {
    const ctx = await loadUser(deps, req);
    if (!ctx) {
      if (req.method === 'GET' || req.method === 'HEAD') {
        const next = req.url.startsWith('/admin') ? `?next=${encodeURIComponent(req.url)}` : '';
        return reply.header('cache-control', 'no-store').redirect(`/admin/sign-in${next}`, 303);
      }
      return refuse(
        deps,
        req,
        reply,
        401,
        'UNAUTHORIZED',
        'Signed out',
        'Your session has ended. Sign in again; nothing was changed.',
      );
    }
    if (!(await verifyCsrf(deps, req, reply))) return reply;
  };
}

/** preHandler: `requireUser`, then a 403 page unless the user's role allows `action`. */
export function requirePermission(deps: AppDeps, action: Action): preHandlerAsyncHookHandler {
  const userCheck = requireUser(deps);
  return async function requirePermissionHandler(req, reply) {
    await userCheck.call(this, req, reply);
    if (reply.sent) return reply;
    const ctx = contexts.get(req);
    if (!ctx || !can(ctx.user, action)) {
      return refuse(
        deps,
        req,
        reply,
        403,
        'FORBIDDEN',
        'Not allowed',
        'Your role does not allow this. Ask an administrator if you need it.',
      );
    }
  };
}

/** Forgets the loaded user (after signing out within the same request). */
export function forgetUser(req: FastifyRequest): void {
  contexts.set(req, null);
}
