import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  homeLeadId,
  saveBreakingNews,
  setHomeLead,
  storedBreakingNews,
} from '../../db/repositories/front-page.ts';
import { BroadsheetError } from '../../domain/errors.ts';
import { formatDate } from '../../domain/dates.ts';
import { LANGUAGES, type Language } from '../../domain/language.ts';
import type { AppDeps } from '../deps.ts';
import { html } from '../views/html.ts';
import { csrfField, requirePermission } from './auth.ts';
import { parseDateTime, toDateTimeLocal } from './editor-form.ts';
import { dateTimeValue, scopeIds } from './editor-ids.ts';
import { errorSummary, field, formValue, select, type FieldErrors } from './forms.ts';
import { newsroomPage, noticeFrom, sendPage } from './layout.ts';

const NOTICES = {
  added: 'Added to Must read.',
  removed: 'Removed from Must read.',
  moved: 'Order changed.',
  expiry: 'Expiry changed.',
  lead: 'Lead story set.',
  banner: 'Banner saved.',
  'banner-cleared': 'Banner removed.',
};

function edition(value: unknown): Language {
  return LANGUAGES.find((l) => l === value) ?? 'en';
}

interface Typed {
  add?: { slug: string; expires: string };
  lead?: { slug: string };
  banner?: { text: string; url: string; expires: string; language: string };
}

