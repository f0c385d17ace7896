import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../accounts/create-user.ts';
import { createApiKeysRepo } from '../db/repositories/api-keys.ts';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { DIALECTS } from '../../test/support/databases.ts';
import { checkSchema } from './schema-check.ts';
import type { JsonSchema } from './schemas.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

for (const dialect of DIALECTS) {
  describe(`Admin API (${dialect})`, () => {
    let t: TestApp;
    let doc: Json;
    const keys: Record<string, string> = {};
    let sectionId: number;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      const now = new Date().toISOString();
      const repo = createApiKeysRepo(t.deps.database.db);
      for (const role of ['contributor', 'editor'] as const) {
        const user = await createUser(t.deps, {
          email: `${role}@news.test`,
          role,
          password: 'correct horse battery',
          name: role,
          actor: null,
        });
        keys[role] = (
          await repo.create(
            { name: role, scopes: ['admin:read', 'admin:write', 'content:read'], userId: user.id },
            now,
          )
        ).key;
      }
      keys.noUser = (await repo.create({ name: 'no user', scopes: ['admin:write'] }, now)).key;
      keys.readOnly = (await repo.create({ name: 'reader', scopes: ['content:read'] }, now)).key;
      sectionId = (await t.deps.repos.sections.create({ language: 'en', slug: 'news', name: 'News' }, now))
        .id;
      doc = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
    });
    afterAll(async () => t.close());

    const call = (who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
      t.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${keys[who]}` },
        ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
      });

    function conforms(path: string, method: string, status: number, body: unknown): void {
      const schema = doc.paths[path][method].responses[String(status)].content['application/json']
        .schema as JsonSchema;
      expect(checkSchema(body, schema, doc.components.schemas)).toEqual([]);
    }

    it("runs the newsroom workflow with each account's role", async () => {
      const created = await call('contributor', 'POST', '/api/v1/admin/articles', {
        language: 'en',
        headline: 'Filed through the API',
        bodySource: 'First paragraph.',
        sectionId,
      });
      expect(created.statusCode).toBe(201);
      conforms('/api/v1/admin/articles', 'post', 201, created.json());
      const { id, version, status } = created.json().data;
      expect(status).toBe('draft');

      const patched = await call('contributor', 'PATCH', `/api/v1/admin/articles/${id}`, {
        version,
        standfirst: 'Now with a standfirst.',
      });
      expect(patched.statusCode).toBe(200);
      expect(patched.json().data.version).toBe(version + 1);
      const stale = await call('contributor', 'PATCH', `/api/v1/admin/articles/${id}`, {
        version,
        headline: 'Overwrite',
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.code).toBe('CONFLICT');

      // A contributor may not publish; an editor may.
      expect((await call('contributor', 'POST', `/api/v1/admin/articles/${id}/publish`, {})).statusCode).toBe(
        403,
      );
      expect((await call('editor', 'GET', `/api/v1/articles/${id}`)).statusCode).toBe(404);
      const published = await call('editor', 'POST', `/api/v1/admin/articles/${id}/publish`, {
        version: version + 1,
      });
      expect(published.statusCode).toBe(200);
      expect(published.json().data.status).toBe('published');
      const seen = await call('editor', 'GET', `/api/v1/articles/${id}`);
      expect(seen.json().data.standfirst).toBe('Now with a standfirst.');
      expect(seen.json().data.section.slug).toBe('news');

      // Once published, a contributor may no longer change it.
      const v = published.json().data.version;
      expect(
        (await call('contributor', 'PATCH', `/api/v1/admin/articles/${id}`, { version: v, headline: 'x' }))
          .statusCode,
      ).toBe(403);
      const unpublished = await call('editor', 'POST', `/api/v1/admin/articles/${id}/unpublish`, {
        version: v,
      });
      expect(unpublished.statusCode).toBe(200);
      expect(unpublished.json().data.status).toBe('unpublished');
      expect((await call('editor', 'GET', `/api/v1/articles/${id}`)).statusCode).toBe(404);
      const read = await call('editor', 'GET', `/api/v1/admin/articles/${id}`);
      expect(read.json().data.version).toBe(unpublished.json().data.version);
    });

    it("refuses keys without an account or the scope, and other users' articles", async () => {
      const payload = { language: 'en', headline: 'x', bodySource: 'y' };
      expect((await call('noUser', 'POST', '/api/v1/admin/articles', payload)).statusCode).toBe(403);
      expect((await call('readOnly', 'POST', '/api/v1/admin/articles', payload)).statusCode).toBe(403);
      expect(
        (await t.app.inject({ method: 'POST', url: '/api/v1/admin/articles', payload })).statusCode,
      ).toBe(401);
      const editors = (await call('editor', 'POST', '/api/v1/admin/articles', payload)).json().data;
      const res = await call('contributor', 'PATCH', `/api/v1/admin/articles/${editors.id}`, {
        version: editors.version,
        headline: 'Mine now',
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    });

    it('answers bad input with 4xx and changes nothing', async () => {
      const before = await t.deps.database.db
        .selectFrom('articles')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const cases: [string, string, unknown, number][] = [
        [
          'POST',
          '/api/v1/admin/articles',
          { language: 'en', headline: 'x', bodySource: 'y', colour: 'red' },
          400,
        ],
        ['POST', '/api/v1/admin/articles', { language: 'de', headline: 'x', bodySource: 'y' }, 400],
        ['POST', '/api/v1/admin/articles', { language: 'en', headline: '', bodySource: 'y' }, 422],
        [
          'POST',
          '/api/v1/admin/articles',
          { language: 'en', headline: 'x', bodySource: 'y', sectionId: 99999 },
          422,
        ],
        [
          'POST',
          '/api/v1/admin/articles',
          { language: 'en', headline: 'x', bodySource: 'y', tagIds: [1, 'a'] },
          400,
        ],
        ['POST', '/api/v1/admin/articles', [1, 2], 400],
        ['PATCH', '/api/v1/admin/articles/1', { headline: 'no version' }, 400],
        ['PATCH', '/api/v1/admin/articles/99999', { version: 1 }, 404],
        ['POST', '/api/v1/admin/articles/99999/publish', {}, 404],
        ['POST', '/api/v1/admin/articles/abc/publish', {}, 404],
      ];
      for (const [method, url, payload, status] of cases) {
        const res = await call('editor', method as 'POST', url, payload);
        expect(res.statusCode, `${method} ${url} ${JSON.stringify(payload)}`).toBe(status);
        expect(res.json().error.code).toBeTruthy();
      }
      const after = await t.deps.database.db
        .selectFrom('articles')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });

    it('uploads media as the raw body', async () => {
      const png = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#3a6ea5' } })
        .png()
        .toBuffer();
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/media?filename=harbour.png&alt=The%20harbour',
        headers: { authorization: `Bearer ${keys.contributor}`, 'content-type': 'image/png' },
        payload: png,
      });
      expect(res.statusCode).toBe(201);
      conforms('/api/v1/admin/media', 'post', 201, res.json());
      expect(res.json().data.variants.length).toBeGreaterThan(0);
      expect(res.json().data.alt).toBe('The harbour');
      const junk = await t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/media?filename=x.png',
        headers: { authorization: `Bearer ${keys.contributor}`, 'content-type': 'image/png' },
        payload: Buffer.from('not an image at all'),
      });
      expect(junk.statusCode).toBeGreaterThanOrEqual(400);
      expect(junk.statusCode).toBeLessThan(500);
    });

    it('documents the admin routes in the OpenAPI document', () => {
      for (const [path, method] of [
        ['/api/v1/admin/articles', 'post'],
        ['/api/v1/admin/articles/{id}', 'patch'],
        ['/api/v1/admin/articles/{id}/publish', 'post'],
        ['/api/v1/admin/articles/{id}/unpublish', 'post'],
        ['/api/v1/admin/media', 'post'],
      ])
        expect(doc.paths[path!]?.[method!]?.requestBody, `${method} ${path}`).toBeDefined();
    });
  });
}
