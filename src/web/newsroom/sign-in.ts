import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { signIn } from '../../accounts/sign-in.ts';
import { signOut } from '../../accounts/sign-out.ts';
import { resolveSession } from '../../accounts/session-store.ts';
import { verifySecondFactor } from '../../accounts/verify-totp.ts';
import type { AppDeps } from '../deps.ts';
import { html } from '../views/html.ts';
import { forgetUser, loadUser, newsroomContext, requireUser } from './auth.ts';
import { accountsDeps, safeNext, type NewsroomOptions } from './context.ts';
import {
  anonymousToken,
  anonymousTokenValid,
  hiddenCsrf,
  sameOrigin,
  submittedToken,
  tokenMatches,
} from './csrf.ts';
import { errorSummary, field, formValue } from './forms.ts';
import { newsroomPage, noticeFrom, sendPage } from './layout.ts';
import {
  PENDING_COOKIE,
  SESSION_COOKIE,
  clearCookie,
  readCookie,
  setPendingCookie,
  setSessionCookie,
} from './session.ts';

const NOTICES = {
  'signed-out': 'You have signed out.',
  expired: 'That sign-in took too long. Start again.',
  reset: 'Your password has been changed. Sign in with the new one.',
};

const INVALID = 'The email address or password is not right.';

function retryText(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return seconds < 90
    ? `Too many attempts. Wait ${seconds} seconds, then try again.`
    : `Too many attempts. Wait ${minutes} minutes, then try again.`;
}

interface SignInView {
  email: string;
  next: string;
  error?: string;
  notice?: string | null;
}

async function renderSignIn(
  deps: AppDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  v: SignInView,
  status: number,
) {
  const token = anonymousToken(req, reply, deps.config.baseUrl);
  const body = html`<div class="panel narrow">
      ${v.error ? errorSummary({}, v.error) : ''}
      <form method="post" action="/admin/sign-in" novalidate>
        ${hiddenCsrf(token)}
        <input type="hidden" name="next" value="${v.next}" />
        ${field({ name: 'email', label: 'Email address', type: 'email', value: v.email, autocomplete: 'username', required: true })}
        ${field({ name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', required: true })}
        <button type="submit">Sign in</button>
      </form>
    </div>
    <p>Forgotten your password? Ask an administrator for a reset link.</p>`;
  return sendPage(
    reply,
    await newsroomPage(deps, req, { title: 'Sign in', body, notice: v.notice ?? null }),
    status,
  );
}

async function renderCode(
  deps: AppDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  csrf: string,
  next: string,
  error: string | undefined,
  status: number,
) {
  const body = html`<div class="panel narrow">
      ${error ? errorSummary({ code: error }) : ''}
      <p>
        Open your authenticator app and enter the 6-digit code it shows for this newsroom. Lost your phone?
        Enter one of your recovery codes instead.
      </p>
      <form method="post" action="/admin/sign-in/code" novalidate>
        ${hiddenCsrf(csrf)}
        <input type="hidden" name="next" value="${next}" />
        ${field({ name: 'code', label: 'Code', autocomplete: 'one-time-code', required: true, maxlength: 40, error })}
        <button type="submit">Continue</button>
      </form>
    </div>
    <p><a href="/admin/sign-in">Start again</a></p>`;
  return sendPage(reply, await newsroomPage(deps, req, { title: 'Two-factor sign-in', body }), status);
}

