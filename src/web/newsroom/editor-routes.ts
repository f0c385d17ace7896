import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Article } from '../../db/schema.ts';
import { BroadsheetError } from '../../domain/errors.ts';
import { can } from '../../domain/permissions.ts';
import type { WorkflowAction } from '../../domain/workflow.ts';
import { addCorrection } from '../../publishing/add-correction.ts';
import { validateArticleFields } from '../../publishing/article-input.ts';
import { createArticle } from '../../publishing/create-article.ts';
import { moveToDraft } from '../../publishing/move-to-draft.ts';
import { publishArticle } from '../../publishing/publish-article.ts';
import { submitForReview } from '../../publishing/submit-for-review.ts';
import { unpublishArticle } from '../../publishing/unpublish-article.ts';
import { updateArticle } from '../../publishing/update-article.ts';
import type { AppDeps } from '../deps.ts';
import { html } from '../views/html.ts';
import { allowedWorkflow, assertMay, changedBy, loadOwned, WORKFLOW_PERMISSION } from './articles-access.ts';
import { currentUser, csrfField, requirePermission, requireUser } from './auth.ts';
import {
  ERROR_FIELD,
  EDITOR_FIELDS,
  FIELD_NAMES,
  parseDateTime,
  readEditorInput,
  resolveNames,
  toArticleFields,
  type EditorInput,
} from './editor-form.ts';
import { renderPreview } from './editor-preview.ts';
import { EDITOR_SCRIPT, EDITOR_STYLE, editorBody, type EditorViewOptions } from './editor-view.ts';
import { formValue, type FieldErrors } from './forms.ts';
import { newsroomPage, noticeFrom, sendPage } from './layout.ts';
import { wordDiff } from './revisions-diff.ts';
import { DEFAULT_LANGUAGE, directionOf, isLanguage } from '../../domain/language.ts';

const NOTICES = {
  created: 'Draft created.',
  saved: 'Saved.',
  submit: 'Submitted for review.',
  return: 'Sent back to draft.',
  schedule: 'Scheduled.',
  publish: 'Published.',
  unschedule: 'Unscheduled: back to draft.',
  unpublish: 'Unpublished.',
  'unpublish-scheduled': 'Unpublish scheduled.',
  'unpublish-cancelled': 'Scheduled unpublish cancelled.',
  redraft: 'Moved back to draft.',
  note: 'Note added to the article.',
  restored: 'Revision restored as a new save.',
};

/** The editor's fields filled from a saved article. */
export async function inputFromArticle(deps: AppDeps, article: Article): Promise<EditorInput> {
  const [tags, authors] = await Promise.all([
    deps.repos.tags.forArticles([article.id]),
    deps.repos.authors.forArticles([article.id]),
  ]);
  return {
    headline: article.headline,
    standfirst: article.standfirst,
    excerpt: article.excerpt,
    seoTitle: article.seo_title ?? '',
    seoDescription: article.seo_description ?? '',
    canonicalUrl: article.canonical_url ?? '',
    slug: article.slug,
    language: article.language,
    sectionId: article.section_id ? String(article.section_id) : '',
    tags: (tags.get(article.id) ?? []).map((t) => t.name).join(', '),
    bylines: (authors.get(article.id) ?? []).map((a) => a.name).join(', '),
    featuredMediaId: article.featured_media_id ? String(article.featured_media_id) : '',
    featuredAlt: article.featured_alt,
    featuredCaption: article.featured_caption,
    featuredCredit: article.featured_credit,
    body: article.body_source,
  };
}

/** A blank article in the site's default edition (site settings), bylined to the writer. */
async function emptyInput(deps: AppDeps, req: FastifyRequest): Promise<EditorInput> {
  const input = readEditorInput({});
  const preferred = await deps.repos.settings.get('default_language');
  input.language = isLanguage(preferred) ? preferred : DEFAULT_LANGUAGE;
  input.bylines = currentUser(req).name;
  return input;
}

function formErrors(error: BroadsheetError): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(error.fields)) {
    if (k === 'version') continue;
    out[ERROR_FIELD[k] ?? k] = v;
  }
  return out;
}

type Extra = Partial<
  Pick<EditorViewOptions, 'scheduleInput' | 'scheduleErrors' | 'noteInput' | 'noteErrors' | 'general'>
>;

