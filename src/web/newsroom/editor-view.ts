import type { FastifyRequest } from 'fastify';
import type { Article, Media, Section, ArticleNote } from '../../db/schema.ts';
import { directionOf, isLanguage, LANGUAGES } from '../../domain/language.ts';
import type { WorkflowAction } from '../../domain/workflow.ts';
import { formatDate } from '../../domain/dates.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { csrfField } from './auth.ts';
import { ACTION_LABELS } from './articles-access.ts';
import type { EditorInput } from './editor-form.ts';
import { toDateTimeLocal } from './editor-form.ts';
import { dateTimeValue } from './editor-ids.ts';
import { errorSummary, field, select, type FieldErrors } from './forms.ts';

export const EDITOR_SCRIPT = '/assets/newsroom/editor.js?v=1';
export const EDITOR_STYLE = '/assets/newsroom/editor.css?v=1';

const LANGUAGE_LABELS: Record<string, string> = { en: 'English', fa: 'Persian (فارسی)' };

export interface EditorViewOptions {
  /** Undefined for a new article. */
  article?: Article;
  input: EditorInput;
  errors: FieldErrors;
  general?: string;
  sections: Section[];
  media: Media[];
  actions: WorkflowAction[];
  canCorrect: boolean;
  notes: ArticleNote[];
  /** Fields for the workflow forms kept after an error. */
  scheduleInput?: { at: string; embargo: string; unpublishAt: string };
  scheduleErrors?: FieldErrors;
  noteInput?: { kind: string; body: string };
  noteErrors?: FieldErrors;
}

