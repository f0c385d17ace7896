import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { changePassword } from '../../accounts/change-password.ts';
import { renameUser } from '../../accounts/change-role.ts';
import { disableTotp } from '../../accounts/disable-totp.ts';
import { beginTotpEnrolment, confirmTotpEnrolment } from '../../accounts/enrol-totp.ts';
import { regenerateRecoveryCodes } from '../../accounts/recovery-codes.ts';
import { signOutEverywhere } from '../../accounts/sign-out.ts';
import { BroadsheetError } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { actorOf, csrfField, currentUser, newsroomContext, requireUser } from './auth.ts';
import { accountsDeps, type NewsroomOptions } from './context.ts';
import { errorSummary, field, formValue, type FieldErrors } from './forms.ts';
import { newsroomPage, noticeFrom, sendPage, siteName } from './layout.ts';

const NOTICES = {
  name: 'Your name has been saved.',
  password: 'Your password has been changed. Other browsers have been signed out.',
  'totp-off': 'Two-factor sign-in is off.',
  'signed-out-elsewhere': 'Every other browser has been signed out.',
  'recovery-used': 'You signed in with a recovery code. That code cannot be used again.',
};

interface AccountView {
  form?: 'name' | 'password' | 'totp-off';
  errors?: FieldErrors;
  name?: string;
}

function recoveryCodesPanel(codes: readonly string[]): SafeHtml {
  return html`<div class="panel medium">
    <h2>Your recovery codes</h2>
    <p class="warning">
      Save these codes somewhere safe now, such as a password manager or a printout. They are shown only once.
      Each one signs you in once if you lose your authenticator app.
    </p>
    <ol class="codes">
      ${codes.map((c) => html`<li>${c}</li>`)}
    </ol>
    <p><a class="button" href="/admin/account">Done</a></p>
  </div>`;
}

