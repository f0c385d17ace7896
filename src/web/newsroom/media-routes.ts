import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseVariants } from '../../db/repositories/media.ts';
import type { Media } from '../../db/schema.ts';
import { BroadsheetError, invalid } from '../../domain/errors.ts';
import { DEFAULT_MAX_IMAGE_BYTES } from '../../media/image-type.ts';
import { createLocalMediaStorage, mediaRoot } from '../../media/storage.ts';
import { storeImage } from '../../media/store-image.ts';
import type { AppDeps } from '../deps.ts';
import { mediaUrl } from '../site/paths.ts';
import { picture } from '../views/components.ts';
import { html } from '../views/html.ts';
import { csrfField, csrfToken, requirePermission } from './auth.ts';
import { errorSummary, field, formValue, type FieldErrors } from './forms.ts';
import { newsroomPage, noticeFrom, sendPage } from './layout.ts';
import { scopeIds } from './editor-ids.ts';

const NOTICES = { uploaded: 'Image uploaded.', saved: 'Image details saved.' };
const ACCEPT = 'image/jpeg,image/png,image/webp,image/gif,image/avif';

/** The HTML an editor pastes into a Markdown body to embed a library image (kept by the body sanitiser). */
export function embedCode(m: Media): string {
  const image = {
    width: m.width,
    height: m.height,
    alt: m.alt,
    caption: m.caption,
    credit: m.credit,
    variants: parseVariants(m),
  };
  const caption = [m.caption, m.credit ? `Photo: ${m.credit}` : ''].filter(Boolean).join(' ');
  return html`<figure>
    ${picture(image, { sizes: '(min-width: 60em) 46rem, 100vw' })}${caption ? html`<figcaption>${caption}</figcaption>` : ''}
  </figure>`.value;
}

function thumb(m: Media): string | undefined {
  const variants = parseVariants(m)
    .slice()
    .sort((a, b) => a.width - b.width);
  const v = variants.find((x) => x.format === 'webp') ?? variants[0];
  return v ? mediaUrl(v.path) : undefined;
}