/** Sign-in (password, then TOTP or recovery code when enabled) and sign-out. */
export async function registerSignIn(
  app: FastifyInstance,
  deps: AppDeps,
  options: NewsroomOptions,
): Promise<void> {
  const accounts = accountsDeps(deps, options);

  app.get('/admin/sign-in', async (req, reply) => {
    const next = safeNext((req.query as Record<string, unknown>).next);
    if (await loadUser(deps, req)) return reply.redirect(next, 303);
    return renderSignIn(deps, req, reply, { email: '', next, notice: noticeFrom(req, NOTICES) }, 200);
  });

  app.post('/admin/sign-in', async (req, reply) => {
    const email = formValue(req.body, 'email');
    const next = safeNext(formValue(req.body, 'next'));
    if (!sameOrigin(req, deps.config.baseUrl) || !anonymousTokenValid(req)) {
      return renderSignIn(
        deps,
        req,
        reply,
        { email, next, error: 'The form had expired. Please try again.' },
        403,
      );
    }
    const result = await signIn(accounts, {
      email,
      password: formValue(req.body, 'password'),
      address: req.ip,
      previousToken: readCookie(req, SESSION_COOKIE),
    });
    if (result.kind === 'refused') {
      if (result.reason === 'throttled') reply.header('retry-after', String(result.retryAfterSeconds));
      const error = result.reason === 'throttled' ? retryText(result.retryAfterSeconds) : INVALID;
      return renderSignIn(
        deps,
        req,
        reply,
        { email, next, error },
        result.reason === 'throttled' ? 429 : 401,
      );
    }
    if (result.kind === 'second-factor') {
      setPendingCookie(reply, deps.config.baseUrl, result.pendingToken);
      return reply.redirect(`/admin/sign-in/code?next=${encodeURIComponent(next)}`, 303);
    }
    setSessionCookie(reply, deps.config.baseUrl, result.token);
    return reply.redirect(next, 303);
  });

  app.get('/admin/sign-in/code', async (req, reply) => {
    const pending = await resolveSession(deps, readCookie(req, PENDING_COOKIE), { pending: true });
    if (!pending) return reply.redirect('/admin/sign-in?done=expired', 303);
    return renderCode(
      deps,
      req,
      reply,
      pending.session.csrf_token,
      safeNext((req.query as Record<string, unknown>).next),
      undefined,
      200,
    );
  });

  app.post('/admin/sign-in/code', async (req, reply) => {
    const pendingToken = readCookie(req, PENDING_COOKIE);
    const pending = await resolveSession(deps, pendingToken, { pending: true });
    const next = safeNext(formValue(req.body, 'next'));
    if (!pending) return reply.redirect('/admin/sign-in?done=expired', 303);
    if (
      !sameOrigin(req, deps.config.baseUrl) ||
      !tokenMatches(pending.session.csrf_token, submittedToken(req))
    ) {
      return renderCode(
        deps,
        req,
        reply,
        pending.session.csrf_token,
        next,
        'The form had expired. Please try again.',
        403,
      );
    }
    const result = await verifySecondFactor(accounts, {
      pendingToken,
      code: formValue(req.body, 'code'),
      address: req.ip,
    });
    if (result.kind === 'refused') {
      if (result.reason === 'expired') return reply.redirect('/admin/sign-in?done=expired', 303);
      if (result.reason === 'throttled') reply.header('retry-after', String(result.retryAfterSeconds));
      const error =
        result.reason === 'throttled'
          ? retryText(result.retryAfterSeconds)
          : 'That code is not right. Check your app and try again.';
      return renderCode(
        deps,
        req,
        reply,
        pending.session.csrf_token,
        next,
        error,
        result.reason === 'throttled' ? 429 : 401,
      );
    }
    clearCookie(reply, deps.config.baseUrl, PENDING_COOKIE);
    setSessionCookie(reply, deps.config.baseUrl, result.token);
    // Someone signing in with a recovery code should know how many are left.
    return reply.redirect(result.usedRecoveryCode ? `/admin/account?done=recovery-used` : next, 303);
  });

  app.post('/admin/sign-out', { preHandler: requireUser(deps) }, async (req, reply) => {
    const ctx = newsroomContext(req)!;
    await signOut(deps, { token: ctx.sessionToken, actor: { id: ctx.user.id, email: ctx.user.email } });
    forgetUser(req);
    clearCookie(reply, deps.config.baseUrl, SESSION_COOKIE);
    return reply.redirect('/admin/sign-in?done=signed-out', 303);
  });
}