/** The signed-in user's own account: name, password, two-factor, recovery codes, sessions. */
export async function registerAccount(
  app: FastifyInstance,
  deps: AppDeps,
  options: NewsroomOptions,
): Promise<void> {
  const accounts = accountsDeps(deps, options);
  const signedIn = { preHandler: requireUser(deps) };

  async function renderAccount(req: FastifyRequest, reply: FastifyReply, v: AccountView, status: number) {
    const user = currentUser(req);
    const repos = deps.repos;
    const [sessions, codesLeft] = await Promise.all([
      repos.sessions.countForUser(user.id, deps.clock().toISOString()),
      repos.accountTokens.unusedRecoveryCodes(user.id),
    ]);
    const errors = v.errors ?? {};
    const on = (form: AccountView['form']) => (v.form === form ? errors : {});
    const body = html`${v.form && Object.keys(errors).length ? errorSummary(errors) : ''}
      <dl class="facts panel medium">
        <dt>Email</dt>
        <dd>${user.email}</dd>
        <dt>Role</dt>
        <dd>${user.role}</dd>
        <dt>Two-factor sign-in</dt>
        <dd>
          ${user.totpEnabled ? html`<span class="badge on">On</span>` : html`<span class="badge off">Off</span>`}
        </dd>
      </dl>

      <section class="panel medium" aria-labelledby="name-h">
        <h2 id="name-h">Your name</h2>
        <form method="post" action="/admin/account/name" novalidate>
          ${csrfField(req)}
          ${field({ name: 'name', label: 'Name', value: v.form === 'name' ? (v.name ?? '') : user.name, autocomplete: 'name', maxlength: 200, error: on('name').name })}
          <button type="submit">Save name</button>
        </form>
      </section>

      <section class="panel medium" aria-labelledby="password-h">
        <h2 id="password-h">Change password</h2>
        <form method="post" action="/admin/account/password" novalidate>
          ${csrfField(req)}
          <input type="email" name="username" value="${user.email}" autocomplete="username" hidden />
          ${field({ name: 'current', label: 'Current password', type: 'password', autocomplete: 'current-password', required: true, error: on('password').current })}
          ${field({ name: 'next', label: 'New password', type: 'password', autocomplete: 'new-password', required: true, hint: 'At least 10 characters. A few unrelated words make a strong password.', error: on('password').next })}
          <button type="submit">Change password</button>
        </form>
      </section>

      <section class="panel medium" aria-labelledby="totp-h">
        <h2 id="totp-h">Two-factor sign-in</h2>
        ${
          user.totpEnabled
            ? html`<p>
                  Signing in needs a code from your authenticator app as well as your password. You have
                  ${codesLeft} unused recovery ${codesLeft === 1 ? 'code' : 'codes'}.
                </p>
                <form method="post" action="/admin/account/recovery-codes">
                  ${csrfField(req)}
                  <p><button type="submit" class="secondary">Make new recovery codes</button></p>
                </form>
                <h3>Turn off two-factor sign-in</h3>
                <form method="post" action="/admin/account/two-factor/off" novalidate>
                  ${csrfField(req)}
                  ${field({ name: 'password', label: 'Your password', type: 'password', autocomplete: 'current-password', required: true, error: on('totp-off').password })}
                  <button type="submit" class="danger">Turn off</button>
                </form>`
            : html`<p>
                  Protect your account with a code from an authenticator app (such as Aegis, Google
                  Authenticator or 1Password) as well as your password.
                </p>
                <p><a class="button" href="/admin/account/two-factor">Set up two-factor sign-in</a></p>`
        }
      </section>

      <section class="panel medium" aria-labelledby="sessions-h">
        <h2 id="sessions-h">Where you are signed in</h2>
        <p>You are signed in in ${sessions} ${sessions === 1 ? 'browser' : 'browsers'}, this one included.</p>
        <form method="post" action="/admin/account/sign-out-everywhere">
          ${csrfField(req)}
          <button type="submit" class="secondary">Sign out everywhere else</button>
        </form>
      </section>`;
    return sendPage(
      reply,
      await newsroomPage(deps, req, { title: 'Your account', body, notice: noticeFrom(req, NOTICES) }),
      status,
    );
  }

  async function renderEnrol(
    req: FastifyRequest,
    reply: FastifyReply,
    error: string | undefined,
    status: number,
  ) {
    const user = currentUser(req);
    const enrolment = await beginTotpEnrolment(accounts, { userId: user.id, issuer: await siteName(deps) });
    const body = html`${error ? errorSummary({ code: error }) : ''}
      <div class="panel medium">
        <ol>
          <li>
            <p>Scan this QR code with your authenticator app.</p>
            <p>
              <img
                class="qr"
                src="${enrolment.qr}"
                alt="QR code for setting up two-factor sign-in; the key below holds the same information"
                width="192"
                height="192"
              />
            </p>
            <p>Cannot scan it? Enter this key in the app instead:</p>
            <p class="secret" id="totp-secret">${enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}</p>
          </li>
          <li>
            <p>Enter the 6-digit code the app now shows.</p>
            <form method="post" action="/admin/account/two-factor" novalidate>
              ${csrfField(req)}
              ${field({ name: 'code', label: 'Code from the app', autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: 7, required: true, error })}
              <button type="submit">Turn on two-factor sign-in</button>
            </form>
          </li>
        </ol>
      </div>
      <p><a href="/admin/account">Cancel</a></p>`;
    return sendPage(
      reply,
      await newsroomPage(deps, req, { title: 'Set up two-factor sign-in', body }),
      status,
    );
  }

  async function renderCodes(
    req: FastifyRequest,
    reply: FastifyReply,
    title: string,
    codes: string[],
    notice: string | null,
  ) {
    // Shown in the POST response itself: the codes exist nowhere else to show after a redirect.
    return sendPage(reply, await newsroomPage(deps, req, { title, body: recoveryCodesPanel(codes), notice }));
  }

  /** Runs a form command; a validation error re-renders the account page with the form's errors. */
  async function attempt(
    req: FastifyRequest,
    reply: FastifyReply,
    form: AccountView['form'],
    run: () => Promise<unknown>,
    done: string,
    extra: Partial<AccountView> = {},
  ) {
    try {
      await run();
    } catch (error) {
      if (error instanceof BroadsheetError && error.status < 500) {
        const errors = Object.keys(error.fields).length
          ? error.fields
          : { [form === 'password' ? 'current' : form === 'name' ? 'name' : 'password']: error.message };
        return renderAccount(req, reply, { form, errors, ...extra }, error.status === 409 ? 409 : 422);
      }
      throw error;
    }
    return reply.redirect(`/admin/account?done=${done}`, 303);
  }

  app.get('/admin/account', signedIn, async (req, reply) => renderAccount(req, reply, {}, 200));

  app.post('/admin/account/name', signedIn, async (req, reply) => {
    const name = formValue(req.body, 'name');
    return attempt(
      req,
      reply,
      'name',
      () => renameUser(deps, { userId: currentUser(req).id, name, actor: actorOf(req) }),
      'name',
      { name },
    );
  });

  app.post('/admin/account/password', signedIn, async (req, reply) =>
    attempt(
      req,
      reply,
      'password',
      () =>
        changePassword(deps, {
          userId: currentUser(req).id,
          current: formValue(req.body, 'current'),
          next: formValue(req.body, 'next'),
          actor: actorOf(req),
          keepToken: newsroomContext(req)!.sessionToken,
        }),
      'password',
    ),
  );

  app.get('/admin/account/two-factor', signedIn, async (req, reply) => {
    if (currentUser(req).totpEnabled) return reply.redirect('/admin/account', 303);
    return renderEnrol(req, reply, undefined, 200);
  });

  app.post('/admin/account/two-factor', signedIn, async (req, reply) => {
    if (currentUser(req).totpEnabled) return reply.redirect('/admin/account', 303);
    try {
      const codes = await confirmTotpEnrolment(accounts, {
        userId: currentUser(req).id,
        code: formValue(req.body, 'code'),
        actor: actorOf(req),
      });
      return renderCodes(req, reply, 'Two-factor sign-in is on', codes, 'Two-factor sign-in is on.');
    } catch (error) {
      if (error instanceof BroadsheetError && error.code === 'VALIDATION')
        return renderEnrol(req, reply, error.fields.code ?? error.message, 422);
      throw error;
    }
  });

  app.post('/admin/account/two-factor/off', signedIn, async (req, reply) =>
    attempt(
      req,
      reply,
      'totp-off',
      () =>
        disableTotp(deps, {
          userId: currentUser(req).id,
          actor: actorOf(req),
          password: formValue(req.body, 'password'),
        }),
      'totp-off',
    ),
  );

  app.post('/admin/account/recovery-codes', signedIn, async (req, reply) => {
    const codes = await regenerateRecoveryCodes(deps, { userId: currentUser(req).id, actor: actorOf(req) });
    return renderCodes(req, reply, 'New recovery codes', codes, 'Your old recovery codes no longer work.');
  });

  app.post('/admin/account/sign-out-everywhere', signedIn, async (req, reply) => {
    const ctx = newsroomContext(req)!;
    await signOutEverywhere(deps, { userId: ctx.user.id, actor: actorOf(req), keepToken: ctx.sessionToken });
    return reply.redirect('/admin/account?done=signed-out-elsewhere', 303);
  });
}
