import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { changeRole, setUserDisabled } from '../../accounts/change-role.ts';
import { disableTotp } from '../../accounts/disable-totp.ts';
import { inviteUser, revokeInvitation } from '../../accounts/invite-user.ts';
import { issuePasswordReset } from '../../accounts/reset-password.ts';
import { BroadsheetError } from '../../domain/errors.ts';
import { ROLES } from '../../domain/permissions.ts';
import type { AppDeps } from '../deps.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { actorOf, csrfField, currentUser, requirePermission } from './auth.ts';
import { idParam } from './context.ts';
import { errorSummary, field, formValue, select, type FieldErrors } from './forms.ts';
import { newsroomPage, noticeFrom, sendPage } from './layout.ts';

const NOTICES = {
  role: 'The role has been changed.',
  disabled: 'The account has been disabled and signed out everywhere.',
  enabled: 'The account has been enabled.',
  'totp-off': 'Two-factor sign-in has been turned off for that account.',
  revoked: 'The invitation has been withdrawn.',
};

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: r[0]!.toUpperCase() + r.slice(1) }));

interface UsersView {
  invite?: { email: string; name: string; role: string; errors: FieldErrors };
  /** A link to hand over, shown once (reset or invitation). */
  link?: { title: string; url: string; expiresAt: string; forEmail: string };
  error?: string;
}

