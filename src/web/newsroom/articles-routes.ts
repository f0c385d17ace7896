import type { FastifyInstance } from 'fastify';
import { decodeCursor, encodeCursor } from '../../domain/cursor.ts';
import { LANGUAGES } from '../../domain/language.ts';
import { formatDate } from '../../domain/dates.ts';
import type { AppDeps } from '../deps.ts';
import { html } from '../views/html.ts';
import { requirePermission } from './auth.ts';
import { select } from './forms.ts';
import { newsroomPage, sendPage } from './layout.ts';

const STATUSES = ['draft', 'review', 'scheduled', 'published', 'unpublished'] as const;
const PAGE = 50;

/** The article list: filters by status, section, edition and byline; keyset pages, newest change first. */
export async function registerArticlesRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/admin/articles',
    { preHandler: requirePermission(deps, 'article.create') },
    async (req, reply) => {
      const q = req.query as Record<string, string | undefined>;
      const status = STATUSES.find((s) => s === q.status);
      const language = LANGUAGES.find((l) => l === q.language);
      const sectionId = /^\d{1,9}$/.test(q.section ?? '') ? Number(q.section) : undefined;
      const authorId = /^\d{1,9}$/.test(q.author ?? '') ? Number(q.author) : undefined;
      const before = decodeCursor(q.before);
      let query = deps.database.db
        .selectFrom('articles')
        .select([
          'articles.id',
          'articles.headline',
          'articles.status',
          'articles.language',
          'articles.updated_at',
          'articles.published_at',
          'articles.section_id',
          'articles.slug',
        ]);
      if (status) query = query.where('articles.status', '=', status);
      if (language) query = query.where('articles.language', '=', language);
      if (sectionId) query = query.where('articles.section_id', '=', sectionId);
      if (authorId) {
        query = query.where((eb) =>
          eb.exists(
            eb
              .selectFrom('article_authors')
              .select('article_authors.article_id')
              .whereRef('article_authors.article_id', '=', 'articles.id')
              .where('article_authors.author_id', '=', authorId),
          ),
        );
      }
      if (before) {
        query = query.where((eb) =>
          eb.or([
            eb('articles.updated_at', '<', before.publishedAt),
            eb.and([eb('articles.updated_at', '=', before.publishedAt), eb('articles.id', '<', before.id)]),
          ]),
        );
      }
      const rows = await query
        .orderBy('articles.updated_at', 'desc')
        .orderBy('articles.id', 'desc')
        .limit(PAGE + 1)
        .execute();
      const page = rows.slice(0, PAGE);
      const last = page[page.length - 1];
      const next =
        rows.length > PAGE && last ? encodeCursor({ publishedAt: last.updated_at, id: last.id }) : null;
      const [sections, authors] = await Promise.all([deps.repos.sections.all(), deps.repos.authors.all()]);
      const sectionName = new Map(sections.map((s) => [s.id, s.name]));
      const bylines = await deps.repos.authors.forArticles(page.map((r) => r.id));
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries({ status, language, section: sectionId, author: authorId }))
        if (v !== undefined) params.set(k, String(v));
      if (next) params.set('before', next);
      const body = html`<p><a class="button primary" href="/admin/articles/new">New article</a></p>
        <form
          method="get"
          action="/admin/articles"
          class="filters"
          role="search"
          aria-label="Filter articles"
        >
          ${select({ name: 'status', label: 'Status', value: status ?? '', options: [{ value: '', label: 'Any' }, ...STATUSES.map((s) => ({ value: s, label: s }))] })}
          ${select({ name: 'section', label: 'Section', value: sectionId ? String(sectionId) : '', options: [{ value: '', label: 'Any' }, ...sections.map((s) => ({ value: String(s.id), label: `${s.name} (${s.language})` }))] })}
          ${select({ name: 'language', label: 'Edition', value: language ?? '', options: [{ value: '', label: 'Any' }, ...LANGUAGES.map((l) => ({ value: l, label: l }))] })}
          ${select({ name: 'author', label: 'Byline', value: authorId ? String(authorId) : '', options: [{ value: '', label: 'Any' }, ...authors.map((a) => ({ value: String(a.id), label: a.name }))] })}
          <button type="submit">Filter</button>
        </form>
        ${
          page.length
            ? html`<table class="list">
                <caption class="visually-hidden">
                  Articles, most recently changed first
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Headline</th>
                    <th scope="col">Status</th>
                    <th scope="col">Edition</th>
                    <th scope="col">Section</th>
                    <th scope="col">Bylines</th>
                    <th scope="col">Changed</th>
                  </tr>
                </thead>
                <tbody>
                  ${page.map(
                    (r) =>
                      html`<tr>
                        <td>
                          <a href="/admin/articles/${r.id}" lang="${r.language}" dir="auto">${r.headline}</a>
                        </td>
                        <td><span class="status status-${r.status}">${r.status}</span></td>
                        <td>${r.language}</td>
                        <td>${r.section_id ? (sectionName.get(r.section_id) ?? '') : ''}</td>
                        <td>${(bylines.get(r.id) ?? []).map((a) => a.name).join(', ')}</td>
                        <td>${formatDate(r.updated_at, 'en')}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
            : html`<p>No articles match.</p>`
        }
        ${next ? html`<nav aria-label="Pages"><a href="/admin/articles?${params.toString()}" rel="next">Older changes</a> · <a href="/admin/articles">Newest</a></nav>` : ''}`;
      return sendPage(reply, await newsroomPage(deps, req, { title: 'Articles', body }));
    },
  );
}