function textarea(
  name: string,
  label: string,
  value: string,
  o: { rows?: number; error?: string; hint?: string; dir: string; required?: boolean; className?: string },
): SafeHtml {
  const id = `f-${name}`;
  const described = [o.hint ? `${id}-hint` : '', o.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${o.error ? ' field-invalid' : ''}">
    <label for="${id}">${label}</label>
    ${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ''}
    ${o.error ? html`<p class="error" id="${id}-error"><span class="visually-hidden">Error: </span>${o.error}</p>` : ''}
    <textarea
      id="${id}"
      name="${name}"
      rows="${o.rows ?? 3}"
      dir="${o.dir}"
      ${o.className ? html` class="${o.className}"` : ''}${o.required ? html` required` : ''}${
        described ? html` aria-describedby="${described}"` : ''
      }${o.error ? html` aria-invalid="true"` : ''}
    >
${value}</textarea>
  </div>`;
}

/** The article editor: every field, workflow buttons for the user's role, schedule, corrections. */
export function editorBody(req: FastifyRequest, o: EditorViewOptions): SafeHtml {
  const a = o.article;
  const i = o.input;
  const dir = isLanguage(i.language) ? directionOf(i.language) : 'ltr';
  const action = a ? `/admin/articles/${a.id}` : '/admin/articles';
  const sectionOptions = [
    { value: '', label: '— No section —' },
    ...o.sections.map((s) => ({
      value: String(s.id),
      label: `${s.parent_id ? '— ' : ''}${s.name} (${s.language})`,
    })),
  ];
  const mediaOptions = [
    { value: '', label: '— No image —' },
    ...o.media.map((m) => ({ value: String(m.id), label: `#${m.id} ${m.alt || m.original_name}` })),
  ];
  const words = i.body.trim() ? i.body.trim().split(/\s+/u).length : 0;
  return html`${errorSummary(o.errors, o.general)}
    ${
      a
        ? html`<p class="article-state">
            Status: <strong data-status="${a.status}">${a.status}</strong> · version
            <span data-version>${a.version}</span> · last saved
            ${formatDate(
              a.updated_at,
              'en',
            )}${a.published_at ? html` · ${a.status === 'scheduled' ? 'goes public' : 'published'} ${formatDate(a.published_at, 'en')}` : ''}${
              a.embargo_until ? html` · embargoed until ${formatDate(a.embargo_until, 'en')}` : ''
            }${a.unpublish_at ? html` · unpublishes ${formatDate(a.unpublish_at, 'en')}` : ''}
            · <a href="/admin/articles/${a.id}/revisions">Revision history</a>
          </p>`
        : ''
    }
    <div class="editor-layout">
      <form
        method="post"
        action="${action}"
        class="editor-form"
        id="editor-form"
        data-autosave="${a && a.status === 'draft' ? 'on' : 'off'}"
        novalidate
      >
        ${csrfField(req)} ${a ? html`<input type="hidden" name="version" value="${a.version}" />` : ''}
        <fieldset>
          <legend>Story</legend>
          ${select({ name: 'language', label: 'Edition (language)', value: i.language, options: LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_LABELS[l] ?? l })), error: o.errors.language, hint: 'Persian switches the writing fields to right-to-left.' })}
          ${field({ name: 'headline', label: 'Headline', value: i.headline, error: o.errors.headline, required: true, maxlength: 300, dir })}
          ${textarea('standfirst', 'Standfirst', i.standfirst, { rows: 2, error: o.errors.standfirst, dir, hint: 'One or two sentences under the headline.' })}
          <div class="field body-field${o.errors.body ? ' field-invalid' : ''}">
            <label for="f-body">Body (Markdown)</label>
            <p class="hint" id="f-body-hint">
              Markdown: **bold**, _italic_, ## heading, &gt; quote, [link](https://…). Images from the media
              library can be embedded with their embed code.
            </p>
            ${o.errors.body ? html`<p class="error" id="f-body-error"><span class="visually-hidden">Error: </span>${o.errors.body}</p>` : ''}
            <div
              class="md-toolbar"
              role="toolbar"
              aria-label="Formatting"
              aria-controls="f-body"
              hidden
            ></div>
            <textarea
              id="f-body"
              name="body"
              rows="22"
              dir="${dir}"
              class="body-input"
              aria-describedby="f-body-hint f-word-count${o.errors.body ? ' f-body-error' : ''}"
            >
${i.body}</textarea>
            <p class="word-count" id="f-word-count" aria-live="polite">
              <span data-word-count>${words}</span> words
            </p>
          </div>
          ${textarea('excerpt', 'Excerpt', i.excerpt, { rows: 2, error: o.errors.excerpt, dir, hint: 'Shown in lists. Left empty, it is taken from the standfirst or the body.' })}
        </fieldset>
        <fieldset>
          <legend>Placement</legend>
          ${select({ name: 'section_id', label: 'Section', value: i.sectionId, options: sectionOptions, error: o.errors.section_id })}
          ${field({ name: 'tags', label: 'Tags', value: i.tags, error: o.errors.tags, hint: 'Comma-separated. New tags are created as you save.', dir })}
          ${field({ name: 'bylines', label: 'Bylines', value: i.bylines, error: o.errors.bylines, hint: 'Comma-separated, in the order shown. A name not in the byline list is added as a guest.', dir })}
        </fieldset>
        <fieldset>
          <legend>Featured image</legend>
          ${select({ name: 'featured_media_id', label: 'Image from the media library', value: i.featuredMediaId, options: mediaOptions, error: o.errors.featured_media_id, hint: 'Upload new images in the media library.' })}
          ${field({ name: 'featured_alt', label: 'Alternative text (required with an image)', value: i.featuredAlt, error: o.errors.featured_alt, dir, hint: 'What the image shows, for readers who cannot see it.' })}
          ${field({ name: 'featured_caption', label: 'Caption', value: i.featuredCaption, dir })}
          ${field({ name: 'featured_credit', label: 'Credit', value: i.featuredCredit, dir })}
        </fieldset>
        <fieldset>
          <legend>Address and search engines</legend>
          ${field({ name: 'slug', label: 'Slug (the address)', value: i.slug, error: o.errors.slug, hint: a && a.status === 'published' ? 'Changing it keeps a permanent redirect from the old address.' : 'Left empty, it is made from the headline.', dir: 'auto' })}
          ${field({ name: 'seo_title', label: 'SEO title', value: i.seoTitle, error: o.errors.seo_title, dir })}
          ${textarea('seo_description', 'SEO description', i.seoDescription, { rows: 2, error: o.errors.seo_description, dir })}
          ${field({ name: 'canonical_url', label: 'Canonical URL', value: i.canonicalUrl, type: 'url', error: o.errors.canonical_url, hint: 'Only when the story first appeared elsewhere.', dir: 'ltr' })}
        </fieldset>
        <div class="editor-actions">
          <button type="submit" name="intent" value="save" class="primary">
            ${a ? 'Save' : 'Create draft'}
          </button>
          <button
            type="submit"
            name="intent"
            value="preview"
            formaction="/admin/articles/preview"
            formtarget="preview-frame"
            formnovalidate
          >
            Preview
          </button>
          <p class="autosave-status" data-autosave-status role="status"></p>
        </div>
      </form>
      <section class="preview-pane" aria-labelledby="preview-title">
        <h2 id="preview-title">Preview</h2>
        <p class="hint">Exactly as readers will see it. Press Preview to refresh${a ? '' : ''}.</p>
        <iframe
          name="preview-frame"
          title="Article preview"
          src="${a ? `/admin/articles/${a.id}/preview` : 'about:blank'}"
          class="preview-frame"
        ></iframe>
      </section>
    </div>
    ${a ? workflowSection(req, a, o) : ''} ${a && o.canCorrect ? notesSection(req, a, o) : ''}`;
}

