import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../../src/accounts/create-user.ts';
import type { Role } from '../../src/domain/permissions.ts';
import { createScheduler } from '../../src/publishing/scheduler.ts';
import { DIALECTS } from '../support/databases.ts';
import { NewsroomClient, PASSWORD } from '../support/newsroom-client.ts';
import { editorialApp, type EditorialApp } from './harness.ts';

const article = (over: Record<string, string> = {}) => ({
  language: 'en',
  headline: 'Harbour strike ends',
  standfirst: 'Dock workers return',
  body: 'The strike ended on **Monday** after talks.',
  tags: 'Labour, Ports',
  bylines: 'Ana Reporter, Guest Writer',
  section_id: '',
  slug: '',
  excerpt: '',
  seo_title: '',
  seo_description: '',
  canonical_url: '',
  featured_media_id: '',
  featured_alt: '',
  featured_caption: '',
  featured_credit: '',
  ...over,
});

function idFrom(location: string | undefined): number {
  return Number(/\/admin\/articles\/(\d+)/.exec(location ?? '')?.[1]);
}

for (const dialect of DIALECTS) {
  describe(`newsroom editorial pages (${dialect})`, () => {
    let t: EditorialApp;
    const as: Record<string, NewsroomClient> = {};

    beforeEach(async () => {
      t = await editorialApp(dialect);
      for (const role of ['contributor', 'editor'] as Role[]) {
        await createUser(t.deps, {
          email: `${role}@example.com`,
          role,
          password: PASSWORD,
          name: `The ${role}`,
          actor: null,
        });
        as[role] = new NewsroomClient(t);
        await as[role].signIn(`${role}@example.com`);
      }
    });
    afterEach(async () => t.close());

    async function create(client: NewsroomClient, over: Record<string, string> = {}) {
      await client.get('/admin/articles/new');
      const res = await client.post('/admin/articles', article(over));
      expect(res.statusCode).toBe(303);
      return idFrom(res.headers.location);
    }

    it('creates, publishes and shows the article on the site, with tags and guest bylines', async () => {
      const ed = as.editor!;
      const id = await create(ed);
      const page = await ed.get(`/admin/articles/${id}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Ana Reporter, Guest Writer');
      const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
      expect(
        (await ed.post(`/admin/articles/${id}/workflow`, { action: 'publish', version })).statusCode,
      ).toBe(303);
      const saved = await t.deps.repos.articles.byId(id);
      expect(saved?.status).toBe('published');
      const site = await t.app.inject(`/news/${saved!.slug}`);
      expect(site.statusCode).toBe(200);
      expect(site.body).toContain('Harbour strike ends');
      expect(site.body).toContain('Guest Writer');
      for (const path of [
        '/admin/articles',
        '/admin/articles?status=published&language=en',
        '/admin/curation',
        '/admin/media',
        '/admin/sections',
        '/admin/tags',
        '/admin/bylines',
        `/admin/articles/${id}/revisions`,
        `/admin/articles/${id}/preview`,
      ]) {
        expect((await ed.get(path)).statusCode, path).toBe(200);
      }
    });

    it('re-shows the form with inline errors and what was typed', async () => {
      const ed = as.editor!;
      await ed.get('/admin/articles/new');
      const res = await ed.post('/admin/articles', article({ headline: '', body: 'Kept words here' }));
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('Kept words here');
      expect(res.body).toContain('aria-invalid="true"');
      const img = await ed.post('/admin/articles', article({ featured_media_id: '1', featured_alt: '' }));
      expect(img.statusCode).toBe(422);
    });

    it('refuses a stale save and shows the refused text back', async () => {
      const ed = as.editor!;
      const id = await create(ed);
      const other = new NewsroomClient(t);
      await other.signIn('editor@example.com');
      await other.get(`/admin/articles/${id}`);
      await ed.get(`/admin/articles/${id}`);
      expect(
        (await ed.post(`/admin/articles/${id}`, { ...article({ body: 'First save wins.' }), version: '1' }))
          .statusCode,
      ).toBe(303);
      const refused = await other.post(`/admin/articles/${id}`, {
        ...article({ body: 'My careful second text.' }),
        version: '1',
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.body).toContain('My careful second text.');
      expect((await t.deps.repos.articles.byId(id))?.body_source).toBe('First save wins.');
      // Autosave gets the same refusal as JSON.
      const auto = await other.post(
        `/admin/articles/${id}`,
        { ...article({ body: 'x' }), version: '1', autosave: '1' },
        { headers: { accept: 'application/json' } },
      );
      expect(auto.statusCode).toBe(409);
      expect(auto.json().error.code).toBe('CONFLICT');
    });

    it('lists revisions, diffs two and restores one', async () => {
      const ed = as.editor!;
      const id = await create(ed);
      await ed.get(`/admin/articles/${id}`);
      await ed.post(`/admin/articles/${id}`, {
        ...article({ body: 'The strike ended on Tuesday after long talks.' }),
        version: '1',
      });
      const revs = await t.deps.database.db
        .selectFrom('article_revisions')
        .select(['id', 'version'])
        .where('article_id', '=', id)
        .orderBy('id')
        .execute();
      const diff = await ed.get(`/admin/articles/${id}/revisions/diff?from=${revs[0]!.id}&to=${revs[1]!.id}`);
      expect(diff.statusCode).toBe(200);
      // Formatting may break lines inside tags: compare without that whitespace.
      const diffHtml = diff.body.replace(/\s+>/g, '>');
      expect(diffHtml).toMatch(/<ins><span class="visually-hidden">\[added: <\/span>Tuesday/);
      expect(diffHtml).toContain('<del>');
      const restore = await ed.post(`/admin/articles/${id}/revisions/${revs[0]!.id}/restore`, {
        version: '2',
      });
      expect(restore.statusCode).toBe(303);
      expect((await t.deps.repos.articles.byId(id))?.body_source).toBe(article().body);
    });

    it('schedules with an embargo that the scheduler lifts, and adds a correction', async () => {
      const ed = as.editor!;
      const id = await create(ed);
      await ed.get(`/admin/articles/${id}`);
      const bad = await ed.post(`/admin/articles/${id}/workflow`, {
        action: 'schedule',
        version: '1',
        at: '2020-01-01T00:00',
        embargo: '',
      });
      expect(bad.statusCode).toBe(422);
      const res = await ed.post(`/admin/articles/${id}/workflow`, {
        action: 'schedule',
        version: '1',
        at: '',
        embargo: '2026-11-27T15:00',
      });
      expect(res.statusCode).toBe(303);
      const a = await t.deps.repos.articles.byId(id);
      expect(a).toMatchObject({ status: 'scheduled', embargo_until: '2026-11-27T15:00:00.000Z' });
      expect((await t.app.inject(`/news/${a!.slug}`)).statusCode).toBe(404);
      t.clock.set('2026-11-27T15:00:00.000Z');
      await createScheduler(t.deps).runOnce();
      expect((await t.app.inject(`/news/${a!.slug}`)).statusCode).toBe(200);
      await ed.get(`/admin/articles/${id}`);
      expect(
        (await ed.post(`/admin/articles/${id}/notes`, { kind: 'correction', note_body: '' })).statusCode,
      ).toBe(422);
      expect(
        (
          await ed.post(`/admin/articles/${id}/notes`, {
            kind: 'correction',
            note_body: 'We misnamed the port.',
          })
        ).statusCode,
      ).toBe(303);
      expect((await t.deps.repos.articles.notes(id))[0]?.body).toBe('We misnamed the port.');
    });

    it('reorders Must read with buttons and keeps expiry per entry', async () => {
      const ed = as.editor!;
      const ids = [
        await create(ed, { headline: 'First pick' }),
        await create(ed, { headline: 'Second pick' }),
      ];
      const slugs = await Promise.all(ids.map(async (id) => (await t.deps.repos.articles.byId(id))!.slug));
      await ed.get('/admin/curation');
      expect(
        (
          await ed.post('/admin/curation/must-read', {
            language: 'en',
            action: 'add',
            slug: slugs[0]!,
            expires: '',
          })
        ).statusCode,
      ).toBe(303);
      expect(
        (
          await ed.post('/admin/curation/must-read', {
            language: 'en',
            action: 'add',
            slug: slugs[1]!,
            expires: '2026-12-01T10:00',
          })
        ).statusCode,
      ).toBe(303);
      expect(
        (
          await ed.post('/admin/curation/must-read', {
            language: 'en',
            action: 'add',
            slug: 'no-such-story',
            expires: '',
          })
        ).statusCode,
      ).toBe(422);
      expect(
        (
          await ed.post('/admin/curation/must-read', {
            language: 'en',
            action: 'down',
            article_id: String(ids[0]),
          })
        ).statusCode,
      ).toBe(303);
      const list = await t.deps.repos.mustRead.all('en');
      expect(list.map((e) => e.articleId)).toEqual([ids[1], ids[0]]);
      expect(list[0]?.expiresAt).toBe('2026-12-01T10:00:00.000Z');
      expect(
        (
          await ed.post('/admin/curation/banner', {
            language: 'en',
            intent: 'save',
            text: 'Polls close at 8pm',
            url: '/news/x',
            expires: '',
            banner_language: '',
          })
        ).statusCode,
      ).toBe(303);
      expect((await ed.post('/admin/curation/lead', { language: 'en', slug: slugs[0]! })).statusCode).toBe(
        303,
      );
      expect(await t.deps.repos.settings.get(`home_lead:en`)).toBe(String(ids[0]));
    });

    it('refuses a contributor an editor’s actions', async () => {
      const c = as.contributor!;
      const id = await create(c);
      await c.get(`/admin/articles/${id}`);
      expect(
        (await c.post(`/admin/articles/${id}/workflow`, { action: 'publish', version: '1' })).statusCode,
      ).toBe(403);
      expect((await c.get('/admin/curation')).statusCode).toBe(403);
      expect(
        (await c.post(`/admin/articles/${id}/workflow`, { action: 'submit', version: '1' })).statusCode,
      ).toBe(303);
      expect((await t.deps.repos.articles.byId(id))?.status).toBe('review');
      // Someone else's article is not theirs to open.
      const theirs = await create(as.editor!);
      expect((await c.get(`/admin/articles/${theirs}`)).statusCode).toBe(403);
    });

    it('uploads an image (type from the bytes) and refuses anything else', async () => {
      const ed = as.editor!;
      const page = await ed.get('/admin/media');
      const action = /action="(\/admin\/media\?_csrf=[^"]+)"/.exec(page.body)![1]!.replace(/&amp;/g, '&');
      const png = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#336699' } })
        .png()
        .toBuffer();
      const send = (name: string, type: string, data: Buffer) => {
        const boundary = 'XbOuNdArY';
        const payload = Buffer.concat([
          Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="alt"\r\n\r\nA blue square\r\n`),
          Buffer.from(
            `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\ncontent-type: ${type}\r\n\r\n`,
          ),
          data,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]);
        const cookie = [...ed.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
        return t.app.inject({
          method: 'POST',
          url: action,
          payload,
          headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
        });
      };
      const ok = await send('photo.png', 'image/png', png);
      expect(ok.statusCode).toBe(303);
      const [media] = await t.deps.repos.media.list(1);
      expect(media?.alt).toBe('A blue square');
      const refused = await send(
        'evil.png',
        'image/png',
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
      );
      expect(refused.statusCode).toBe(422);
      expect(refused.body).toContain('A blue square');
      const embed = await ed.get(`/admin/media/${media!.id}/embed`);
      expect(embed.body).toContain('srcset=');
    });
  });
}
