import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createRevisionsRepo } from '../../db/repositories/revisions.ts';
import { BroadsheetError, notFound } from '../../domain/errors.ts';
import { formatDate } from '../../domain/dates.ts';
import { restoreRevision } from '../../publishing/restore-revision.ts';
import type { AppDeps } from '../deps.ts';
import { html } from '../views/html.ts';
import { assertMay, changedBy, loadOwned } from './articles-access.ts';
import { csrfField, requireUser } from './auth.ts';
import { formValue } from './forms.ts';
import { newsroomPage, sendPage } from './layout.ts';
import { revisionDiff } from './revisions-diff.ts';
import { EDITOR_STYLE } from './editor-view.ts';

const idParam = (req: FastifyRequest, name: string): number => {
  const raw = String(
    (req.params as Record<string, string>)[name] ?? (req.query as Record<string, string>)[name] ?? '',
  );
  if (!/^\d{1,10}$/.test(raw)) throw new BroadsheetError('NOT_FOUND', 'Revision not found');
  return Number(raw);
};

/** Revision history (who, when), a word-level diff between any two revisions, and restore. */
export async function registerRevisionsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const revisions = createRevisionsRepo(deps.database.db);

  app.get('/admin/articles/:id/revisions', { preHandler: requireUser(deps) }, async (req, reply) => {
    const { article, resource } = await loadOwned(deps, idParam(req, 'id'));
    assertMay(req, 'article.editOwn', { ...resource, status: undefined });
    const list = await revisions.forArticle(article.id);
    const body = html`<p><a href="/admin/articles/${article.id}">Back to the editor</a></p>
      <form method="get" action="/admin/articles/${article.id}/revisions/diff">
        <table class="list">
          <caption>
            Every save of “${article.headline}”, newest first. Choose two to compare.
          </caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Words</th>
              <th scope="col">Compare from</th>
              <th scope="col">to</th>
            </tr>
          </thead>
          <tbody>
            ${list.map(
              (r, i) =>
                html`<tr>
                  <td>${r.version}</td>
                  <td>${formatDate(r.createdAt, 'en')}</td>
                  <td>${r.userName || 'System'}</td>
                  <td>${r.reason}</td>
                  <td>${r.wordCount}</td>
                  <td>
                    <input
                      type="radio"
                      name="from"
                      value="${r.id}"
                      id="from-${r.id}"
                      ${i === 1 || (list.length === 1 && i === 0) ? html` checked` : ''}
                    /><label for="from-${r.id}" class="visually-hidden"
                      >Compare from version ${r.version}</label
                    >
                  </td>
                  <td>
                    <input
                      type="radio"
                      name="to"
                      value="${r.id}"
                      id="to-${r.id}"
                      ${i === 0 ? html` checked` : ''}
                    /><label for="to-${r.id}" class="visually-hidden">Compare to version ${r.version}</label>
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
        <p><button type="submit">Compare</button></p>
      </form>`;
    return sendPage(
      reply,
      await newsroomPage(deps, req, { title: 'Revision history', body, styles: [EDITOR_STYLE] }),
    );
  });

  app.get('/admin/articles/:id/revisions/diff', { preHandler: requireUser(deps) }, async (req, reply) => {
    const { article, resource } = await loadOwned(deps, idParam(req, 'id'));
    assertMay(req, 'article.editOwn', { ...resource, status: undefined });
    const [from, to] = await Promise.all([
      revisions.byId(idParam(req, 'from')),
      revisions.byId(idParam(req, 'to')),
    ]);
    if (!from || !to || from.articleId !== article.id || to.articleId !== article.id)
      throw notFound('Revision');
    const names = async (ids: number[], kind: 'tags' | 'authors') => {
      const rows = ids.length
        ? await deps.database.db.selectFrom(kind).select(['id', 'name']).where('id', 'in', ids).execute()
        : [];
      const byId = new Map(rows.map((r) => [r.id, r.name]));
      return ids.map((id) => byId.get(id) ?? `#${id}`).join(', ');
    };
    const extra = [
      {
        label: 'Tags',
        before: await names(from.fields.tagIds, 'tags'),
        after: await names(to.fields.tagIds, 'tags'),
      },
      {
        label: 'Bylines',
        before: await names(from.fields.authorIds, 'authors'),
        after: await names(to.fields.authorIds, 'authors'),
      },
    ];
    const body = html`<p>
        From version ${from.version} (${formatDate(from.createdAt, 'en')}, ${from.userName || 'System'}) to
        version ${to.version} (${formatDate(to.createdAt, 'en')}, ${to.userName || 'System'}). Added words are
        marked <ins>like this</ins>, removed words <del>like this</del>.
      </p>
      ${revisionDiff(from.fields, to.fields, extra)}
      ${[from, to].map(
        (r) =>
          html`<form
            method="post"
            action="/admin/articles/${article.id}/revisions/${r.id}/restore"
            class="inline-form"
          >
            ${csrfField(req)}<input type="hidden" name="version" value="${article.version}" />
            <button type="submit">Restore version ${r.version}</button>
          </form> `,
      )}
      <p>
        <a href="/admin/articles/${article.id}/revisions">Back to the history</a> ·
        <a href="/admin/articles/${article.id}">Editor</a>
      </p>`;
    return sendPage(
      reply,
      await newsroomPage(deps, req, {
        title: `Changes: version ${from.version} to ${to.version}`,
        body,
        styles: [EDITOR_STYLE],
      }),
    );
  });

  app.post(
    '/admin/articles/:id/revisions/:rev/restore',
    { preHandler: requireUser(deps) },
    async (req, reply) => {
      const { article, resource } = await loadOwned(deps, idParam(req, 'id'));
      assertMay(req, 'article.editOwn', resource);
      const raw = formValue(req.body, 'version');
      const expectedVersion = /^\d{1,9}$/.test(raw) ? Number(raw) : -1;
      await restoreRevision(deps, {
        articleId: article.id,
        revisionId: idParam(req, 'rev'),
        expectedVersion,
        by: changedBy(req),
      });
      return reply.redirect(`/admin/articles/${article.id}?done=restored`, 303);
    },
  );
}
