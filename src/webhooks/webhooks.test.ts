import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { DIALECTS } from '../../test/support/databases.ts';
import { createWebhooksRepo } from '../db/repositories/webhooks.ts';
import { createArticle } from '../publishing/create-article.ts';
import { unpublishArticle } from '../publishing/unpublish-article.ts';
import { createWebhookDispatcher } from './dispatcher.ts';
import { verifySignature } from './sign.ts';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver on loopback answering with the given statuses in turn (then the last one). */
async function receiver(statuses: number[]) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function until(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

for (const dialect of DIALECTS) {
  describe(`webhooks (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      process.env.WEBHOOK_RETRY_BASE_MS = '20';
      t = await createTestApp(dialect);
      delete process.env.WEBHOOK_RETRY_BASE_MS;
    });
    afterAll(async () => t.close());

    it('POSTs signed events to a real receiver, retrying after a failure, and logs each attempt', async () => {
      const rx = await receiver([500, 200]);
      try {
        const hooks = createWebhooksRepo(t.deps.database.db);
        const now = new Date().toISOString();
        const hook = await hooks.create(
          { url: rx.url('/hook'), events: ['article.published', 'article.unpublished'], secret: 's3cret' },
          now,
        );
        const tagsOnly = await hooks.create(
          { url: rx.url('/tags'), events: ['tag.changed'], secret: 'other' },
          now,
        );

        const article = await createArticle(t.deps, {
          language: 'en',
          headline: 'Webhooks go out',
          bodySource: 'Body.',
          status: 'published',
        });
        await until(() => rx.received.length >= 2);
        const [first, second] = rx.received;
        for (const r of [first!, second!]) {
          expect(r.path).toBe('/hook');
          expect(r.headers['content-type']).toBe('application/json');
          expect(r.headers['x-broadsheet-event']).toBe('article.published');
          expect(verifySignature('s3cret', r.body, r.headers['x-broadsheet-signature'] as string)).toBe(true);
          expect(verifySignature('wrong', r.body, r.headers['x-broadsheet-signature'] as string)).toBe(false);
        }
        // The retry is the same delivery, byte for byte.
        expect(second!.headers['x-broadsheet-delivery']).toBe(first!.headers['x-broadsheet-delivery']);
        expect(second!.body).toBe(first!.body);
        const payload = JSON.parse(first!.body);
        expect(payload.event).toBe('article.published');
        expect(payload.data.article).toMatchObject({
          id: article.id,
          headline: 'Webhooks go out',
          url: expect.stringMatching(/^http:\/\/news\.test\//),
        });

        await until(async () => (await hooks.deliveries(hook.id)).length >= 2);
        const log = (await hooks.deliveries(hook.id)).reverse();
        expect(log.map((d) => [d.attempt, d.status_code, d.outcome])).toEqual([
          [1, 500, 'retrying'],
          [2, 200, 'delivered'],
        ]);

        await unpublishArticle(t.deps, { articleId: article.id });
        await until(() => rx.received.length >= 3);
        expect(rx.received[2]!.headers['x-broadsheet-event']).toBe('article.unpublished');
        expect(rx.received.some((r) => r.path === '/tags')).toBe(false);
        expect(await hooks.deliveries(tagsOnly.id)).toEqual([]);
      } finally {
        await rx.close();
      }
    });

    it('skips hooks without a secret (restored from an export)', async () => {
      const hooks = createWebhooksRepo(t.deps.database.db);
      const hook = await hooks.create(
        { url: 'http://127.0.0.1:9/x', events: ['tag.changed'], secret: '' },
        new Date().toISOString(),
      );
      expect((await hooks.subscribedTo('tag.changed')).map((h) => h.id)).not.toContain(hook.id);
      await hooks.remove(hook.id);
    });

    it('gives up after the last attempt and logs it as failed; unreachable hosts are failures too', async () => {
      const rx = await receiver([503]);
      const hooks = createWebhooksRepo(t.deps.database.db);
      const dispatcher = createWebhookDispatcher({
        hooks,
        repos: t.deps.repos,
        baseUrl: 'http://news.test',
        clock: () => new Date(),
        baseDelayMs: 5,
        maxAttempts: 3,
      });
      try {
        const now = new Date().toISOString();
        const down = await hooks.create(
          { url: rx.url('/down'), events: ['section.changed'], secret: 'x' },
          now,
        );
        await rx.close(); // nothing listens any more on that port
        const up = await receiver([503]);
        const failing = await hooks.create(
          { url: up.url('/503'), events: ['section.changed'], secret: 'x' },
          now,
        );
        dispatcher.onContentEvent({ type: 'section.changed', id: 1 });
        await until(
          async () =>
            (await hooks.deliveries(failing.id)).length === 3 &&
            (await hooks.deliveries(down.id)).length === 3,
        );
        await up.close();
        expect(up.received).toHaveLength(3);
        for (const id of [failing.id, down.id]) {
          const log = (await hooks.deliveries(id)).reverse();
          expect(log.map((d) => d.outcome)).toEqual(['retrying', 'retrying', 'failed']);
        }
        expect(dispatcher.pendingCount).toBe(0);
      } finally {
        await dispatcher.close();
      }
    });
  });
}