/** Finds an article of the edition by slug, its public URL, or a headline search. */
async function findArticle(deps: AppDeps, language: Language, text: string) {
  const raw = text.trim();
  const slug = decodeURIComponent(
    raw
      .replace(/^https?:\/\/[^/]+/, '')
      .replace(/^\/(fa\/)?news\//, '')
      .replace(/[?#].*$/, ''),
  );
  return (await deps.repos.articles.bySlug(language, slug)) ?? undefined;
}

/** Must read (add, remove, reorder with buttons, expiry per entry), the home lead story and the breaking-news banner. */
export async function registerCurationRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const curator = requirePermission(deps, 'curation.manage');

  async function show(
    req: FastifyRequest,
    reply: FastifyReply,
    language: Language,
    errors: FieldErrors = {},
    typed: Typed = {},
    status = 200,
  ) {
    const now = deps.clock().toISOString();
    const entries = await deps.repos.mustRead.all(language);
    const articles = new Map(
      (await Promise.all(entries.map((e) => deps.repos.articles.byId(e.articleId))))
        .filter((a) => a !== undefined)
        .map((a) => [a.id, a]),
    );
    const leadId = await homeLeadId(deps.repos.settings, language);
    const lead = leadId ? await deps.repos.articles.byId(leadId) : undefined;
    const banner = await storedBreakingNews(deps.repos.settings);
    const q = String((req.query as Record<string, unknown>).q ?? '').trim();
    const found = q
      ? await deps.database.db
          .selectFrom('articles')
          .select(['id', 'headline', 'slug', 'status'])
          .where('language', '=', language)
          .where('headline', 'like', `%${q.replace(/[%_]/g, '')}%`)
          .orderBy('id', 'desc')
          .limit(10)
          .execute()
      : [];
    const hidden = html`${csrfField(req)}<input type="hidden" name="language" value="${language}" />`;
    const body = html`<nav aria-label="Edition">
        <ul class="tabs">
          ${LANGUAGES.map((l) => html`<li><a href="/admin/curation?language=${l}" ${l === language ? html` aria-current="page"` : ''}>${l === 'en' ? 'English' : 'Persian'} edition</a></li>`)}
        </ul>
      </nav>
      ${scopeIds(typed.add ? 'add' : typed.lead ? 'lead' : typed.banner ? 'banner' : '', errorSummary(errors))}
      <section aria-labelledby="mr-title">
        <h2 id="mr-title">Must read</h2>
        ${
          entries.length
            ? html`<ol class="curation-list">
                ${entries.map((e, i) => {
                  const a = articles.get(e.articleId);
                  const expired = e.expiresAt !== null && e.expiresAt <= now;
                  const label = a?.headline ?? `Article ${e.articleId}`;
                  return html`<li data-article-id="${e.articleId}">
                    <span class="headline" lang="${language}" dir="auto">${label}</span
                    >${a && a.status !== 'published' ? html` <span class="status">(${a.status})</span>` : ''}${
                      e.expiresAt
                        ? html` <span class="expiry${expired ? ' expired' : ''}"
                            >${expired ? 'expired' : 'until'} ${formatDate(e.expiresAt, 'en')}</span
                          >`
                        : ''
                    }
                    <form method="post" action="/admin/curation/must-read" class="inline-form">
                      ${hidden}<input type="hidden" name="article_id" value="${e.articleId}" />
                      <button
                        type="submit"
                        name="action"
                        value="up"
                        ${i === 0 ? html` disabled` : ''}
                        aria-label="Move up: ${label}"
                      >
                        Up
                      </button>
                      <button
                        type="submit"
                        name="action"
                        value="down"
                        ${i === entries.length - 1 ? html` disabled` : ''}
                        aria-label="Move down: ${label}"
                      >
                        Down
                      </button>
                      <button type="submit" name="action" value="remove" aria-label="Remove: ${label}">
                        Remove
                      </button>
                    </form>
                    <form method="post" action="/admin/curation/must-read" class="inline-form">
                      ${hidden}<input type="hidden" name="article_id" value="${e.articleId}" /><input
                        type="hidden"
                        name="action"
                        value="expiry"
                      />
                      <label for="exp-${e.articleId}">Expires (UTC)</label>
                      <input
                        type="datetime-local"
                        id="exp-${e.articleId}"
                        name="expires"
                        value="${toDateTimeLocal(e.expiresAt)}"
                      />
                      <button type="submit" aria-label="Set expiry: ${label}">Set expiry</button>
                    </form>
                  </li>`;
                })}
              </ol>`
            : html`<p>The list is empty.</p>`
        }
        ${scopeIds(
          'add',
          html`<form method="post" action="/admin/curation/must-read">
            ${hidden}<input type="hidden" name="action" value="add" />
            <fieldset>
              <legend>Add an article</legend>
              ${field({ name: 'slug', label: 'Article slug or address', value: typed.add?.slug ?? '', error: errors.slug, dir: 'auto' })}
              ${field({ name: 'expires', label: 'Expires (UTC, optional)', type: 'datetime-local', value: dateTimeValue(typed.add?.expires ?? ''), error: errors.expires })}
              <button type="submit">Add to Must read</button>
            </fieldset>
          </form>`,
        )}
        <form method="get" action="/admin/curation" role="search" aria-label="Find articles">
          <input type="hidden" name="language" value="${language}" />
          ${field({ name: 'q', label: 'Find an article by headline', value: q, type: 'search' })}
          <button type="submit">Search</button>
        </form>
        ${
          q
            ? found.length
              ? html`<ul class="search-results">
                  ${found.map(
                    (a) =>
                      html`<li>
                        <span dir="auto">${a.headline}</span> (${a.status})
                        <form method="post" action="/admin/curation/must-read" class="inline-form">
                          ${hidden}<input type="hidden" name="action" value="add" /><input
                            type="hidden"
                            name="slug"
                            value="${a.slug}"
                          /><button type="submit" aria-label="Add to Must read: ${a.headline}">Add</button>
                        </form>
                        <form method="post" action="/admin/curation/lead" class="inline-form">
                          ${hidden}<input type="hidden" name="slug" value="${a.slug}" /><button
                            type="submit"
                            aria-label="Make lead story: ${a.headline}"
                          >
                            Make lead
                          </button>
                        </form>
                      </li>`,
                  )}
                </ul>`
              : html`<p>No article matches “${q}”.</p>`
            : ''
        }
      </section>
      <section aria-labelledby="lead-title">
        <h2 id="lead-title">Home lead story</h2>
        <p>
          ${lead ? html`Now: <strong dir="auto">${lead.headline}</strong>${lead.status !== 'published' ? html` (${lead.status}: not shown until published)` : ''}` : 'None chosen: the newest story leads.'}
        </p>
        ${scopeIds(
          'lead',
          html`<form method="post" action="/admin/curation/lead">
            ${hidden}
            ${field({ name: 'slug', label: 'Lead story slug or address (empty to clear)', value: typed.lead?.slug ?? '', error: errors.slug, dir: 'auto' })}
            <button type="submit">Set lead story</button>
          </form>`,
        )}
      </section>
      <section aria-labelledby="banner-title">
        <h2 id="banner-title">Breaking-news banner</h2>
        <p>
          ${banner ? html`Now: “${banner.text}”${banner.expiresAt ? html`, until ${formatDate(banner.expiresAt, 'en')}${banner.expiresAt <= now ? ' (expired)' : ''}` : ''}` : 'No banner.'}
        </p>
        ${scopeIds(
          'banner',
          html`<form method="post" action="/admin/curation/banner">
            ${hidden}
            ${field({ name: 'text', label: 'Banner text', value: typed.banner?.text ?? banner?.text ?? '', error: errors.text, maxlength: 200, dir: 'auto' })}
            ${field({ name: 'url', label: 'Link (optional)', value: typed.banner?.url ?? banner?.url ?? '', error: errors.url, dir: 'ltr' })}
            ${field({ name: 'expires', label: 'Expires (UTC, optional)', type: 'datetime-local', value: dateTimeValue(typed.banner?.expires ?? toDateTimeLocal(banner?.expiresAt)), error: errors.expires })}
            ${select({
              name: 'banner_language',
              label: 'Show on',
              value: typed.banner?.language ?? banner?.language ?? '',
              options: [
                { value: '', label: 'Every edition' },
                { value: 'en', label: 'English edition' },
                { value: 'fa', label: 'Persian edition' },
              ],
            })}
            <button type="submit" name="intent" value="save">Save banner</button>
            <button type="submit" name="intent" value="clear">Remove banner</button>
          </form>`,
        )}
      </section>`;
    return sendPage(
      reply,
      await newsroomPage(deps, req, { title: 'Curation', body, notice: noticeFrom(req, NOTICES) }),
      status,
    );
  }

  app.get('/admin/curation', { preHandler: curator }, async (req, reply) =>
    show(req, reply, edition((req.query as Record<string, unknown>).language)),
  );

  app.post('/admin/curation/must-read', { preHandler: curator }, async (req, reply) => {
    const language = edition(formValue(req.body, 'language'));
    const action = formValue(req.body, 'action');
    const now = deps.clock().toISOString();
    const articleId = Number(formValue(req.body, 'article_id'));
    const done = (key: string) => {
      deps.events.emit({ type: 'curation.changed', language });
      return reply.redirect(`/admin/curation?language=${language}&done=${key}`, 303);
    };
    if (action === 'add') {
      const typed = { slug: formValue(req.body, 'slug'), expires: formValue(req.body, 'expires') };
      const errors: FieldErrors = {};
      const expires = parseDateTime(typed.expires);
      if (expires === null) errors.expires = 'Enter a date and time';
      else if (expires && expires <= now) errors.expires = 'Choose a time in the future';
      const article = typed.slug.trim() ? await findArticle(deps, language, typed.slug) : undefined;
      if (!typed.slug.trim()) errors.slug = 'Enter the slug or address of an article';
      else if (!article) errors.slug = `No ${language} article has that slug`;
      if (Object.keys(errors).length || !article)
        return show(req, reply, language, errors, { add: typed }, 422);
      await deps.repos.mustRead.add(language, article.id, expires ?? null, now);
      return done('added');
    }
    const entries = await deps.repos.mustRead.all(language);
    const index = entries.findIndex((e) => e.articleId === articleId);
    if (index < 0) throw new BroadsheetError('NOT_FOUND', 'That article is not on the list');
    if (action === 'remove') {
      await deps.repos.mustRead.remove(language, articleId);
      return done('removed');
    }
    if (action === 'up' || action === 'down') {
      const order = entries.map((e) => e.articleId);
      const swap = action === 'up' ? index - 1 : index + 1;
      if (swap >= 0 && swap < order.length) [order[index], order[swap]] = [order[swap]!, order[index]!];
      await deps.repos.mustRead.reorder(language, order);
      return done('moved');
    }
    if (action === 'expiry') {
      const expires = parseDateTime(formValue(req.body, 'expires'));
      if (expires === null) return show(req, reply, language, { expires: 'Enter a date and time' }, {}, 422);
      await deps.repos.mustRead.add(language, articleId, expires ?? null, now);
      return done('expiry');
    }
    throw new BroadsheetError('BAD_REQUEST', 'Unknown action');
  });

  app.post('/admin/curation/lead', { preHandler: curator }, async (req, reply) => {
    const language = edition(formValue(req.body, 'language'));
    const slug = formValue(req.body, 'slug');
    if (!slug.trim()) await setHomeLead(deps.repos.settings, language, null);
    else {
      const article = await findArticle(deps, language, slug);
      if (!article)
        return show(
          req,
          reply,
          language,
          { lead: `No ${language} article has that slug` },
          { lead: { slug } },
          422,
        );
      await setHomeLead(deps.repos.settings, language, article.id);
    }
    deps.events.emit({ type: 'curation.changed', language });
    return reply.redirect(`/admin/curation?language=${language}&done=lead`, 303);
  });

  app.post('/admin/curation/banner', { preHandler: curator }, async (req, reply) => {
    const language = edition(formValue(req.body, 'language'));
    const typed = {
      text: formValue(req.body, 'text').trim(),
      url: formValue(req.body, 'url').trim(),
      expires: formValue(req.body, 'expires'),
      language: formValue(req.body, 'banner_language'),
    };
    if (formValue(req.body, 'intent') === 'clear') {
      await saveBreakingNews(deps.repos.settings, null);
    } else {
      const errors: FieldErrors = {};
      const expires = parseDateTime(typed.expires);
      if (!typed.text) errors.text = 'Write the banner text';
      else if (typed.text.length > 200) errors.text = 'Keep the banner under 200 characters';
      if (typed.url && !/^\/(?!\/)/.test(typed.url) && !/^https?:\/\/[^\s]+$/i.test(typed.url))
        errors.url = 'Use a site path (/news/…) or an http(s) address';
      if (expires === null) errors.expires = 'Enter a date and time';
      else if (expires && expires <= deps.clock().toISOString())
        errors.expires = 'Choose a time in the future';
      if (Object.keys(errors).length) return show(req, reply, language, errors, { banner: typed }, 422);
      await saveBreakingNews(deps.repos.settings, {
        text: typed.text,
        url: typed.url,
        expiresAt: expires ?? null,
        language: LANGUAGES.find((l) => l === typed.language) ?? null,
      });
    }
    for (const l of LANGUAGES) deps.events.emit({ type: 'curation.changed', language: l });
    return reply.redirect(
      `/admin/curation?language=${language}&done=${formValue(req.body, 'intent') === 'clear' ? 'banner-cleared' : 'banner'}`,
      303,
    );
  });
}
