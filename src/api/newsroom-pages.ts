import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createApiKeysRepo } from '../db/repositories/api-keys.ts';
import { createAuditRepo } from '../db/repositories/audit.ts';
import { createWebhooksRepo } from '../db/repositories/webhooks.ts';
import { notFound } from '../domain/errors.ts';
import type { AppDeps } from '../web/deps.ts';
import { actorOf, csrfField, requirePermission } from '../web/newsroom/auth.ts';
import { errorSummary, field, formValue, type FieldErrors } from '../web/newsroom/forms.ts';
import { newsroomPage, noticeFrom, sendPage } from '../web/newsroom/layout.ts';
import { html, type SafeHtml } from '../web/views/html.ts';
import { parseWebhookEvents, WEBHOOK_EVENTS } from '../webhooks/events.ts';
import { generateSecret } from '../webhooks/sign.ts';
import { SCOPES, parseScopes } from './scopes.ts';

const listOf = (body: unknown, name: string): string[] => {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return Array.isArray(v)
    ? v.filter((x): x is string => typeof x === 'string')
    : typeof v === 'string'
      ? [v]
      : [];
};

const idOf = (req: FastifyRequest): number => {
  const raw = (req.params as { id: string }).id;
  if (!/^\d{1,12}$/.test(raw)) throw notFound('Item');
  return Number(raw);
};

