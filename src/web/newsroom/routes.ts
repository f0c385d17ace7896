import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import type { AppDeps, RouteRegistrar } from '../deps.ts';
import { registerAccount } from './account.ts';
import { registerAudit } from './audit.ts';
import { loadUser } from './auth.ts';
import type { NewsroomOptions } from './context.ts';
import { anonymousTokenValid, isUnsafe, sameOrigin, submittedToken, tokenMatches } from './csrf.ts';
import { registerDashboard } from './dashboard.ts';
import { sendErrorPage } from './layout.ts';
import { PENDING_COOKIE, readCookie } from './session.ts';
import { registerSettings } from './settings.ts';
import { registerSignIn } from './sign-in.ts';
import { registerStyles } from './styles.ts';
import { registerTokenPages } from './token-pages.ts';
import { registerUsers } from './users.ts';
import { resolveSession } from '../../accounts/session-store.ts';

/**
 * Safety net for every state-changing /admin request, whoever registered the route: it must carry
 * the token of the signed-in session, of the pending second sign-in step, or (forms shown before
 * sign-in) the double-submit cookie. Routes behind requireUser are held to the session token.
 */
function csrfGuard(app: FastifyInstance, deps: AppDeps): void {
  app.addHook('preHandler', async (req, reply) => {
    if (!isUnsafe(req.method) || !req.url.startsWith('/admin')) return;
    if (sameOrigin(req, deps.config.baseUrl)) {
      const given = submittedToken(req);
      const ctx = await loadUser(deps, req);
      if (ctx && tokenMatches(ctx.csrfToken, given)) return;
      if (anonymousTokenValid(req)) return;
      const pending = await resolveSession(deps, readCookie(req, PENDING_COOKIE), { pending: true });
      if (pending && tokenMatches(pending.session.csrf_token, given)) return;
    }
    return sendErrorPage(
      deps,
      req,
      reply,
      403,
      'This form has expired',
      'The form was sent without a valid security token, so nothing was changed. Go back, reload the page and try again.',
      { href: '/admin', label: 'Back to the newsroom' },
    );
  });
}

/**
 * The newsroom shell: sign-in, account, users, settings, audit log, dashboard, stylesheet.
 * Pushed onto `routes` in src/compose.ts.
 */
export function newsroomRoutes(options: NewsroomOptions): RouteRegistrar {
  return async (app, deps) => {
    // The cookie helpers in ./session.ts need the plugin loaded (it loads its parser on registration).
    if (!app.hasDecorator('parseCookie')) await app.register(fastifyCookie);
    csrfGuard(app, deps);
    registerStyles(app);
    await registerSignIn(app, deps, options);
    await registerTokenPages(app, deps);
    await registerDashboard(app, deps);
    await registerAccount(app, deps, options);
    await registerUsers(app, deps);
    await registerSettings(app, deps);
    await registerAudit(app, deps);
  };
}
