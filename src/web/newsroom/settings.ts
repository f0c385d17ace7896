import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { audit } from '../../accounts/audit.ts';
import { LANGUAGES, DEFAULT_LANGUAGE, isLanguage } from '../../domain/language.ts';
import type { AppDeps } from '../deps.ts';
import { html } from '../views/html.ts';
import { actorOf, csrfField, requirePermission } from './auth.ts';
import { errorSummary, field, formValue, select, type FieldErrors } from './forms.ts';
import { newsroomPage, noticeFrom, sendPage } from './layout.ts';

/** Keys in the `settings` table the public site reads. */
export const SETTING_KEYS = {
  siteName: 'site_name',
  defaultLanguage: 'default_language',
  logoMediaId: 'logo_media_id',
} as const;

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', fa: 'Persian (فارسی)' };

interface SettingsValues {
  siteName: string;
  defaultLanguage: string;
  logoMediaId: string;
}

/** Validates the form; returns field errors (empty when fine). */
async function check(deps: AppDeps, v: SettingsValues): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  const name = v.siteName.trim();
  if (name === '') errors.siteName = 'Enter the site name.';
  else if (name.length > 100) errors.siteName = 'Use at most 100 characters for the site name.';
  if (!isLanguage(v.defaultLanguage)) errors.defaultLanguage = 'Choose one of the editions.';
  const logo = v.logoMediaId.trim();
  if (logo !== '') {
    if (!/^\d{1,9}$/.test(logo))
      errors.logoMediaId = 'Enter the number of an image in the media library, or leave it empty.';
    else if (!(await deps.repos.media.byIds([Number(logo)])).has(Number(logo)))
      errors.logoMediaId = `There is no image number ${logo} in the media library.`;
  }
  return errors;
}

/** Admin: site name, default edition, logo. */
export async function registerSettings(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const admin = { preHandler: requirePermission(deps, 'settings.manage') };

  async function current(): Promise<SettingsValues> {
    const s = deps.repos.settings;
    return {
      siteName: (await s.get(SETTING_KEYS.siteName)) || deps.config.siteName,
      defaultLanguage: (await s.get(SETTING_KEYS.defaultLanguage)) || DEFAULT_LANGUAGE,
      logoMediaId: (await s.get(SETTING_KEYS.logoMediaId)) ?? '',
    };
  }

  async function render(
    req: FastifyRequest,
    reply: FastifyReply,
    v: SettingsValues,
    errors: FieldErrors,
    status: number,
  ) {
    const body = html`${errorSummary(errors)}
      <form method="post" action="/admin/settings" class="panel medium" novalidate>
        ${csrfField(req)}
        ${field({ name: 'siteName', label: 'Site name', value: v.siteName, required: true, maxlength: 100, error: errors.siteName })}
        ${select({
          name: 'defaultLanguage',
          label: 'Default edition',
          value: v.defaultLanguage,
          options: LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] ?? l })),
          hint: 'The language of the site when a reader has not chosen one.',
          error: errors.defaultLanguage,
        })}
        ${field({ name: 'logoMediaId', label: 'Logo (media library image number)', value: v.logoMediaId, inputmode: 'numeric', hint: 'Leave empty to show the site name as text.', error: errors.logoMediaId })}
        <button type="submit">Save settings</button>
      </form>`;
    return sendPage(
      reply,
      await newsroomPage(deps, req, {
        title: 'Site settings',
        body,
        notice: noticeFrom(req, { saved: 'Settings saved.' }),
      }),
      status,
    );
  }

  app.get('/admin/settings', admin, async (req, reply) => render(req, reply, await current(), {}, 200));

  app.post('/admin/settings', admin, async (req, reply) => {
    const v: SettingsValues = {
      siteName: formValue(req.body, 'siteName'),
      defaultLanguage: formValue(req.body, 'defaultLanguage'),
      logoMediaId: formValue(req.body, 'logoMediaId'),
    };
    const errors = await check(deps, v);
    if (Object.keys(errors).length) return render(req, reply, v, errors, 422);
    const before = await current();
    const after = {
      siteName: v.siteName.trim(),
      defaultLanguage: v.defaultLanguage,
      logoMediaId: v.logoMediaId.trim(),
    };
    const changed = (Object.keys(after) as (keyof SettingsValues)[]).filter((k) => before[k] !== after[k]);
    await deps.database.db.transaction().execute(async (trx) => {
      const { createSettingsRepo } = await import('../../db/repositories/site.ts');
      const settings = createSettingsRepo(trx);
      for (const key of changed) await settings.set(SETTING_KEYS[key], after[key]);
      if (changed.length)
        await audit(trx, deps.clock(), {
          action: 'settings.changed',
          actor: actorOf(req),
          targetType: 'settings',
          detail: { changed },
        });
    });
    // Name and logo are on every public page, which all depend on their edition's curation key.
    if (changed.length)
      for (const language of LANGUAGES) deps.events.emit({ type: 'curation.changed', language });
    return reply.redirect('/admin/settings?done=saved', 303);
  });
}