function when(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** Admin: the people in the newsroom, their roles and access, and invitations. */
export async function registerUsers(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const admin = { preHandler: requirePermission(deps, 'users.manage') };

  async function render(req: FastifyRequest, reply: FastifyReply, v: UsersView, status: number) {
    const me = currentUser(req);
    const [users, invitations] = await Promise.all([
      deps.repos.users.list(),
      deps.repos.accountTokens.pendingInvitations(deps.clock().toISOString()),
    ]);
    const invite = v.invite ?? { email: '', name: '', role: 'contributor', errors: {} };
    const rows: SafeHtml[] = users.map((u) => {
      const label = u.name ? `${u.name} (${u.email})` : u.email;
      return html`<tr>
        <th scope="row">${u.name || '—'}<br /><span>${u.email}</span></th>
        <td>
          <form method="post" action="/admin/users/${u.id}/role" class="row-actions">
            ${csrfField(req)}
            <label class="visually-hidden" for="role-${u.id}">Role of ${label}</label>
            <select id="role-${u.id}" name="role">
              ${ROLE_OPTIONS.map((o) => html`<option value="${o.value}" ${o.value === u.role ? html` selected` : ''}>${o.label}</option>`)}
            </select>
            <button type="submit" class="small secondary">
              Change<span class="visually-hidden"> role of ${label}</span>
            </button>
          </form>
        </td>
        <td>
          ${u.totp_enabled ? html`<span class="badge on">On</span>` : html`<span class="badge off">Off</span>`}
        </td>
        <td>
          ${u.disabled ? html`<span class="badge off">Disabled</span>` : html`<span class="badge on">Active</span>`}
        </td>
        <td>
          <div class="row-actions">
            ${
              u.id === me.id
                ? html`<a href="/admin/account">Your account</a>`
                : html`<form
                      method="post"
                      action="/admin/users/${u.id}/${u.disabled ? 'enable' : 'disable'}"
                      class="inline-form"
                    >
                      ${csrfField(req)}<button
                        type="submit"
                        class="small ${u.disabled ? 'secondary' : 'danger'}"
                      >
                        ${u.disabled ? 'Enable' : 'Disable'}<span class="visually-hidden"> ${label}</span>
                      </button>
                    </form>
                    <form method="post" action="/admin/users/${u.id}/reset-link" class="inline-form">
                      ${csrfField(req)}<button type="submit" class="small secondary">
                        Password reset link<span class="visually-hidden"> for ${label}</span>
                      </button>
                    </form>
                    ${
                      u.totp_enabled
                        ? html`<form
                            method="post"
                            action="/admin/users/${u.id}/two-factor-off"
                            class="inline-form"
                          >
                            ${csrfField(req)}<button type="submit" class="small secondary">
                              Turn off two-factor<span class="visually-hidden"> for ${label}</span>
                            </button>
                          </form>`
                        : ''
                    }`
            }
          </div>
        </td>
      </tr>`;
    });
    const body = html`${v.error ? errorSummary({}, v.error) : ''}
      ${
        v.link
          ? html`<div class="panel medium" role="status">
              <h2>${v.link.title}</h2>
              <p>
                Send this link to <strong>${v.link.forEmail}</strong> by a channel you trust. It works once,
                until ${when(v.link.expiresAt)}, and is not shown again.
              </p>
              <p class="secret">${v.link.url}</p>
            </div>`
          : ''
      }
      <div class="table-wrap">
        <table>
          <caption>
            People with newsroom accounts
          </caption>
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Role</th>
              <th scope="col">Two-factor</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            ${rows}
          </tbody>
        </table>
      </div>

      <section class="panel medium" aria-labelledby="invite-h">
        <h2 id="invite-h">Invite someone</h2>
        ${v.invite ? errorSummary(invite.errors) : ''}
        <form method="post" action="/admin/users/invite" novalidate>
          ${csrfField(req)}
          ${field({ name: 'email', label: 'Email address', type: 'email', value: invite.email, required: true, error: invite.errors.email })}
          ${field({ name: 'name', label: 'Name (optional)', value: invite.name, maxlength: 200, error: invite.errors.name })}
          ${select({ name: 'role', label: 'Role', value: invite.role, options: ROLE_OPTIONS, error: invite.errors.role, hint: 'Contributors write drafts; authors also publish their own; editors publish anything and curate; admins also manage people and settings.' })}
          <button type="submit">Create invitation link</button>
        </form>
      </section>

      ${
        invitations.length
          ? html`<section aria-labelledby="pending-h">
              <h2 id="pending-h">Invitations waiting</h2>
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Email</th>
                      <th scope="col">Role</th>
                      <th scope="col">Expires</th>
                      <th scope="col">Action</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${invitations.map(
                      (i) =>
                        html`<tr>
                          <td>${i.email}</td>
                          <td>${i.role}</td>
                          <td>${when(i.expiresAt)}</td>
                          <td>
                            <form
                              method="post"
                              action="/admin/invitations/${i.id}/revoke"
                              class="inline-form"
                            >
                              ${csrfField(req)}<button type="submit" class="small secondary">
                                Withdraw<span class="visually-hidden"> invitation for ${i.email}</span>
                              </button>
                            </form>
                          </td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>
            </section>`
          : ''
      }`;
    return sendPage(
      reply,
      await newsroomPage(deps, req, { title: 'Users', body, notice: noticeFrom(req, NOTICES) }),
      status,
    );
  }

  /** Runs a per-user command; a refusal (last admin, unknown user) re-renders the list with the message. */
  async function act(
    req: FastifyRequest,
    reply: FastifyReply,
    run: (userId: number) => Promise<unknown>,
    done: string,
  ) {
    const id = idParam(req.params);
    if (id === null || !(await deps.repos.users.byId(id)))
      return render(req, reply, { error: 'That account does not exist.' }, 404);
    try {
      await run(id);
    } catch (error) {
      if (error instanceof BroadsheetError && error.status < 500)
        return render(req, reply, { error: error.message }, error.status);
      throw error;
    }
    return reply.redirect(`/admin/users?done=${done}`, 303);
  }

  app.get('/admin/users', admin, async (req, reply) => render(req, reply, {}, 200));

  app.post('/admin/users/invite', admin, async (req, reply) => {
    const values = {
      email: formValue(req.body, 'email'),
      name: formValue(req.body, 'name'),
      role: formValue(req.body, 'role'),
    };
    try {
      const invitation = await inviteUser(deps, { ...values, actor: actorOf(req) });
      // The link is shown in this response: it exists nowhere else to show after a redirect.
      return render(
        req,
        reply,
        {
          link: {
            title: 'Invitation link',
            url: `${deps.config.baseUrl}${invitation.path}`,
            expiresAt: invitation.expiresAt,
            forEmail: invitation.email,
          },
        },
        200,
      );
    } catch (error) {
      if (error instanceof BroadsheetError && error.status < 500) {
        const errors = Object.keys(error.fields).length ? error.fields : { email: error.message };
        return render(req, reply, { invite: { ...values, errors } }, error.status);
      }
      throw error;
    }
  });

  app.post('/admin/users/:id/role', admin, async (req, reply) =>
    act(
      req,
      reply,
      (userId) => changeRole(deps, { userId, role: formValue(req.body, 'role'), actor: actorOf(req) }),
      'role',
    ),
  );
  app.post('/admin/users/:id/disable', admin, async (req, reply) =>
    act(
      req,
      reply,
      (userId) => setUserDisabled(deps, { userId, disabled: true, actor: actorOf(req) }),
      'disabled',
    ),
  );
  app.post('/admin/users/:id/enable', admin, async (req, reply) =>
    act(
      req,
      reply,
      (userId) => setUserDisabled(deps, { userId, disabled: false, actor: actorOf(req) }),
      'enabled',
    ),
  );
  app.post('/admin/users/:id/two-factor-off', admin, async (req, reply) =>
    act(
      req,
      reply,
      (userId) => disableTotp(deps, { userId, actor: actorOf(req), byAdmin: true }),
      'totp-off',
    ),
  );

  app.post('/admin/users/:id/reset-link', admin, async (req, reply) => {
    const id = idParam(req.params);
    const user = id === null ? undefined : await deps.repos.users.byId(id);
    if (!user) return render(req, reply, { error: 'That account does not exist.' }, 404);
    const issued = await issuePasswordReset(deps, { userId: user.id, actor: actorOf(req) });
    return render(
      req,
      reply,
      {
        link: {
          title: 'Password reset link',
          url: `${deps.config.baseUrl}${issued.path}`,
          expiresAt: issued.expiresAt,
          forEmail: user.email,
        },
      },
      200,
    );
  });

  app.post('/admin/invitations/:id/revoke', admin, async (req, reply) => {
    const id = idParam(req.params);
    if (id !== null) await revokeInvitation(deps, { id, actor: actorOf(req) });
    return reply.redirect('/admin/users?done=revoked', 303);
  });
}