/** Admin pages: API keys (list, create, revoke) and webhooks (list, add, remove, delivery log). */
export async function registerApiNewsroomPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const keys = createApiKeysRepo(deps.database.db);
  const hooks = createWebhooksRepo(deps.database.db);
  const audit = createAuditRepo(deps.database.db);
  const record = (req: FastifyRequest, action: string, targetId: number, detail: Record<string, unknown>) => {
    const actor = actorOf(req);
    return audit.record({
      at: deps.clock().toISOString(),
      actorId: actor.id,
      actorEmail: actor.email,
      action,
      targetType: action.split('.')[0]!,
      targetId,
      detail,
    });
  };

  async function keysPage(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { created?: string; errors?: FieldErrors; name?: string } = {},
  ) {
    const [all, users] = await Promise.all([keys.list(), deps.repos.users.list()]);
    const userName = new Map(users.map((u) => [u.id, u.email]));
    const errors = extra.errors ?? {};
    const body = html`${
      extra.created
        ? html`<div class="notice" role="status">
            <p>Key created. Copy it now: it is not shown again.</p>
            <p><code>${extra.created}</code></p>
          </div>`
        : ''
    }
      ${errorSummary(errors)}
      <h2>Keys</h2>
      ${
        all.length === 0
          ? html`<p>No API keys yet.</p>`
          : html`<div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Key starts</th>
                  <th scope="col">Scopes</th>
                  <th scope="col">Acts as</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                ${all.map(
                  (k) =>
                    html`<tr>
                      <td>${k.name}</td>
                      <td><code>${k.prefix}…</code></td>
                      <td>${k.scopes.join(', ')}</td>
                      <td>${k.userId ? (userName.get(k.userId) ?? `#${k.userId}`) : '–'}</td>
                      <td>${k.createdAt.slice(0, 16).replace('T', ' ')}</td>
                      <td>${k.lastUsedAt ? k.lastUsedAt.slice(0, 16).replace('T', ' ') : 'never'}</td>
                      <td>
                        ${
                          k.revokedAt
                            ? html`revoked`
                            : html`<form method="post" action="/admin/api-keys/${k.id}/revoke">
                              ${csrfField(req)}<button type="submit" class="secondary small">Revoke ${k.name}</button>
                            </form>`
                        }
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
      }
      <h2>New key</h2>
      <form method="post" action="/admin/api-keys">
        ${csrfField(req)}
        ${field({ name: 'name', label: 'Name', value: extra.name ?? '', required: true, maxlength: 200, error: errors.name, hint: 'Who or what uses it, e.g. "Partner app".' })}
        <fieldset${errors.scopes ? html` class="field-invalid"` : ''}>
          <legend>Scopes</legend>
          ${SCOPES.map(
            (s) =>
              html`<label><input type="checkbox" name="scopes" value="${s}" ${s === 'content:read' ? html` checked` : ''} /> ${s}</label>`,
          )}
        </fieldset>
        <div class="field${errors.user ? ' field-invalid' : ''}">
          <label for="f-user">Acts as (admin scopes)</label>
          <p class="hint" id="f-user-hint">Admin scopes act with this account's role.</p>
          <select id="f-user" name="user" aria-describedby="f-user-hint">
            <option value="">No account (Content API only)</option>
            ${users.filter((u) => !u.disabled).map((u) => html`<option value="${String(u.id)}">${u.email} (${u.role})</option>`)}
          </select>
        </div>
        <button type="submit">Create key</button>
      </form>`;
    return sendPage(
      reply,
      await newsroomPage(deps, req, {
        title: 'API keys',
        body,
        notice: noticeFrom(req, { revoked: 'Key revoked.' }),
      }),
      Object.keys(errors).length > 0 ? 422 : 200,
    );
  }

  const manageKeys = { preHandler: requirePermission(deps, 'apiKeys.manage') };
  app.get('/admin/api-keys', manageKeys, async (req, reply) => keysPage(req, reply));
  app.post('/admin/api-keys', manageKeys, async (req, reply) => {
    const name = formValue(req.body, 'name').trim();
    const { scopes, unknown } = parseScopes(listOf(req.body, 'scopes').join(','));
    const userRaw = formValue(req.body, 'user');
    const errors: FieldErrors = {};
    if (!name || name.length > 200) errors.name = 'Give the key a name (at most 200 characters)';
    if (scopes.length === 0 || unknown.length > 0) errors.scopes = 'Choose at least one scope';
    let userId: number | null = null;
    if (userRaw) {
      const user = /^\d{1,12}$/.test(userRaw) ? await deps.repos.users.byId(Number(userRaw)) : undefined;
      if (!user || user.disabled) errors.user = 'Choose an active account';
      else userId = user.id;
    }
    if (scopes.some((s) => s.startsWith('admin:')) && userId === null)
      errors.user = 'Admin scopes need an account to act as';
    if (Object.keys(errors).length > 0) return keysPage(req, reply, { errors, name });
    const { key, info } = await keys.create({ name, scopes, userId }, deps.clock().toISOString());
    await record(req, 'api-key.created', info.id, { name, scopes, userId });
    return keysPage(req, reply, { created: key });
  });
  app.post('/admin/api-keys/:id/revoke', manageKeys, async (req, reply) => {
    const id = idOf(req);
    if (!(await keys.revoke(id, deps.clock().toISOString()))) throw notFound('API key');
    await record(req, 'api-key.revoked', id, {});
    return reply.redirect('/admin/api-keys?done=revoked', 303);
  });

  async function hooksPage(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { secret?: string; errors?: FieldErrors; url?: string } = {},
  ) {
    const all = await hooks.list();
    const errors = extra.errors ?? {};
    const body = html`${
      extra.secret
        ? html`<div class="notice" role="status">
            <p>Webhook added. Its signing secret (shown once): <code>${extra.secret}</code></p>
            <p>Each POST carries <code>X-Broadsheet-Signature: sha256=</code> and the hex HMAC-SHA256 of the body with this secret.</p>
          </div>`
        : ''
    }
      ${errorSummary(errors)}
      <h2>Webhooks</h2>
      ${
        all.length === 0
          ? html`<p>No webhooks yet.</p>`
          : html`<div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">URL</th>
                  <th scope="col">Events</th>
                  <th scope="col">Created</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                ${all.map(
                  (h) => html`<tr>
                    <td><a href="/admin/webhooks/${h.id}">${h.url}</a></td>
                    <td>${h.events}</td>
                    <td>${h.created_at.slice(0, 16).replace('T', ' ')}</td>
                    <td>
                      <form method="post" action="/admin/webhooks/${h.id}/remove">
                        ${csrfField(req)}<button type="submit" class="secondary small">Remove</button>
                      </form>
                    </td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
      }
      <h2>New webhook</h2>
      <form method="post" action="/admin/webhooks">
        ${csrfField(req)}
        ${field({ name: 'url', label: 'URL', type: 'text', hint: 'An absolute http(s) URL.', value: extra.url ?? '', required: true, error: errors.url })}
        <fieldset${errors.events ? html` class="field-invalid"` : ''}>
          <legend>Events</legend>
          <label><input type="checkbox" name="events" value="*" /> All events</label>
          ${WEBHOOK_EVENTS.map((e) => html`<label><input type="checkbox" name="events" value="${e}" /> ${e}</label>`)}
        </fieldset>
        <button type="submit">Add webhook</button>
      </form>`;
    return sendPage(
      reply,
      await newsroomPage(deps, req, {
        title: 'Webhooks',
        body,
        notice: noticeFrom(req, { removed: 'Webhook removed.' }),
      }),
      Object.keys(errors).length > 0 ? 422 : 200,
    );
  }

  const manageHooks = { preHandler: requirePermission(deps, 'webhooks.manage') };
  app.get('/admin/webhooks', manageHooks, async (req, reply) => hooksPage(req, reply));
  app.post('/admin/webhooks', manageHooks, async (req, reply) => {
    const url = formValue(req.body, 'url').trim();
    const errors: FieldErrors = {};
    let valid = false;
    try {
      const u = new URL(url);
      valid = (u.protocol === 'http:' || u.protocol === 'https:') && url.length <= 2000;
    } catch {
      valid = false;
    }
    if (!valid) errors.url = 'Give an absolute http(s) URL';
    const { events, unknown } = parseWebhookEvents(listOf(req.body, 'events').join(','));
    if (events.length === 0 || unknown.length > 0) errors.events = 'Choose at least one event';
    if (Object.keys(errors).length > 0) return hooksPage(req, reply, { errors, url });
    const secret = generateSecret();
    const hook = await hooks.create(
      { url, events: events.includes('*') ? ['*'] : events, secret },
      deps.clock().toISOString(),
    );
    await record(req, 'webhook.created', hook.id, { url, events });
    return hooksPage(req, reply, { secret });
  });
  app.post('/admin/webhooks/:id/remove', manageHooks, async (req, reply) => {
    const id = idOf(req);
    if (!(await hooks.remove(id))) throw notFound('Webhook');
    await record(req, 'webhook.removed', id, {});
    return reply.redirect('/admin/webhooks?done=removed', 303);
  });
  app.get('/admin/webhooks/:id', manageHooks, async (req, reply) => {
    const hook = await hooks.byId(idOf(req));
    if (!hook) throw notFound('Webhook');
    const log = await hooks.deliveries(hook.id, 100);
    const rows: SafeHtml[] = log.map(
      (d) => html`<tr>
        <td>${d.at.slice(0, 19).replace('T', ' ')}</td>
        <td>${d.event}</td>
        <td><code>${d.delivery_id.slice(0, 8)}</code></td>
        <td>${String(d.attempt)}</td>
        <td>${d.status_code === null ? '–' : String(d.status_code)}</td>
        <td>${d.outcome}</td>
        <td>${String(d.duration_ms)} ms</td>
        <td>${d.error ?? ''}</td>
      </tr>`,
    );
    const body = html`<p>${hook.url} · events: ${hook.events}</p>
      ${
        log.length === 0
          ? html`<p>No deliveries yet.</p>`
          : html`<div class="table-wrap">
            <table>
              <caption>
                Last 100 delivery attempts, newest first
              </caption>
              <thead>
                <tr>
                  <th scope="col">When (UTC)</th>
                  <th scope="col">Event</th>
                  <th scope="col">Delivery</th>
                  <th scope="col">Attempt</th>
                  <th scope="col">Status</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Time</th>
                  <th scope="col">Error</th>
                </tr>
              </thead>
              <tbody>
                ${rows}
              </tbody>
            </table>
          </div>`
      }
      <p><a href="/admin/webhooks">All webhooks</a></p>`;
    return sendPage(reply, await newsroomPage(deps, req, { title: 'Webhook deliveries', body }));
  });
}
