import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { acceptInvitation, findInvitation } from '../../accounts/accept-invitation.ts';
import { findPasswordReset, resetPassword } from '../../accounts/reset-password.ts';
import { BroadsheetError } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import { html } from '../views/html.ts';
import { anonymousToken, anonymousTokenValid, hiddenCsrf, sameOrigin } from './csrf.ts';
import { errorSummary, field, formValue, type FieldErrors } from './forms.ts';
import { newsroomPage, sendErrorPage, sendPage } from './layout.ts';
import { SESSION_COOKIE, setSessionCookie, clearCookie } from './session.ts';

function tokenParam(req: FastifyRequest): string {
  const token = (req.params as Record<string, unknown>).token;
  return typeof token === 'string' ? token : '';
}

const EXPIRED_FORM = 'The form had expired. Please try again.';

/**
 * Pages opened from links: password reset (issued by an admin or the CLI) and invitation
 * acceptance. Tokens are single-use; a spent or expired one shows a clear 404 page.
 */
export async function registerTokenPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  // Referrer-Policy no-referrer: the token in the URL must not leak to anything the page links to.
  const noReferrer = (reply: FastifyReply) => reply.header('referrer-policy', 'no-referrer');

  async function renderReset(
    req: FastifyRequest,
    reply: FastifyReply,
    email: string,
    errors: FieldErrors,
    general: string | undefined,
    status: number,
  ) {
    const token = anonymousToken(req, reply, deps.config.baseUrl);
    const body = html`<div class="panel narrow">
      ${errorSummary(errors, general)}
      <p>
        Choose a new password for <strong>${email}</strong>. Every browser signed in to this account will be
        signed out.
      </p>
      <form method="post" action="/admin/reset-password/${tokenParam(req)}" novalidate>
        ${hiddenCsrf(token)}
        <input type="email" name="username" value="${email}" autocomplete="username" hidden />
        ${field({ name: 'password', label: 'New password', type: 'password', autocomplete: 'new-password', required: true, hint: 'At least 10 characters.', error: errors.password })}
        <button type="submit">Set new password</button>
      </form>
    </div>`;
    noReferrer(reply);
    return sendPage(reply, await newsroomPage(deps, req, { title: 'Choose a new password', body }), status);
  }

  const resetGone = (req: FastifyRequest, reply: FastifyReply) =>
    sendErrorPage(
      deps,
      req,
      noReferrer(reply),
      404,
      'Link expired',
      'This password reset link has expired or has already been used. Ask an administrator for a new one.',
      {
        href: '/admin/sign-in',
        label: 'Go to sign-in',
      },
    );

  app.get('/admin/reset-password/:token', async (req, reply) => {
    const user = await findPasswordReset(deps, tokenParam(req));
    if (!user) return resetGone(req, reply);
    return renderReset(req, reply, user.email, {}, undefined, 200);
  });

  app.post('/admin/reset-password/:token', async (req, reply) => {
    const user = await findPasswordReset(deps, tokenParam(req));
    if (!user) return resetGone(req, reply);
    if (!sameOrigin(req, deps.config.baseUrl) || !anonymousTokenValid(req))
      return renderReset(req, reply, user.email, {}, EXPIRED_FORM, 403);
    try {
      await resetPassword(deps, { token: tokenParam(req), password: formValue(req.body, 'password') });
    } catch (error) {
      if (error instanceof BroadsheetError && error.code === 'VALIDATION')
        return renderReset(req, reply, user.email, error.fields, undefined, 422);
      if (error instanceof BroadsheetError && error.code === 'NOT_FOUND') return resetGone(req, reply);
      throw error;
    }
    clearCookie(reply, deps.config.baseUrl, SESSION_COOKIE);
    return reply.redirect('/admin/sign-in?done=reset', 303);
  });

  async function renderInvitation(
    req: FastifyRequest,
    reply: FastifyReply,
    invitation: { email: string; role: string },
    name: string,
    errors: FieldErrors,
    general: string | undefined,
    status: number,
  ) {
    const token = anonymousToken(req, reply, deps.config.baseUrl);
    const body = html`<div class="panel narrow">
      ${errorSummary(errors, general)}
      <p>
        You have been invited to join the newsroom as <strong>${invitation.role}</strong> with the email
        address <strong>${invitation.email}</strong>.
      </p>
      <form method="post" action="/admin/invitation/${tokenParam(req)}" novalidate>
        ${hiddenCsrf(token)}
        <input type="email" name="username" value="${invitation.email}" autocomplete="username" hidden />
        ${field({ name: 'name', label: 'Your name', value: name, autocomplete: 'name', maxlength: 200, error: errors.name })}
        ${field({ name: 'password', label: 'Choose a password', type: 'password', autocomplete: 'new-password', required: true, hint: 'At least 10 characters.', error: errors.password })}
        <button type="submit">Create my account</button>
      </form>
    </div>`;
    noReferrer(reply);
    return sendPage(reply, await newsroomPage(deps, req, { title: 'Join the newsroom', body }), status);
  }

  const invitationGone = (req: FastifyRequest, reply: FastifyReply) =>
    sendErrorPage(
      deps,
      req,
      noReferrer(reply),
      404,
      'Invitation expired',
      'This invitation has expired, was withdrawn or has already been used. Ask an administrator for a new one.',
      {
        href: '/admin/sign-in',
        label: 'Go to sign-in',
      },
    );

  app.get('/admin/invitation/:token', async (req, reply) => {
    const invitation = await findInvitation(deps, tokenParam(req));
    if (!invitation) return invitationGone(req, reply);
    return renderInvitation(req, reply, invitation, invitation.name, {}, undefined, 200);
  });

  app.post('/admin/invitation/:token', async (req, reply) => {
    const invitation = await findInvitation(deps, tokenParam(req));
    if (!invitation) return invitationGone(req, reply);
    const name = formValue(req.body, 'name');
    if (!sameOrigin(req, deps.config.baseUrl) || !anonymousTokenValid(req))
      return renderInvitation(req, reply, invitation, name, {}, EXPIRED_FORM, 403);
    try {
      const { sessionToken } = await acceptInvitation(deps, {
        token: tokenParam(req),
        name,
        password: formValue(req.body, 'password'),
      });
      setSessionCookie(reply, deps.config.baseUrl, sessionToken);
    } catch (error) {
      if (error instanceof BroadsheetError && error.code === 'VALIDATION')
        return renderInvitation(req, reply, invitation, name, error.fields, undefined, 422);
      if (error instanceof BroadsheetError && (error.code === 'NOT_FOUND' || error.code === 'CONFLICT'))
        return invitationGone(req, reply);
      throw error;
    }
    return reply.redirect('/admin?done=welcome', 303);
  });
}