/** Media library: upload (type from the bytes, size limit), grid with alt/caption/credit and embed codes. */
export async function registerMediaRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const storage = createLocalMediaStorage(mediaRoot(deps.config.dataDir));
  const uploader = requirePermission(deps, 'media.upload');

  async function show(
    req: FastifyRequest,
    reply: FastifyReply,
    errors: FieldErrors = {},
    typed: Record<string, string> = {},
    status = 200,
  ) {
    const items = await deps.repos.media.list(120);
    const body = html`${errorSummary(errors)}
      <form
        method="post"
        action="/admin/media?_csrf=${encodeURIComponent(csrfToken(req))}"
        enctype="multipart/form-data"
        class="upload-form"
      >
        <fieldset>
          <legend>Upload an image</legend>
          <div class="field${errors.file ? ' field-invalid' : ''}">
            <label for="f-file">Image file</label>
            <p class="hint" id="f-file-hint">
              JPEG, PNG, WebP, GIF or AVIF, up to ${Math.round(DEFAULT_MAX_IMAGE_BYTES / 1024 / 1024)} MB.
              Location and camera data are removed.
            </p>
            ${errors.file ? html`<p class="error" id="f-file-error"><span class="visually-hidden">Error: </span>${errors.file}</p>` : ''}
            <input
              type="file"
              id="f-file"
              name="file"
              accept="${ACCEPT}"
              required
              aria-describedby="f-file-hint${errors.file ? ' f-file-error' : ''}"
              ${errors.file ? html` aria-invalid="true"` : ''}
            />
          </div>
          ${field({ name: 'alt', label: 'Alternative text', value: typed.alt ?? '', hint: 'What the image shows, for readers who cannot see it.', dir: 'auto' })}
          ${field({ name: 'caption', label: 'Caption', value: typed.caption ?? '', dir: 'auto' })}
          ${field({ name: 'credit', label: 'Credit', value: typed.credit ?? '', dir: 'auto' })}
          <button type="submit">Upload</button>
        </fieldset>
      </form>
      <h2>Library</h2>
      ${
        items.length
          ? html`<ul class="media-grid">
              ${items.map((m) => {
                const src = thumb(m);
                return html`<li class="media-item" id="media-${m.id}">
                  ${src ? html`<img src="${src}" alt="${m.alt}" width="240" height="${Math.round((240 * m.height) / Math.max(1, m.width))}" loading="lazy" />` : ''}
                  <p class="hint">#${m.id} · ${m.width}×${m.height} · ${m.mime}</p>
                  ${scopeIds(
                    `m${m.id}`,
                    html`<form method="post" action="/admin/media/${m.id}">
                      ${csrfField(req)}
                      ${field({ name: 'alt', label: `Alternative text (#${m.id})`, value: m.alt, dir: 'auto' })}
                      ${field({ name: 'caption', label: `Caption (#${m.id})`, value: m.caption, dir: 'auto' })}
                      ${field({ name: 'credit', label: `Credit (#${m.id})`, value: m.credit, dir: 'auto' })}
                      <button type="submit">Save details</button>
                    </form>`,
                  )}
                  <div class="field">
                    <label for="embed-${m.id}">Embed code (#${m.id})</label
                    ><textarea
                      id="embed-${m.id}"
                      readonly
                      rows="3"
                      class="embed-code"
                      data-media-id="${m.id}"
                    >
${embedCode(m)}</textarea>
                  </div>
                </li>`;
              })}
            </ul>`
          : html`<p>No images yet.</p>`
      }`;
    return sendPage(
      reply,
      await newsroomPage(deps, req, { title: 'Media library', body, notice: noticeFrom(req, NOTICES) }),
      status,
    );
  }

  app.get('/admin/media', { preHandler: uploader }, async (req, reply) => show(req, reply));

  app.get('/admin/media/:id/embed', { preHandler: uploader }, async (req, reply) => {
    const id = Number((req.params as { id: string }).id);
    const media = Number.isInteger(id) ? (await deps.repos.media.byIds([id])).get(id) : undefined;
    if (!media) throw new BroadsheetError('NOT_FOUND', 'Image not found');
    return reply.header('cache-control', 'no-store').type('text/plain; charset=utf-8').send(embedCode(media));
  });

  app.post(
    '/admin/media/:id',
    { preHandler: requirePermission(deps, 'media.upload') },
    async (req, reply) => {
      const id = Number((req.params as { id: string }).id);
      const values = {
        alt: formValue(req.body, 'alt').trim().slice(0, 500),
        caption: formValue(req.body, 'caption').trim().slice(0, 1000),
        credit: formValue(req.body, 'credit').trim().slice(0, 300),
      };
      const done = Number.isInteger(id)
        ? await deps.database.db.updateTable('media').set(values).where('id', '=', id).executeTakeFirst()
        : undefined;
      if (!done || Number(done.numUpdatedRows) === 0)
        throw new BroadsheetError('NOT_FOUND', 'Image not found');
      return reply.redirect(`/admin/media?done=saved#media-${id}`, 303);
    },
  );

  // Multipart only here: the rest of the app keeps its small urlencoded body limit.
  await app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: DEFAULT_MAX_IMAGE_BYTES, files: 1, fields: 10, fieldSize: 4000 },
    });
    scope.post('/admin/media', { preHandler: uploader }, async (req, reply) => {
      const typed: Record<string, string> = {};
      let buffer: Buffer | undefined;
      let name = 'image';
      let truncated = false;
      try {
        for await (const part of req.parts()) {
          if (part.type === 'file') {
            if (part.fieldname !== 'file') {
              await part.toBuffer();
              continue;
            }
            name = part.filename || name;
            buffer = await part.toBuffer();
            truncated = part.file.truncated;
          } else if (
            typeof part.value === 'string' &&
            ['alt', 'caption', 'credit'].includes(part.fieldname)
          ) {
            typed[part.fieldname] = part.value.trim();
          }
        }
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') truncated = true;
        else throw invalid('The upload could not be read', { file: 'Choose the image again and upload it' });
      }
      try {
        if (truncated)
          throw invalid('The image is too large', {
            file: `Images must be ${Math.round(DEFAULT_MAX_IMAGE_BYTES / 1024 / 1024)} MB or smaller`,
          });
        if (!buffer || buffer.length === 0)
          throw invalid('Choose an image to upload', { file: 'Choose an image file' });
        const media = await storeImage({ repos: deps.repos, clock: deps.clock, storage }, buffer, {
          originalName: name.slice(0, 200),
          ...(typed.alt ? { alt: typed.alt } : {}),
          ...(typed.caption ? { caption: typed.caption } : {}),
          ...(typed.credit ? { credit: typed.credit } : {}),
        });
        return reply.redirect(`/admin/media?done=uploaded#media-${media.id}`, 303);
      } catch (error) {
        if (error instanceof BroadsheetError && error.status < 500) {
          const errors = Object.keys(error.fields).length ? error.fields : { file: error.message };
          return show(req, reply, errors, typed, error.status);
        }
        throw error;
      }
    });
  });
}
