import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatVnu, validateHtml, VNU_JAR } from '../../test/quality/vnu.ts';
import { createUser } from '../accounts/create-user.ts';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { DIALECTS } from '../../test/support/databases.ts';
import { NewsroomClient, PASSWORD } from '../../test/support/newsroom-client.ts';
import { createWebhooksRepo } from '../db/repositories/webhooks.ts';

for (const dialect of DIALECTS) {
  describe(`newsroom API keys and webhooks pages (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      for (const role of ['editor', 'admin'] as const)
        await createUser(t.deps, {
          email: `${role}@example.com`,
          role,
          password: PASSWORD,
          name: role,
          actor: null,
        });
    });
    afterAll(async () => t.close());

    it('lets admins create a key (shown once), use it and revoke it', async () => {
      const admin = new NewsroomClient(t);
      await admin.signIn('admin@example.com');
      const page = await admin.get('/admin/api-keys');
      expect(page.statusCode).toBe(200);
      const bad = await admin.post('/admin/api-keys', { name: '', scopes: 'content:read' });
      expect(bad.statusCode).toBe(422);
      const needsUser = await admin.post('/admin/api-keys', { name: 'x', scopes: 'admin:write' });
      expect(needsUser.statusCode).toBe(422);
      const created = await admin.post('/admin/api-keys', { name: 'Partner', scopes: 'content:read' });
      expect(created.statusCode).toBe(200);
      const key = /(bsk_[A-Za-z0-9_-]+)/.exec(created.body)![1]!;
      const api = () => t.app.inject({ url: '/api/v1/tags', headers: { authorization: `Bearer ${key}` } });
      expect((await api()).statusCode).toBe(200);
      const list = await admin.get('/admin/api-keys');
      expect(list.body).not.toContain(key);
      const id = /action="\/admin\/api-keys\/(\d+)\/revoke"/.exec(list.body)![1]!;
      const revoked = await admin.post(`/admin/api-keys/${id}/revoke`, {});
      expect(revoked.statusCode).toBe(303);
      expect((await api()).statusCode).toBe(401);
      // Without the CSRF token nothing happens.
      expect(
        (await admin.post('/admin/api-keys', { name: 'Sneaky', scopes: 'content:read' }, { csrf: null }))
          .statusCode,
      ).toBe(403);
    });

    it('lets admins add webhooks and read the delivery log; others are refused', async () => {
      const admin = new NewsroomClient(t);
      await admin.signIn('admin@example.com');
      await admin.get('/admin/webhooks');
      expect((await admin.post('/admin/webhooks', { url: 'not a url', events: '*' })).statusCode).toBe(422);
      const added = await admin.post('/admin/webhooks', {
        url: 'https://example.org/hook',
        events: 'article.published',
      });
      expect(added.statusCode).toBe(200);
      expect(added.body).toMatch(/signing secret/i);
      const hook = (await createWebhooksRepo(t.deps.database.db).list()).at(-1)!;
      await createWebhooksRepo(t.deps.database.db).logDelivery({
        webhook_id: hook.id,
        delivery_id: 'abcdef12-0000',
        event: 'article.published',
        attempt: 1,
        status_code: 500,
        outcome: 'retrying',
        error: 'HTTP 500',
        duration_ms: 12,
        at: new Date().toISOString(),
      });
      const log = await admin.get(`/admin/webhooks/${hook.id}`);
      expect(log.statusCode).toBe(200);
      expect(log.body).toContain('retrying');
      const editor = new NewsroomClient(t);
      await editor.signIn('editor@example.com');
      expect((await editor.get('/admin/webhooks')).statusCode).toBe(403);
      expect((await editor.get('/admin/api-keys')).statusCode).toBe(403);
      await admin.get('/admin/webhooks');
      expect((await admin.post(`/admin/webhooks/${hook.id}/remove`, {})).statusCode).toBe(303);
      expect(await createWebhooksRepo(t.deps.database.db).byId(hook.id)).toBeUndefined();
    });
  });
}

function javaPresent(): boolean {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!existsSync(VNU_JAR) || !javaPresent())(
  'API keys and webhooks pages are valid HTML (vnu)',
  () => {
    it('has no vnu errors', async () => {
      const t = await createTestApp('sqlite');
      try {
        await createUser(t.deps, {
          email: 'admin@example.com',
          role: 'admin',
          password: PASSWORD,
          name: 'admin',
          actor: null,
        });
        const admin = new NewsroomClient(t);
        await admin.signIn('admin@example.com');
        const pages: Record<string, string> = {};
        pages['keys'] = (await admin.get('/admin/api-keys')).body;
        pages['keys error'] = (await admin.post('/admin/api-keys', { name: '' })).body;
        pages['key created'] = (
          await admin.post('/admin/api-keys', { name: 'P', scopes: 'content:read' })
        ).body;
        pages['keys listed'] = (await admin.get('/admin/api-keys')).body;
        pages['hook added'] = (
          await admin.post('/admin/webhooks', { url: 'https://example.org/h', events: '*' })
        ).body;
        pages['hooks error'] = (await admin.post('/admin/webhooks', { url: 'x' })).body;
        const hook = (await createWebhooksRepo(t.deps.database.db).list())[0]!;
        pages['deliveries'] = (await admin.get(`/admin/webhooks/${hook.id}`)).body;
        const messages = await validateHtml(pages);
        expect(messages, formatVnu(messages)).toEqual([]);
      } finally {
        await t.close();
      }
    }, 120_000);
  },
);
