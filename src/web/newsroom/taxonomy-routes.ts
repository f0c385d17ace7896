import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseLinks, type AuthorLink } from '../../db/repositories/authors.ts';
import type { Author, Section, Tag } from '../../db/schema.ts';
import { BroadsheetError } from '../../domain/errors.ts';
import { LANGUAGES, type Language } from '../../domain/language.ts';
import { isValidSlug, slugify } from '../../domain/slug.ts';
import type { AppDeps } from '../deps.ts';
import { html } from '../views/html.ts';
import { csrfField, requirePermission } from './auth.ts';
import { errorSummary, field, formValue, select, type FieldErrors } from './forms.ts';
import { newsroomPage, noticeFrom, sendPage } from './layout.ts';
import { scopeIds } from './editor-ids.ts';

const NOTICES = { created: 'Created.', saved: 'Saved.', moved: 'Order changed.' };
const edition = (v: unknown): Language => LANGUAGES.find((l) => l === v) ?? 'en';
const num = (v: string): number | null => (/^\d{1,9}$/.test(v) && Number(v) > 0 ? Number(v) : null);

function textarea(name: string, label: string, value: string, error?: string): ReturnType<typeof html> {
  return html`<div class="field${error ? ' field-invalid' : ''}">
    <label for="f-${name}">${label}</label
    >${error ? html`<p class="error" id="f-${name}-error">${error}</p>` : ''}<textarea
      id="f-${name}"
      name="${name}"
      rows="3"
      dir="auto"
      ${error ? html` aria-invalid="true" aria-describedby="f-${name}-error"` : ''}
    >
${value}</textarea>
  </div>`;
}

