import type { FastifyInstance } from 'fastify';
import type { AuditEntry } from '../../db/schema.ts';
import type { AppDeps } from '../deps.ts';
import { html } from '../views/html.ts';
import { requirePermission } from './auth.ts';
import { newsroomPage, sendPage } from './layout.ts';

const PAGE = 50;

function detailText(entry: AuditEntry): string {
  try {
    const detail = JSON.parse(entry.detail) as Record<string, unknown>;
    return Object.entries(detail)
      .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join('; ');
  } catch {
    return entry.detail;
  }
}

/** Admin: the security audit log, newest first, 50 a page (keyset pages: `?before=ID`). */
export async function registerAudit(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/admin/audit', { preHandler: requirePermission(deps, 'audit.read') }, async (req, reply) => {
    const query = req.query as Record<string, unknown>;
    const before =
      typeof query.before === 'string' && /^\d{1,12}$/.test(query.before) ? Number(query.before) : undefined;
    const action =
      typeof query.action === 'string' && /^[a-z.-]{1,60}$/.test(query.action) ? query.action : undefined;
    const rows = await deps.repos.audit.page({
      limit: PAGE + 1,
      ...(before !== undefined ? { before } : {}),
      ...(action ? { action } : {}),
    });
    const entries = rows.slice(0, PAGE);
    const more = rows.length > PAGE;
    const filter = action ? `&action=${encodeURIComponent(action)}` : '';
    const body = html`<form method="get" action="/admin/audit" class="row-actions">
        <label for="audit-action">Only this event</label>
        <input
          id="audit-action"
          name="action"
          type="search"
          value="${action ?? ''}"
          placeholder="auth.sign-in-failed"
        />
        <button type="submit" class="secondary small">Filter</button>
        ${action ? html`<a href="/admin/audit">Show all</a>` : ''}
      </form>
      ${
        entries.length
          ? html`<div class="table-wrap">
              <table>
                <caption>
                  Security events, newest first
                </caption>
                <thead>
                  <tr>
                    <th scope="col">When (UTC)</th>
                    <th scope="col">Who</th>
                    <th scope="col">Event</th>
                    <th scope="col">About</th>
                    <th scope="col">Details</th>
                  </tr>
                </thead>
                <tbody>
                  ${entries.map(
                    (e) =>
                      html`<tr>
                        <td><time datetime="${e.at}">${e.at.slice(0, 19).replace('T', ' ')}</time></td>
                        <td>${e.actor_email || (e.actor_id === null ? 'system' : `#${e.actor_id}`)}</td>
                        <td><a href="/admin/audit?action=${e.action}">${e.action}</a></td>
                        <td>${e.target_type ? `${e.target_type} ${e.target_id}` : ''}</td>
                        <td><pre class="detail">${detailText(e)}</pre></td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
          : html`<p>No events${action ? ' of this kind' : ''} yet.</p>`
      }
      <nav class="pager" aria-label="Audit log pages">
        ${before !== undefined ? html`<a href="/admin/audit${action ? `?action=${encodeURIComponent(action)}` : ''}">Newest events</a>` : ''}
        ${more ? html`<a href="/admin/audit?before=${entries.at(-1)!.id}${filter}">Older events</a>` : ''}
      </nav>`;
    return sendPage(reply, await newsroomPage(deps, req, { title: 'Audit log', body }));
  });
}
