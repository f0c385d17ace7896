import type { FastifyInstance } from 'fastify';
import { can } from '../../domain/permissions.ts';
import type { AppDeps } from '../deps.ts';
import { html } from '../views/html.ts';
import { currentUser, requireUser } from './auth.ts';
import { newsroomPage, noticeFrom, sendPage } from './layout.ts';
import { NAV } from './nav.ts';

/** The newsroom home after sign-in: where to go next, and a nudge towards two-factor sign-in. */
export async function registerDashboard(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/admin', { preHandler: requireUser(deps) }, async (req, reply) => {
    const user = currentUser(req);
    const places = NAV.filter((item) => item.href !== '/admin' && (!item.action || can(user, item.action)));
    const body = html`<p>
        Welcome, ${user.name || user.email}. You are signed in as ${/^[aeiou]/.test(user.role) ? 'an' : 'a'}
        <strong>${user.role}</strong>.
      </p>
      ${
        user.totpEnabled
          ? ''
          : html`<p class="warning">
              Your account is protected by a password only.
              <a href="/admin/account/two-factor">Turn on two-factor sign-in</a>.
            </p>`
      }
      ${
        places.length
          ? html`<h2>Go to</h2>
              <ul class="cards">
                ${places.map((item) => html`<li><a href="${item.href}">${item.label}</a></li>`)}
              </ul>`
          : ''
      }
      <h2>Your account</h2>
      <p><a href="/admin/account">Name, password, two-factor sign-in and where you are signed in</a></p>`;
    return sendPage(
      reply,
      await newsroomPage(deps, req, {
        title: 'Newsroom',
        body,
        notice: noticeFrom(req, { welcome: 'Welcome to the newsroom.' }),
      }),
    );
  });
}