function workflowSection(req: FastifyRequest, a: Article, o: EditorViewOptions): SafeHtml {
  const simple = o.actions.filter((x) => x !== 'schedule' && x !== 'unpublish');
  const s = o.scheduleInput ?? {
    at: toDateTimeLocal(a.status === 'scheduled' ? a.published_at : null),
    embargo: toDateTimeLocal(a.embargo_until),
    unpublishAt: toDateTimeLocal(a.unpublish_at),
  };
  const se = o.scheduleErrors ?? {};
  return html`<section class="workflow" aria-labelledby="workflow-title">
    <h2 id="workflow-title">Workflow</h2>
    ${se.workflow ? html`<p class="error" role="alert">${se.workflow}</p>` : ''}
    ${
      simple.length
        ? html`<form method="post" action="/admin/articles/${a.id}/workflow" class="workflow-buttons">
            ${csrfField(req)}<input type="hidden" name="version" value="${a.version}" />
            ${simple.map((x) => html`<button type="submit" name="action" value="${x}">${ACTION_LABELS[x]}</button> `)}
          </form>`
        : html`<p>No workflow actions are open to you on this article now.</p>`
    }
    ${
      o.actions.includes('schedule')
        ? html`<form method="post" action="/admin/articles/${a.id}/workflow" class="schedule-form">
            ${csrfField(req)}<input type="hidden" name="version" value="${a.version}" /><input
              type="hidden"
              name="action"
              value="schedule"
            />
            <fieldset>
              <legend>Schedule or embargo (times in UTC)</legend>
              ${errorSummary(Object.fromEntries(Object.entries(se).filter(([k]) => k !== 'workflow')))}
              ${field({ name: 'at', label: 'Publish at (UTC)', type: 'datetime-local', value: dateTimeValue(s.at), error: se.at })}
              ${field({ name: 'embargo', label: 'Embargo until (UTC)', type: 'datetime-local', value: dateTimeValue(s.embargo), error: se.embargo, hint: 'Nothing of the article is public anywhere before this time.' })}
              ${field({ name: 'unpublish_at', label: 'Unpublish at (UTC, optional)', type: 'datetime-local', value: dateTimeValue(s.unpublishAt), error: se.unpublish_at })}
              <button type="submit">Schedule</button>
            </fieldset>
          </form>`
        : ''
    }
    ${
      o.actions.includes('unpublish')
        ? html`<form method="post" action="/admin/articles/${a.id}/unpublish" class="unpublish-form">
            ${csrfField(req)}<input type="hidden" name="version" value="${a.version}" />
            <fieldset>
              <legend>Unpublish</legend>
              ${field({ name: 'at', label: 'Unpublish at (UTC; empty for now)', type: 'datetime-local', value: toDateTimeLocal(a.unpublish_at), error: se.unpublish })}
              <button type="submit" name="mode" value="apply">Unpublish</button>
              ${a.unpublish_at ? html`<button type="submit" name="mode" value="cancel">Cancel scheduled unpublish</button>` : ''}
            </fieldset>
          </form>`
        : ''
    }
  </section>`;
}

function notesSection(req: FastifyRequest, a: Article, o: EditorViewOptions): SafeHtml {
  const n = o.noteInput ?? { kind: 'correction', body: '' };
  const e = o.noteErrors ?? {};
  const dir = isLanguage(a.language) ? directionOf(a.language) : 'ltr';
  return html`<section class="notes" aria-labelledby="notes-title">
    <h2 id="notes-title">Corrections and updates</h2>
    ${
      o.notes.length
        ? html`<ul>
            ${o.notes.map((note) => html`<li><strong>${note.kind === 'correction' ? 'Correction' : 'Update'}</strong> (${formatDate(note.created_at, 'en')}): <span dir="${dir}">${note.body}</span></li>`)}
          </ul>`
        : html`<p>None yet.</p>`
    }
    <form method="post" action="/admin/articles/${a.id}/notes">
      ${csrfField(req)} ${errorSummary(e)}
      ${select({
        name: 'kind',
        label: 'Kind',
        value: n.kind,
        options: [
          { value: 'correction', label: 'Correction' },
          { value: 'update', label: 'Update' },
        ],
        error: e.kind,
      })}
      ${textarea('note_body', 'Note shown on the article (dated now)', n.body, { rows: 3, error: e.note_body, dir })}
      <button type="submit">Add note</button>
    </form>
  </section>`;
}