/** Sections (hierarchy, order with up/down), tags and bylines (bio, photo, links). */
export async function registerTaxonomyRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const manager = requirePermission(deps, 'taxonomy.manage');
  const db = deps.database.db;
  const now = () => deps.clock().toISOString();

  // ---- Sections
  async function showSections(
    req: FastifyRequest,
    reply: FastifyReply,
    language: Language,
    errors: FieldErrors = {},
    typed: Record<string, string> = {},
    status = 200,
  ) {
    const sections = await deps.repos.sections.listByLanguage(language);
    const roots = sections.filter((s) => s.parent_id === null || !sections.some((p) => p.id === s.parent_id));
    const children = (id: number) => sections.filter((s) => s.parent_id === id);
    const parentOptions = [
      { value: '', label: '— Top level —' },
      ...roots.map((s) => ({ value: String(s.id), label: s.name })),
    ];
    const row = (s: Section, siblings: Section[], i: number): ReturnType<typeof html> =>
      html`<li id="section-${s.id}">
        <span dir="auto">${s.name}</span> <code>${s.slug}</code>
        <form method="post" action="/admin/sections/${s.id}/move" class="inline-form">
          ${csrfField(req)}
          <button
            type="submit"
            name="direction"
            value="up"
            ${i === 0 ? html` disabled` : ''}
            aria-label="Move up: ${s.name}"
          >
            Up
          </button>
          <button
            type="submit"
            name="direction"
            value="down"
            ${i === siblings.length - 1 ? html` disabled` : ''}
            aria-label="Move down: ${s.name}"
          >
            Down
          </button>
        </form>
        <details>
          <summary>Edit ${s.name}</summary>
          ${scopeIds(
            `s${s.id}`,
            html`<form method="post" action="/admin/sections/${s.id}">
              ${csrfField(req)} ${field({ name: 'name', label: 'Name', value: s.name, dir: 'auto' })}
              ${field({ name: 'slug', label: 'Slug', value: s.slug, dir: 'auto' })}
              ${select({ name: 'parent_id', label: 'Parent', value: s.parent_id ? String(s.parent_id) : '', options: parentOptions.filter((o) => o.value !== String(s.id)) })}
              ${textarea(`description`, 'Description', s.description)}
              <button type="submit">Save section</button>
            </form>`,
          )}
        </details>
        ${
          children(s.id).length
            ? html`<ol>
                ${children(s.id).map((c, j, all) => row(c, all, j))}
              </ol>`
            : ''
        }
      </li>`;
    const body = html`<nav aria-label="Edition">
        <ul class="tabs">
          ${LANGUAGES.map((l) => html`<li><a href="/admin/sections?language=${l}" ${l === language ? html` aria-current="page"` : ''}>${l === 'en' ? 'English' : 'Persian'} edition</a></li>`)}
        </ul>
      </nav>
      ${errorSummary(errors)}
      ${
        roots.length
          ? html`<ol class="tree">
              ${roots.map((s, i) => row(s, roots, i))}
            </ol>`
          : html`<p>No sections yet.</p>`
      }
      <form method="post" action="/admin/sections">
        ${csrfField(req)}<input type="hidden" name="language" value="${language}" />
        <fieldset>
          <legend>New section</legend>
          ${field({ name: 'name', label: 'Name', value: typed.name ?? '', error: errors.name, required: true, dir: 'auto' })}
          ${field({ name: 'slug', label: 'Slug (optional)', value: typed.slug ?? '', error: errors.slug, dir: 'auto' })}
          ${select({ name: 'parent_id', label: 'Parent', value: typed.parent_id ?? '', options: parentOptions })}
          <button type="submit">Create section</button>
        </fieldset>
      </form>`;
    return sendPage(
      reply,
      await newsroomPage(deps, req, { title: 'Sections', body, notice: noticeFrom(req, NOTICES) }),
      status,
    );
  }

  app.get('/admin/sections', { preHandler: manager }, async (req, reply) =>
    showSections(req, reply, edition((req.query as Record<string, unknown>).language)),
  );

  async function sectionInput(req: FastifyRequest, language: string, selfId?: number) {
    const typed = {
      name: formValue(req.body, 'name').trim(),
      slug: formValue(req.body, 'slug').trim(),
      parent_id: formValue(req.body, 'parent_id'),
      description: formValue(req.body, 'description').trim(),
    };
    const errors: FieldErrors = {};
    if (!typed.name) errors.name = 'Give the section a name';
    const slug = slugify(typed.slug || typed.name);
    if (!isValidSlug(slug)) errors.slug = 'Use letters, numbers and hyphens';
    const other = await deps.repos.sections.bySlug(language, slug);
    if (other && other.id !== selfId) errors.slug = `“${slug}” is taken in this edition`;
    const parentId = num(typed.parent_id);
    if (
      parentId !== null &&
      (parentId === selfId ||
        !(await deps.repos.sections.byIds([parentId])).some((p) => p.language === language))
    )
      errors.parent_id = 'Choose a parent in this edition';
    return { typed, errors, slug, parentId };
  }

  app.post('/admin/sections', { preHandler: manager }, async (req, reply) => {
    const language = edition(formValue(req.body, 'language'));
    const { typed, errors, slug, parentId } = await sectionInput(req, language);
    if (Object.keys(errors).length) return showSections(req, reply, language, errors, typed, 422);
    const siblings = (await deps.repos.sections.listByLanguage(language)).filter(
      (s) => s.parent_id === parentId,
    );
    const position = siblings.reduce((m, s) => Math.max(m, s.position), 0) + 1;
    const created = await deps.repos.sections.create(
      { language, slug, name: typed.name, description: typed.description, parentId, position },
      now(),
    );
    deps.events.emit({ type: 'section.changed', id: created.id });
    return reply.redirect(`/admin/sections?language=${language}&done=created`, 303);
  });

  async function sectionById(req: FastifyRequest): Promise<Section> {
    const id = num(String((req.params as { id: string }).id));
    const [section] = id ? await deps.repos.sections.byIds([id]) : [];
    if (!section) throw new BroadsheetError('NOT_FOUND', 'Section not found');
    return section;
  }

  app.post('/admin/sections/:id', { preHandler: manager }, async (req, reply) => {
    const section = await sectionById(req);
    const { typed, errors, slug, parentId } = await sectionInput(req, section.language, section.id);
    if (Object.keys(errors).length)
      return showSections(req, reply, section.language as Language, errors, {}, 422);
    await db
      .updateTable('sections')
      .set({ name: typed.name, slug, parent_id: parentId, description: typed.description, updated_at: now() })
      .where('id', '=', section.id)
      .execute();
    const renamed = typed.name !== section.name || parentId !== section.parent_id;
    deps.events.emit({ type: 'section.changed', id: section.id, renamed });
    return reply.redirect(`/admin/sections?language=${section.language}&done=saved`, 303);
  });

  app.post('/admin/sections/:id/move', { preHandler: manager }, async (req, reply) => {
    const section = await sectionById(req);
    const siblings = (await deps.repos.sections.listByLanguage(section.language)).filter(
      (s) => s.parent_id === section.parent_id,
    );
    const i = siblings.findIndex((s) => s.id === section.id);
    const j = formValue(req.body, 'direction') === 'up' ? i - 1 : i + 1;
    if (j >= 0 && j < siblings.length) {
      [siblings[i], siblings[j]] = [siblings[j]!, siblings[i]!];
      await db.transaction().execute(async (trx) => {
        for (const [index, s] of siblings.entries())
          await trx
            .updateTable('sections')
            .set({ position: index + 1 })
            .where('id', '=', s.id)
            .execute();
      });
      deps.events.emit({ type: 'section.changed', id: section.id });
    }
    return reply.redirect(
      `/admin/sections?language=${section.language}&done=moved#section-${section.id}`,
      303,
    );
  });

  // ---- Tags
  async function showTags(
    req: FastifyRequest,
    reply: FastifyReply,
    errors: FieldErrors = {},
    typed: Record<string, string> = {},
    status = 200,
  ) {
    const tags: Tag[] = await deps.repos.tags.all();
    const body = html`${errorSummary(errors)}
      <form method="post" action="/admin/tags">
        ${csrfField(req)}
        <fieldset>
          <legend>New tag</legend>
          ${select({ name: 'language', label: 'Edition', value: typed.language ?? 'en', options: LANGUAGES.map((l) => ({ value: l, label: l })) })}
          ${field({ name: 'name', label: 'Name', value: typed.name ?? '', error: errors.name, required: true, dir: 'auto' })}
          <button type="submit">Create tag</button>
        </fieldset>
      </form>
      ${
        tags.length
          ? html`<table class="list">
              <caption class="visually-hidden">
                Tags
              </caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Edition</th>
                  <th scope="col">Slug</th>
                  <th scope="col">Rename</th>
                </tr>
              </thead>
              <tbody>
                ${tags.map(
                  (t) =>
                    html`<tr>
                      <td dir="auto">${t.name}</td>
                      <td>${t.language}</td>
                      <td><code>${t.slug}</code></td>
                      <td>
                        <form method="post" action="/admin/tags/${t.id}" class="inline-form">
                          ${csrfField(req)}<label for="tag-${t.id}" class="visually-hidden"
                            >New name for ${t.name}</label
                          ><input id="tag-${t.id}" name="name" value="${t.name}" dir="auto" />
                          <button type="submit">Rename</button>
                        </form>
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
          : html`<p>No tags yet. Tags typed in the editor are created as articles are saved.</p>`
      }`;
    return sendPage(
      reply,
      await newsroomPage(deps, req, { title: 'Tags', body, notice: noticeFrom(req, NOTICES) }),
      status,
    );
  }

  app.get('/admin/tags', { preHandler: manager }, async (req, reply) => showTags(req, reply));

  app.post('/admin/tags', { preHandler: manager }, async (req, reply) => {
    const typed = {
      language: edition(formValue(req.body, 'language')),
      name: formValue(req.body, 'name').trim(),
    };
    const slug = slugify(typed.name);
    if (!typed.name) return showTags(req, reply, { name: 'Give the tag a name' }, typed, 422);
    if (await deps.repos.tags.bySlug(typed.language, slug))
      return showTags(req, reply, { name: 'This tag already exists' }, typed, 422);
    const tag = await deps.repos.tags.create({ language: typed.language, slug, name: typed.name }, now());
    deps.events.emit({ type: 'tag.changed', id: tag.id });
    return reply.redirect('/admin/tags?done=created', 303);
  });

  app.post('/admin/tags/:id', { preHandler: manager }, async (req, reply) => {
    const id = num(String((req.params as { id: string }).id));
    const name = formValue(req.body, 'name').trim();
    if (!id) throw new BroadsheetError('NOT_FOUND', 'Tag not found');
    if (!name) return showTags(req, reply, { name: 'A tag needs a name' }, {}, 422);
    const before = await db.selectFrom('tags').select('name').where('id', '=', id).executeTakeFirst();
    if (!before) throw new BroadsheetError('NOT_FOUND', 'Tag not found');
    await db.updateTable('tags').set({ name }).where('id', '=', id).execute();
    deps.events.emit({ type: 'tag.changed', id, renamed: name !== before.name });
    return reply.redirect('/admin/tags?done=saved', 303);
  });

  // ---- Bylines
  const linksText = (links: AuthorLink[]) => links.map((l) => `${l.label} ${l.url}`).join('\n');
  function parseLinksText(text: string): { links: AuthorLink[]; error?: string } {
    const links: AuthorLink[] = [];
    for (const line of text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)) {
      const m = /^(.*?)\s*(https?:\/\/\S+)$/.exec(line);
      if (!m) return { links, error: `“${line}” is not “Label https://…”` };
      links.push({ label: m[1] || new URL(m[2]!).hostname, url: m[2]! });
    }
    return { links };
  }

  async function showBylines(
    req: FastifyRequest,
    reply: FastifyReply,
    errors: FieldErrors = {},
    typed: Record<string, string> = {},
    status = 200,
  ) {
    const authors: Author[] = await deps.repos.authors.all();
    const form = (a: Author | undefined, t: Record<string, string>, e: FieldErrors) =>
      scopeIds(
        a ? `b${a.id}` : '',
        html`<form method="post" action="${a ? `/admin/bylines/${a.id}` : '/admin/bylines'}">
          ${csrfField(req)}
          ${field({ name: 'name', label: 'Name', value: t.name ?? a?.name ?? '', error: e.name, required: true, dir: 'auto' })}
          ${field({ name: 'slug', label: 'Slug', value: t.slug ?? a?.slug ?? '', error: e.slug, dir: 'auto' })}
          ${textarea('bio', 'Biography', t.bio ?? a?.bio ?? '', e.bio)}
          ${field({ name: 'photo_media_id', label: 'Photo (media library number, optional)', value: t.photo_media_id ?? (a?.photo_media_id ? String(a.photo_media_id) : ''), error: e.photo_media_id, inputmode: 'numeric' })}
          ${textarea('links', 'Links, one per line: Label https://…', t.links ?? (a ? linksText(parseLinks(a)) : ''), e.links)}
          <button type="submit">${a ? 'Save byline' : 'Create byline'}</button>
        </form>`,
      );
    const body = html`${scopeIds(typed.id ? `b${typed.id}` : '', errorSummary(errors))}
      <section aria-labelledby="new-byline">
        <h2 id="new-byline">New byline</h2>
        ${form(undefined, typed.id ? {} : typed, typed.id ? {} : errors)}
      </section>
      <h2>Bylines</h2>
      ${
        authors.length
          ? html`<ul class="bylines">
              ${authors.map(
                (
                  a,
                ) => html`<li id="byline-${a.id}"><strong dir="auto">${a.name}</strong> <code>${a.slug}</code>${a.user_id ? ' (newsroom account)' : ' (guest)'}
<details${typed.id === String(a.id) ? html` open` : ''}><summary>Edit ${a.name}</summary>${form(a, typed.id === String(a.id) ? typed : {}, typed.id === String(a.id) ? errors : {})}</details></li>`,
              )}
            </ul>`
          : html`<p>No bylines yet.</p>`
      }`;
    return sendPage(
      reply,
      await newsroomPage(deps, req, { title: 'Bylines', body, notice: noticeFrom(req, NOTICES) }),
      status,
    );
  }

  app.get('/admin/bylines', { preHandler: manager }, async (req, reply) => showBylines(req, reply));

  async function bylineInput(req: FastifyRequest, selfId?: number) {
    const typed = {
      name: formValue(req.body, 'name').trim(),
      slug: formValue(req.body, 'slug').trim(),
      bio: formValue(req.body, 'bio').trim(),
      photo_media_id: formValue(req.body, 'photo_media_id').trim(),
      links: formValue(req.body, 'links'),
      ...(selfId ? { id: String(selfId) } : {}),
    };
    const errors: FieldErrors = {};
    if (!typed.name) errors.name = 'Give the byline a name';
    const slug = slugify(typed.slug || typed.name);
    const other = await deps.repos.authors.bySlug(slug);
    if (other && other.id !== selfId) errors.slug = `“${slug}” is taken`;
    const photo = typed.photo_media_id ? num(typed.photo_media_id) : null;
    if (typed.photo_media_id && (!photo || (await deps.repos.media.byIds([photo])).size === 0))
      errors.photo_media_id = 'No image has that number';
    const parsed = parseLinksText(typed.links);
    if (parsed.error) errors.links = parsed.error;
    return { typed, errors, slug, photo, links: parsed.links };
  }

  app.post('/admin/bylines', { preHandler: manager }, async (req, reply) => {
    const { typed, errors, slug, photo, links } = await bylineInput(req);
    if (Object.keys(errors).length) return showBylines(req, reply, errors, typed, 422);
    const author = await deps.repos.authors.create(
      { slug, name: typed.name, bio: typed.bio, photoMediaId: photo, links },
      now(),
    );
    deps.events.emit({ type: 'author.changed', id: author.id });
    return reply.redirect(`/admin/bylines?done=created#byline-${author.id}`, 303);
  });

  app.post('/admin/bylines/:id', { preHandler: manager }, async (req, reply) => {
    const id = num(String((req.params as { id: string }).id));
    if (!id) throw new BroadsheetError('NOT_FOUND', 'Byline not found');
    const { typed, errors, slug, photo, links } = await bylineInput(req, id);
    if (Object.keys(errors).length) return showBylines(req, reply, errors, typed, 422);
    const before = await db.selectFrom('authors').select('name').where('id', '=', id).executeTakeFirst();
    const done = await db
      .updateTable('authors')
      .set({
        name: typed.name,
        slug,
        bio: typed.bio,
        photo_media_id: photo,
        links: JSON.stringify(links),
        updated_at: now(),
      })
      .where('id', '=', id)
      .executeTakeFirst();
    if (!before || Number(done.numUpdatedRows) === 0)
      throw new BroadsheetError('NOT_FOUND', 'Byline not found');
    deps.events.emit({ type: 'author.changed', id, renamed: typed.name !== before.name });
    return reply.redirect(`/admin/bylines?done=saved#byline-${id}`, 303);
  });
}
