import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/accounts/create-user.ts';
import { createLocalMediaStorage, mediaRoot } from '../../src/media/storage.ts';
import { storeImage } from '../../src/media/store-image.ts';
import { NewsroomClient, PASSWORD } from '../support/newsroom-client.ts';
import { formatVnu, validateHtml } from '../quality/vnu.ts';
import { editorialApp, type EditorialApp } from './harness.ts';

/** Every editorial newsroom page, in its ordinary and its error states, is valid HTML (Nu checker). */
describe('editorial newsroom pages are valid HTML (vnu)', () => {
  let t: EditorialApp;
  const pages: Record<string, string> = {};

  beforeAll(async () => {
    t = await editorialApp('sqlite');
    await createUser(t.deps, {
      email: 'editor@example.com',
      role: 'editor',
      password: PASSWORD,
      name: 'Eve Editor',
      actor: null,
    });
    const ed = new NewsroomClient(t);
    await ed.signIn('editor@example.com');
    const now = t.clock().toISOString();
    await t.deps.repos.sections.create({ language: 'en', slug: 'politics', name: 'Politics' }, now);
    await t.deps.repos.sections.create({ language: 'fa', slug: 'siasat', name: 'سیاست' }, now);
    const png = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#446688' } })
      .png()
      .toBuffer();
    const media = await storeImage(
      { repos: t.deps.repos, clock: t.clock, storage: createLocalMediaStorage(mediaRoot(t.dataDir)) },
      png,
      { originalName: 'a.png', alt: 'Blue', fast: true },
    );
    const form = {
      language: 'en',
      headline: 'Valid page',
      standfirst: 'S',
      body: 'Text with a [link](https://example.org) and\n\n> a quote',
      tags: 'One, Two',
      bylines: 'Ana Reporter',
      section_id: '1',
      featured_media_id: String(media.id),
      featured_alt: 'Blue square',
    };
    await ed.get('/admin/articles/new');
    const created = await ed.post('/admin/articles', form);
    const id = Number(/articles\/(\d+)/.exec(created.headers.location ?? '')![1]);
    const fa = await ed.post('/admin/articles', {
      ...form,
      language: 'fa',
      headline: 'خبر',
      section_id: '2',
      bylines: 'نویسنده',
    });
    const faId = Number(/articles\/(\d+)/.exec(fa.headers.location ?? '')![1]);
    await ed.post(`/admin/articles/${id}`, { ...form, body: 'Changed text', version: '1' });
    await ed.post('/admin/curation/must-read', {
      language: 'en',
      action: 'add',
      slug: 'valid-page',
      expires: '2026-12-01T00:00',
    });
    const grab = async (name: string, res: Promise<{ body: string }>) => {
      pages[name] = (await res).body;
    };
    await grab('list', ed.get('/admin/articles'));
    await grab('new', ed.get('/admin/articles/new'));
    await grab('editor', ed.get(`/admin/articles/${id}`));
    await grab('editor-fa', ed.get(`/admin/articles/${faId}`));
    await grab('preview', ed.get(`/admin/articles/${id}/preview`));
    await grab('editor-errors', ed.post('/admin/articles', { ...form, headline: '', featured_alt: '' }));
    await grab('conflict', ed.post(`/admin/articles/${id}`, { ...form, body: 'Stale', version: '1' }));
    await grab('revisions', ed.get(`/admin/articles/${id}/revisions`));
    await grab('diff', ed.get(`/admin/articles/${id}/revisions/diff?from=1&to=3`));
    await grab(
      'schedule-errors',
      ed.post(`/admin/articles/${id}/workflow`, { action: 'schedule', version: '2', at: 'nonsense' }),
    );
    await grab('curation', ed.get('/admin/curation'));
    await grab(
      'curation-errors',
      ed.post('/admin/curation/banner', {
        language: 'en',
        intent: 'save',
        text: '',
        url: 'javascript:x',
        expires: '',
      }),
    );
    await grab('media', ed.get('/admin/media'));
    await grab('sections', ed.get('/admin/sections'));
    await grab('sections-fa', ed.get('/admin/sections?language=fa'));
    await grab('tags', ed.get('/admin/tags'));
    await grab('bylines', ed.get('/admin/bylines'));
    await grab('bylines-errors', ed.post('/admin/bylines', { name: '', links: 'not a link' }));
  }, 120_000);

  afterAll(async () => t?.close());

  it('has no vnu errors', async () => {
    expect(Object.keys(pages).length).toBeGreaterThan(15);
    const messages = await validateHtml(pages);
    expect(messages, formatVnu(messages)).toEqual([]);
  }, 120_000);
});