async function showEditor(
  deps: AppDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  article: Article | undefined,
  input: EditorInput,
  errors: FieldErrors,
  status = 200,
  extra: Extra = {},
) {
  const [sections, media] = await Promise.all([deps.repos.sections.all(), deps.repos.media.list(200)]);
  let actions: WorkflowAction[] = [];
  let canCorrect = false;
  let notes: Awaited<ReturnType<AppDeps['repos']['articles']['notes']>> = [];
  if (article) {
    const { resource } = await loadOwned(deps, article.id);
    actions = allowedWorkflow(req, article, resource);
    canCorrect = can(currentUser(req), 'article.correct', resource);
    notes = await deps.repos.articles.notes(article.id);
  }
  const body = editorBody(req, {
    article,
    input,
    errors,
    sections,
    media,
    actions,
    canCorrect,
    notes,
    ...extra,
  });
  const lang = isLanguage(input.language) ? input.language : 'en';
  const page = await newsroomPage(deps, req, {
    title: article ? `Edit: ${article.headline}` : 'New article',
    body,
    notice: noticeFrom(req, NOTICES),
    styles: [EDITOR_STYLE],
    scripts: [EDITOR_SCRIPT],
    ...(lang !== 'en' ? {} : {}),
  });
  return sendPage(reply, page, status);
}

function wantsJson(req: FastifyRequest): boolean {
  return (req.headers.accept ?? '').includes('application/json');
}

/** The conflict page: the save was refused; the user's text is shown in full for copying, and can be kept. */
async function showConflict(
  deps: AppDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  current: Article,
  mine: EditorInput,
) {
  const theirs = await inputFromArticle(deps, current);
  const dir = isLanguage(mine.language) ? directionOf(mine.language) : 'ltr';
  const changed = EDITOR_FIELDS.filter((k) => mine[k] !== theirs[k]);
  const body = html`<div class="error-summary conflict" role="alert" tabindex="-1">
      <h2>Your changes were not saved</h2>
      <p>
        Someone else saved this article (now version ${current.version}) after you opened it. To avoid
        overwriting their work your save was refused. Nothing is lost: your text is below. Copy what you need
        into the current version, or keep your version over theirs.
      </p>
    </div>
    <h2>What differs between the saved version and yours</h2>
    ${
      changed.length
        ? html`<dl class="diff">
            ${changed.map(
              (k) =>
                html`<dt>${FIELD_NAMES[k]}</dt>
                  <dd class="diff-text" dir="${dir}">${wordDiff(theirs[k], mine[k]).html}</dd>`,
            )}
          </dl>`
        : html`<p>Your text is the same as the saved version.</p>`
    }
    <h2>Your text</h2>
    <div class="field">
      <label for="mine-headline">Your headline</label
      ><input id="mine-headline" readonly value="${mine.headline}" dir="${dir}" />
    </div>
    <div class="field">
      <label for="mine-body">Your body</label
      ><textarea id="mine-body" readonly rows="16" dir="${dir}">${mine.body}</textarea>
    </div>
    <form method="post" action="/admin/articles/${current.id}">
      ${csrfField(req)}
      <input type="hidden" name="version" value="${current.version}" />
      ${EDITOR_FIELDS.map((k) => html`<input type="hidden" name="${FIELD_NAMES[k]}" value="${mine[k]}" />`)}
      <p>
        <button type="submit" name="intent" value="save">
          Keep my version (replaces version ${current.version})
        </button>
      </p>
    </form>
    <p>
      <a href="/admin/articles/${current.id}">Open the current version</a> ·
      <a href="/admin/articles/${current.id}/revisions">Revision history</a>
    </p>`;
  const page = await newsroomPage(deps, req, {
    title: 'Save refused: the article changed',
    body,
    styles: [EDITOR_STYLE],
  });
  return sendPage(reply, page, 409);
}

function parseId(req: FastifyRequest): number {
  const raw = (req.params as { id?: string }).id ?? '';
  if (!/^\d{1,10}$/.test(raw)) throw new BroadsheetError('NOT_FOUND', 'Article not found');
  return Number(raw);
}

