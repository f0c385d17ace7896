import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKeysRepo } from '../db/repositories/api-keys.ts';
import { createArticle } from '../publishing/create-article.ts';
import { createTestApp, testClock, type TestApp } from '../../test/support/app.ts';
import { DIALECTS } from '../../test/support/databases.ts';
import { createSmallSite, type SmallSite } from '../../test/support/fixtures.ts';
import { checkSchema } from './schema-check.ts';
import type { JsonSchema } from './schemas.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

for (const dialect of DIALECTS) {
  describe(`Content API (${dialect})`, () => {
    let t: TestApp;
    let site: SmallSite;
    let key: string;
    let adminOnlyKey: string;
    let revokedKey: string;
    let doc: Json;
    let draftId: number;
    let futureId: number;

    beforeAll(async () => {
      process.env.API_CORS_ORIGINS = 'https://partner.example';
      process.env.API_RATE_LIMIT = '1000';
      t = await createTestApp(dialect, { clock: testClock() });
      delete process.env.API_CORS_ORIGINS;
      delete process.env.API_RATE_LIMIT;
      site = await createSmallSite(t.deps);
      const now = t.deps.clock().toISOString();
      draftId = (
        await createArticle(t.deps, {
          language: 'en',
          headline: 'A draft never shown',
          bodySource: 'x',
          status: 'draft',
        })
      ).id;
      futureId = (
        await createArticle(t.deps, {
          language: 'en',
          headline: 'Scheduled for tomorrow',
          bodySource: 'x',
          status: 'published',
          publishedAt: new Date(t.deps.clock().getTime() + 86_400_000).toISOString(),
        })
      ).id;
      const keys = createApiKeysRepo(t.deps.database.db);
      key = (await keys.create({ name: 'partner', scopes: ['content:read'] }, now)).key;
      adminOnlyKey = (await keys.create({ name: 'admin only', scopes: ['admin:write'] }, now)).key;
      const revoked = await keys.create({ name: 'old', scopes: ['content:read'] }, now);
      await keys.revoke(revoked.info.id, now);
      revokedKey = revoked.key;
      doc = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
    });
    afterAll(async () => t.close());

    const get = (url: string, headers: Record<string, string> = {}) =>
      t.app.inject({ url, headers: { authorization: `Bearer ${key}`, ...headers } });

    /** Checks a real response against the schema the OpenAPI document gives for it. */
    function conforms(path: string, status: number, body: unknown): void {
      const schema = doc.paths[path].get.responses[String(status)].content['application/json']
        .schema as JsonSchema;
      expect(checkSchema(body, schema, doc.components.schemas)).toEqual([]);
    }

    it('refuses requests without a valid key of the right scope', async () => {
      const none = await t.app.inject({ url: '/api/v1/articles' });
      expect(none.statusCode).toBe(401);
      expect(none.json().error.code).toBe('UNAUTHORIZED');
      expect((await get('/api/v1/articles', { authorization: `Bearer ${revokedKey}` })).statusCode).toBe(401);
      expect((await get('/api/v1/articles', { authorization: 'Bearer nope' })).statusCode).toBe(401);
      const wrongScope = await get('/api/v1/articles', { authorization: `Bearer ${adminOnlyKey}` });
      expect(wrongScope.statusCode).toBe(403);
      expect(wrongScope.json().error.code).toBe('FORBIDDEN');
      const viaQuery = await t.app.inject({ url: `/api/v1/articles?key=${encodeURIComponent(key)}` });
      expect(viaQuery.statusCode).toBe(200);
      const listed = await createApiKeysRepo(t.deps.database.db).list();
      expect(listed.find((k) => k.name === 'partner')!.lastUsedAt).not.toBeNull();
      // Only hashes are stored.
      const rows = await t.deps.database.db.selectFrom('api_keys').select('key_hash').execute();
      expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.key_hash) && r.key_hash !== key)).toBe(true);
    });

    it('walks the whole archive with next links, newest first, public articles only', async () => {
      const seen: number[] = [];
      let url: string | null = '/api/v1/articles?limit=7';
      let pages = 0;
      while (url) {
        const res = await get(url);
        expect(res.statusCode).toBe(200);
        const body = res.json();
        conforms('/api/v1/articles', 200, body);
        expect(body.data.length).toBeLessThanOrEqual(7);
        seen.push(...body.data.map((a: Json) => a.id));
        url = body.next;
        pages++;
        expect(pages).toBeLessThan(20);
      }
      const publicIds = [...site.articleIds, ...site.persianIds];
      expect(seen.sort((a, b) => a - b)).toEqual([...publicIds].sort((a, b) => a - b));
      expect(seen).not.toContain(draftId);
      expect(seen).not.toContain(futureId);
    });

    it('filters by language, section (with subsections), tag, author and time', async () => {
      const fa = (await get('/api/v1/articles?language=fa&limit=100')).json();
      expect(fa.data.map((a: Json) => a.id).sort()).toEqual([...site.persianIds].sort());
      const iran = (await get('/api/v1/articles?language=en&section=iran&limit=100')).json();
      expect(iran.data).toHaveLength(20); // iran and its child politics: 2 of every 3
      const tagged = (await get('/api/v1/articles?tag=elections&limit=100')).json();
      expect(tagged.data).toHaveLength(15);
      expect(tagged.data.every((a: Json) => a.tags.some((x: Json) => x.slug === 'elections'))).toBe(true);
      const byGuest = (await get('/api/v1/articles?author=guest-writer')).json();
      expect(byGuest.data).toHaveLength(6);
      const now = t.deps.clock().getTime();
      const since = new Date(now - 5.5 * 3_600_000).toISOString();
      const until = new Date(now - 2.5 * 3_600_000).toISOString();
      const window = (await get(`/api/v1/articles?language=en&since=${since}&until=${until}`)).json();
      expect(window.data).toHaveLength(3);
      const combined = (await get('/api/v1/articles?language=en&section=world&tag=economy&limit=100')).json();
      expect(
        combined.data.every((a: Json) => a.section.slug === 'world' && a.tags[0].slug === 'economy'),
      ).toBe(true);
    });

    it('selects fields and clamps the limit', async () => {
      const body = (await get('/api/v1/articles?fields=headline,url&limit=500')).json();
      expect(body.data).toHaveLength(36);
      expect(Object.keys(body.data[0]).sort()).toEqual(['headline', 'id', 'url']);
      const list = (await get('/api/v1/articles?limit=1')).json();
      expect(list.data[0].bodyHtml).toBeUndefined();
      expect(list.data[0].authors.length).toBeGreaterThan(0);
      expect(list.next).toMatch(/^\/api\/v1\/articles\?limit=1&cursor=/);
    });

    it('answers bad parameters with 400 JSON errors', async () => {
      for (const q of [
        'limit=0',
        'limit=abc',
        'cursor=!!!',
        'cursor=bm90LWEtY3Vyc29y',
        'language=de',
        'section=nope',
        'tag=nope',
        'author=nope',
        'since=2026-02-30',
        'since=2026-11-27&until=2026-11-01',
        'fields=headline,secret',
        'sort=asc',
        'limit=1&limit=2',
      ]) {
        const res = await get(`/api/v1/articles?${q}`);
        expect(res.statusCode, q).toBe(400);
        expect(res.json().error.code, q).toBe('BAD_REQUEST');
        conforms('/api/v1/articles', 400, res.json());
      }
    });

    it('serves one article by id or by slug, 404 for drafts and scheduled ones', async () => {
      const id = site.articleIds[0]!;
      const one = await get(`/api/v1/articles/${id}`);
      expect(one.statusCode).toBe(200);
      conforms('/api/v1/articles/{id}', 200, one.json());
      expect(one.json().data.bodyHtml).toContain('<p>');
      expect(one.json().data.bodyHtml).not.toContain('<script');
      const slug = one.json().data.slug;
      const bySlug = await get(`/api/v1/articles/${encodeURIComponent(slug)}?language=en`);
      expect(bySlug.json().data.id).toBe(id);
      expect((await get(`/api/v1/articles/${encodeURIComponent(slug)}`)).statusCode).toBe(400);
      for (const hidden of [draftId, futureId, 999999]) {
        const res = await get(`/api/v1/articles/${hidden}`);
        expect(res.statusCode).toBe(404);
        expect(res.json().error.code).toBe('NOT_FOUND');
      }
    });

    it('lists sections, tags and authors with cursors', async () => {
      const sections = (await get('/api/v1/sections?limit=2')).json();
      conforms('/api/v1/sections', 200, sections);
      expect(sections.data).toHaveLength(2);
      const rest = (await get(sections.next)).json();
      expect(rest.data.map((s: Json) => s.slug)).toEqual(['world', 'iran']);
      expect(rest.next).toBeNull();
      const tags = (await get('/api/v1/tags?language=fa')).json();
      conforms('/api/v1/tags', 200, tags);
      expect(tags.data.map((x: Json) => x.slug)).toEqual(['انتخابات']);
      const authors = (await get('/api/v1/authors')).json();
      conforms('/api/v1/authors', 200, authors);
      expect(authors.data.map((a: Json) => a.slug)).toEqual(['sara-ahmadi', 'guest-writer']);
    });

    it('gives ETags and answers 304 to If-None-Match', async () => {
      const first = await get('/api/v1/articles?limit=3');
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^"/);
      const again = await get('/api/v1/articles?limit=3', { 'if-none-match': etag });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      const other = await get('/api/v1/articles?limit=4', { 'if-none-match': etag });
      expect(other.statusCode).toBe(200);
    });

    it('sends CORS headers to configured origins only', async () => {
      const ok = await get('/api/v1/sections', { origin: 'https://partner.example' });
      expect(ok.headers['access-control-allow-origin']).toBe('https://partner.example');
      const other = await get('/api/v1/sections', { origin: 'https://evil.example' });
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await t.app.inject({
        method: 'OPTIONS',
        url: '/api/v1/articles',
        headers: { origin: 'https://partner.example', 'access-control-request-method': 'GET' },
      });
      expect(preflight.statusCode).toBe(204);
      expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);
    });

    it('describes the public search endpoint too, and its answers match', async () => {
      const res = await t.app.inject({ url: '/api/v1/search?q=elections&limit=5' });
      expect(res.statusCode).toBe(200);
      expect(res.json().results.length).toBeGreaterThan(0);
      conforms('/api/v1/search', 200, res.json());
      expect(doc.paths['/api/v1/search'].get.security).toEqual([]);
    });

    it('publishes a structurally valid OpenAPI 3.1 document covering every route', async () => {
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.info.title).toBeTruthy();
      for (const path of [
        '/api/v1/articles',
        '/api/v1/articles/{id}',
        '/api/v1/sections',
        '/api/v1/tags',
        '/api/v1/authors',
      ])
        expect(doc.paths[path]?.get, path).toBeDefined();
      for (const [path, ops] of Object.entries(doc.paths as Record<string, Json>)) {
        for (const op of Object.values(ops)) {
          expect(Object.keys(op.responses).length, path).toBeGreaterThan(0);
          for (const r of Object.values(op.responses as Record<string, Json>)) {
            expect(typeof r.description).toBe('string');
            const ref = r.content?.['application/json']?.schema?.$ref;
            if (ref)
              expect(doc.components.schemas[ref.replace('#/components/schemas/', '')], ref).toBeDefined();
          }
          for (const p of op.parameters) expect(['query', 'path']).toContain(p.in);
          for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))
            expect(op.parameters.some((p: Json) => p.in === 'path' && p.name === name && p.required)).toBe(
              true,
            );
        }
      }
      const operations = Object.values(doc.paths as Record<string, Json>).flatMap(
        (ops) => Object.values(ops) as Json[],
      );
      expect(new Set(operations.map((o) => o.operationId)).size).toBe(operations.length);
    });
  });
}