export async function registerEditorRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const writer = requirePermission(deps, 'article.create');

  app.get('/admin/articles/new', { preHandler: writer }, async (req, reply) =>
    showEditor(deps, req, reply, undefined, await emptyInput(deps, req), {}),
  );

  app.post('/admin/articles', { preHandler: writer }, async (req, reply) => {
    const input = readEditorInput(req.body);
    const fields = toArticleFields(input);
    try {
      validateArticleFields({ ...fields });
      const names = await resolveNames(
        deps.database.db,
        fields.language,
        input.tags,
        input.bylines,
        deps.clock().toISOString(),
      );
      const article = await createArticle(deps, { ...fields, ...names, by: changedBy(req) });
      return reply.redirect(`/admin/articles/${article.id}?done=created`, 303);
    } catch (error) {
      if (error instanceof BroadsheetError && error.status < 500 && error.code !== 'FORBIDDEN') {
        return showEditor(deps, req, reply, undefined, input, formErrors(error), 422, {
          general: error.message,
        });
      }
      throw error;
    }
  });

  app.get('/admin/articles/:id', { preHandler: requireUser(deps) }, async (req, reply) => {
    const { article, resource } = await loadOwned(deps, parseId(req));
    // Owners may always look at their article, even once it is out of their hands.
    assertMay(req, 'article.editOwn', { ...resource, status: undefined });
    return showEditor(deps, req, reply, article, await inputFromArticle(deps, article), {});
  });

  app.get('/admin/articles/:id/preview', { preHandler: requireUser(deps) }, async (req, reply) => {
    const { article, resource } = await loadOwned(deps, parseId(req));
    assertMay(req, 'article.editOwn', { ...resource, status: undefined });
    const page = await renderPreview(deps, await inputFromArticle(deps, article), article);
    return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page.value);
  });

  app.post('/admin/articles/preview', { preHandler: writer }, async (req, reply) => {
    const input = readEditorInput(req.body);
    const page = await renderPreview(deps, input);
    return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page.value);
  });

  app.post('/admin/articles/:id', { preHandler: requireUser(deps) }, async (req, reply) => {
    const id = parseId(req);
    const { article, resource } = await loadOwned(deps, id);
    assertMay(req, 'article.editOwn', resource);
    const input = readEditorInput(req.body);
    const autosave = formValue(req.body, 'autosave') === '1';
    const versionRaw = formValue(req.body, 'version');
    const expectedVersion = /^\d{1,9}$/.test(versionRaw) ? Number(versionRaw) : -1;
    const fields = toArticleFields(input);
    try {
      validateArticleFields({ ...fields });
      if (expectedVersion !== article.version)
        throw new BroadsheetError('CONFLICT', 'The article changed since you opened it');
      const names = await resolveNames(
        deps.database.db,
        fields.language,
        input.tags,
        input.bylines,
        deps.clock().toISOString(),
      );
      const saved = await updateArticle(deps, {
        articleId: id,
        expectedVersion,
        fields: { ...fields, ...names },
        by: changedBy(req),
        reason: autosave ? 'autosave' : 'save',
      });
      if (autosave || wantsJson(req))
        return reply
          .header('cache-control', 'no-store')
          .send({ ok: true, version: saved.version, savedAt: saved.updated_at });
      return reply.redirect(`/admin/articles/${id}?done=saved`, 303);
    } catch (error) {
      if (!(error instanceof BroadsheetError) || error.status >= 500) throw error;
      if (autosave || wantsJson(req)) {
        const current = await deps.repos.articles.byId(id);
        return reply
          .status(error.status)
          .header('cache-control', 'no-store')
          .send({
            error: { code: error.code, message: error.message, fields: error.fields },
            version: current?.version,
          });
      }
      if (error.code === 'CONFLICT')
        return showConflict(deps, req, reply, (await deps.repos.articles.byId(id)) ?? article, input);
      if (error.code === 'FORBIDDEN') throw error;
      return showEditor(deps, req, reply, article, input, formErrors(error), 422, { general: error.message });
    }
  });

  app.post('/admin/articles/:id/workflow', { preHandler: requireUser(deps) }, async (req, reply) => {
    const id = parseId(req);
    const { article, resource } = await loadOwned(deps, id);
    const action = formValue(req.body, 'action') as WorkflowAction;
    if (!Object.hasOwn(WORKFLOW_PERMISSION, action))
      throw new BroadsheetError('BAD_REQUEST', 'Unknown workflow action');
    assertMay(req, WORKFLOW_PERMISSION[action], resource);
    const versionRaw = formValue(req.body, 'version');
    const expectedVersion = /^\d{1,9}$/.test(versionRaw) ? Number(versionRaw) : undefined;
    const by = changedBy(req);
    const props = { articleId: id, by, ...(expectedVersion !== undefined ? { expectedVersion } : {}) };
    const scheduleInput = {
      at: formValue(req.body, 'at'),
      embargo: formValue(req.body, 'embargo'),
      unpublishAt: formValue(req.body, 'unpublish_at'),
    };
    try {
      if (!allowedWorkflow(req, article, resource).includes(action))
        throw new BroadsheetError(
          'CONFLICT',
          `This article is ${article.status}: that action does not apply.`,
        );
      switch (action) {
        case 'submit':
          await submitForReview(deps, props);
          break;
        case 'return':
          await moveToDraft(deps, { ...props, from: 'review' });
          break;
        case 'unschedule':
          await moveToDraft(deps, { ...props, from: 'scheduled' });
          break;
        case 'redraft':
          await moveToDraft(deps, { ...props, from: 'unpublished' });
          break;
        case 'publish':
          await publishArticle(deps, props);
          break;
        case 'unpublish':
          await unpublishArticle(deps, props);
          break;
        case 'schedule': {
          const errors: FieldErrors = {};
          const at = parseDateTime(scheduleInput.at);
          const embargo = parseDateTime(scheduleInput.embargo);
          const unpublishAt = parseDateTime(scheduleInput.unpublishAt);
          const now = deps.clock().toISOString();
          if (at === null) errors.at = 'Enter a date and time';
          if (embargo === null) errors.embargo = 'Enter a date and time';
          if (unpublishAt === null) errors.unpublish_at = 'Enter a date and time';
          if (!at && !embargo && at !== null && embargo !== null)
            errors.at = 'Choose when to publish, or an embargo time';
          if (at && at <= now) errors.at = 'Choose a time in the future (or use Publish now)';
          if (embargo && embargo <= now) errors.embargo = 'An embargo must end in the future';
          const release = [at, embargo]
            .filter((t): t is string => !!t)
            .sort()
            .pop();
          if (unpublishAt && release && unpublishAt <= release)
            errors.unpublish_at = 'Unpublish after the article goes public';
          if (Object.keys(errors).length)
            throw new BroadsheetError('VALIDATION', 'The schedule has errors', errors);
          await publishArticle(deps, {
            ...props,
            ...(at ? { at } : {}),
            ...(embargo ? { embargoUntil: embargo } : {}),
            ...(unpublishAt ? { unpublishAt } : {}),
          });
          break;
        }
      }
      return reply.redirect(`/admin/articles/${id}?done=${action}`, 303);
    } catch (error) {
      if (!(error instanceof BroadsheetError) || error.status >= 500 || error.code === 'FORBIDDEN')
        throw error;
      const fresh = (await deps.repos.articles.byId(id)) ?? article;
      const scheduleErrors: FieldErrors =
        error.code === 'VALIDATION' ? formErrors(error) : { workflow: error.message };
      return showEditor(deps, req, reply, fresh, await inputFromArticle(deps, fresh), {}, error.status, {
        scheduleInput,
        scheduleErrors,
      });
    }
  });

  app.post('/admin/articles/:id/unpublish', { preHandler: requireUser(deps) }, async (req, reply) => {
    const id = parseId(req);
    const { article, resource } = await loadOwned(deps, id);
    assertMay(req, 'article.unpublish', resource);
    const cancel = formValue(req.body, 'mode') === 'cancel';
    const at = parseDateTime(formValue(req.body, 'at'));
    try {
      if (at === null)
        throw new BroadsheetError('VALIDATION', 'Enter a date and time', {
          unpublish: 'Enter a date and time, or leave it empty to unpublish now',
        });
      const done = await unpublishArticle(deps, {
        articleId: id,
        by: changedBy(req),
        cancel,
        ...(at ? { at } : {}),
      });
      const key = cancel
        ? 'unpublish-cancelled'
        : done.status === 'unpublished'
          ? 'unpublish'
          : 'unpublish-scheduled';
      return reply.redirect(`/admin/articles/${id}?done=${key}`, 303);
    } catch (error) {
      if (!(error instanceof BroadsheetError) || error.status >= 500 || error.code === 'FORBIDDEN')
        throw error;
      return showEditor(deps, req, reply, article, await inputFromArticle(deps, article), {}, error.status, {
        scheduleErrors: error.code === 'VALIDATION' ? formErrors(error) : { workflow: error.message },
      });
    }
  });

  app.post('/admin/articles/:id/notes', { preHandler: requireUser(deps) }, async (req, reply) => {
    const id = parseId(req);
    const { article, resource } = await loadOwned(deps, id);
    assertMay(req, 'article.correct', resource);
    const noteInput = { kind: formValue(req.body, 'kind'), body: formValue(req.body, 'note_body') };
    try {
      await addCorrection(deps, {
        articleId: id,
        kind: noteInput.kind as 'correction',
        body: noteInput.body,
      });
      return reply.redirect(`/admin/articles/${id}?done=note`, 303);
    } catch (error) {
      if (!(error instanceof BroadsheetError) || error.status >= 500 || error.code === 'FORBIDDEN')
        throw error;
      const noteErrors = Object.fromEntries(
        Object.entries(error.fields).map(([k, v]) => [k === 'body' ? 'note_body' : k, v]),
      );
      return showEditor(deps, req, reply, article, await inputFromArticle(deps, article), {}, error.status, {
        noteInput,
        noteErrors,
      });
    }
  });
}
