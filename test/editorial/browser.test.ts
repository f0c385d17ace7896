import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/accounts/create-user.ts';
import { createArticle } from '../../src/publishing/create-article.ts';
import { createScheduler } from '../../src/publishing/scheduler.ts';
import { launchBrowser, skipBrowser } from '../support/browser.ts';
import { PASSWORD } from '../support/newsroom-client.ts';
import { editorialApp, type EditorialApp } from './harness.ts';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');

/** The newsroom in real Chromium, keyboard and mouse, against the real app on a loopback port. */
describe.skipIf(skipBrowser)('newsroom editorial flows in a browser', () => {
  let t: EditorialApp;
  let base: string;
  let browser: Browser;
  let editor: BrowserContext;
  let page: Page;
  let olderSlug: string;
  const axeFailures: string[] = [];

  async function signIn(context: BrowserContext, email: string): Promise<Page> {
    const p = await context.newPage();
    await p.goto(`${base}/admin/sign-in`);
    await p.getByLabel('Email address').fill(email);
    await p.getByLabel('Password').fill(PASSWORD);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.waitForURL(/\/admin(\/|$)/);
    return p;
  }

  async function axe(p: Page, label: string): Promise<void> {
    await p.addScriptTag({ path: AXE_PATH });
    const violations = await p.evaluate(async () => {
      const { axe } = globalThis as unknown as {
        axe: {
          run: (
            ctx: unknown,
            o: unknown,
          ) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>;
        };
      };
      const r = await axe.run((globalThis as unknown as { document: unknown }).document, {
        resultTypes: ['violations'],
      });
      return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    if (violations.length) axeFailures.push(`${label}: ${violations.join('; ')}`);
  }

  async function newArticle(headline: string, body: string): Promise<number> {
    await page.goto(`${base}/admin/articles/new`);
    await page.getByLabel('Headline').fill(headline);
    await page.getByLabel('Body (Markdown)').fill(body);
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.waitForURL(/\/admin\/articles\/\d+\?done=created/);
    return Number(/articles\/(\d+)/.exec(page.url())![1]);
  }

  beforeAll(async () => {
    t = await editorialApp('sqlite');
    await createUser(t.deps, {
      email: 'editor@example.com',
      role: 'editor',
      password: PASSWORD,
      name: 'Eve Editor',
      actor: null,
    });
    await createUser(t.deps, {
      email: 'contributor@example.com',
      role: 'contributor',
      password: PASSWORD,
      name: 'Carl Contributor',
      actor: null,
    });
    const older = await createArticle(t.deps, {
      language: 'en',
      headline: 'Older story',
      bodySource: 'Yesterday.',
      publishedAt: '2026-11-27T08:00:00.000Z',
      status: 'published',
    });
    olderSlug = older.slug;
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    // The app checks Origin against BASE_URL or the Host header; the loopback host matches.
    browser = await launchBrowser();
    editor = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    page = await signIn(editor, 'editor@example.com');
  }, 120_000);

  afterAll(async () => {
    await editor?.close();
    await browser?.close();
    await t?.close();
  });

  it('writes and publishes an article that then leads "Latest news"', async () => {
    await newArticle('Harbour strike ends', 'Dock workers **return** to work.');
    await axe(page, 'editor');
    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.waitForURL(/done=publish/);
    await page.goto(`${base}/news/${olderSlug}`);
    const first = page.locator('section[data-module="latest"] li a').first();
    expect(await first.textContent()).toContain('Harbour strike ends');
  });

  it('schedules an article and embargoes another; neither is public before its time', async () => {
    const scheduled = await newArticle('Budget at noon', 'Figures.');
    await page.getByLabel('Publish at (UTC)').fill('2026-11-27T13:00');
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    await page.waitForURL(/done=schedule/);
    expect(await page.locator('[data-status]').textContent()).toBe('scheduled');
    const embargoed = await newArticle('Embargoed report', 'Secret findings.');
    await page.getByLabel('Embargo until (UTC)').fill('2026-11-27T14:00');
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    await page.waitForURL(/done=schedule/);
    const slugs = await Promise.all(
      [scheduled, embargoed].map(async (id) => (await t.deps.repos.articles.byId(id))!.slug),
    );
    const scheduler = createScheduler(t.deps);
    for (const slug of slugs) expect((await page.goto(`${base}/news/${slug}`))?.status()).toBe(404);
    const home = await (await page.goto(`${base}/`))!.text();
    expect(home).not.toContain('Embargoed report');
    t.clock.set('2026-11-27T13:00:00.000Z');
    await scheduler.runOnce();
    expect((await page.goto(`${base}/news/${slugs[0]}`))?.status()).toBe(200);
    expect((await page.goto(`${base}/news/${slugs[1]}`))?.status()).toBe(404);
    t.clock.set('2026-11-27T14:00:00.000Z');
    await scheduler.runOnce();
    expect((await page.goto(`${base}/news/${slugs[1]}`))?.status()).toBe(200);
  });

  it('adds a correction shown on the article', async () => {
    const id = await newArticle('Port figures', 'Twelve ships.');
    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.waitForURL(/done=publish/);
    await page
      .getByLabel('Note shown on the article (dated now)')
      .fill('An earlier version gave the wrong number of ships.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.waitForURL(/done=note/);
    const slug = (await t.deps.repos.articles.byId(id))!.slug;
    await page.goto(`${base}/news/${slug}`);
    expect(await page.locator('article').textContent()).toContain(
      'An earlier version gave the wrong number of ships.',
    );
  });

  it('diffs two revisions and restores one', async () => {
    const id = await newArticle('Council vote', 'The council voted on Monday.');
    await page.getByLabel('Body (Markdown)').fill('The council voted on Tuesday night.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/done=saved/);
    await page.getByRole('link', { name: 'Revision history' }).click();
    await axe(page, 'revisions');
    await page.getByRole('button', { name: 'Compare' }).click();
    expect(await page.locator('.diff ins').first().textContent()).toContain('Tuesday');
    expect(await page.locator('.diff del').first().textContent()).toContain('Monday');
    await axe(page, 'diff');
    await page.getByRole('button', { name: 'Restore version 1' }).click();
    await page.waitForURL(/done=restored/);
    expect((await t.deps.repos.articles.byId(id))?.body_source).toBe('The council voted on Monday.');
  });

  it('refuses the conflicting save and shows the text back', async () => {
    const id = await newArticle('Shared story', 'Original text.');
    const other = await editor.newPage();
    await other.goto(`${base}/admin/articles/${id}`);
    await page.getByLabel('Body (Markdown)').fill('First editor wins.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/done=saved/);
    await other.getByLabel('Body (Markdown)').fill('Second editor text that must not be lost.');
    const [response] = await Promise.all([
      other.waitForResponse((r) => r.request().method() === 'POST'),
      other.getByRole('button', { name: 'Save', exact: true }).click(),
    ]);
    expect(response.status()).toBe(409);
    expect(await other.getByLabel('Your body').inputValue()).toBe(
      'Second editor text that must not be lost.',
    );
    await axe(other, 'conflict');
    await other.close();
    expect((await t.deps.repos.articles.byId(id))?.body_source).toBe('First editor wins.');
  });

  it('reorders Must read with buttons', async () => {
    const ids = [await newArticle('Pick one', 'A.'), await newArticle('Pick two', 'B.')];
    const slugs = await Promise.all(ids.map(async (id) => (await t.deps.repos.articles.byId(id))!.slug));
    await page.goto(`${base}/admin/curation`);
    for (const slug of slugs) {
      await page.getByLabel('Article slug or address').fill(slug);
      await page.getByRole('button', { name: 'Add to Must read' }).click();
      await page.waitForURL(/done=added/);
    }
    await page.getByRole('button', { name: 'Move down: Pick one' }).click();
    await page.waitForURL(/done=moved/);
    expect(await page.locator('.curation-list .headline').allTextContents()).toEqual([
      'Pick two',
      'Pick one',
    ]);
    expect((await t.deps.repos.mustRead.all('en')).map((e) => e.articleId)).toEqual([ids[1], ids[0]]);
    await axe(page, 'curation');
  });

  it('uploads an image and shows it with srcset on the public page', async () => {
    await page.goto(`${base}/admin/media`);
    const png = await sharp({ create: { width: 1400, height: 900, channels: 3, background: '#2a6f97' } })
      .png()
      .toBuffer();
    await page
      .getByLabel('Image file')
      .setInputFiles({ name: 'harbour.png', mimeType: 'image/png', buffer: png });
    await page.getByLabel('Alternative text').first().fill('Cranes at the harbour');
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.waitForURL(/done=uploaded/);
    await axe(page, 'media');
    const [media] = await t.deps.repos.media.list(1);
    const id = await newArticle('Harbour pictures', 'Cranes.');
    await page.getByLabel('Image from the media library').selectOption(String(media!.id));
    await page.getByLabel('Alternative text (required with an image)').fill('Cranes at the harbour at dawn');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/done=saved/);
    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.waitForURL(/done=publish/);
    const slug = (await t.deps.repos.articles.byId(id))!.slug;
    await page.goto(`${base}/news/${slug}`);
    const img = page.locator('article img').first();
    expect(await img.getAttribute('srcset')).toMatch(/\d+w/);
    expect(await img.getAttribute('alt')).toBe('Cranes at the harbour at dawn');
  });

  it('refuses a contributor an editor’s action', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const c = await signIn(context, 'contributor@example.com');
    const res = await c.goto(`${base}/admin/curation`);
    expect(res?.status()).toBe(403);
    await c.goto(`${base}/admin/articles/new`);
    await c.getByLabel('Headline').fill('Contributor draft');
    await c.getByRole('button', { name: 'Create draft' }).click();
    await c.waitForURL(/done=created/);
    expect(await c.getByRole('button', { name: 'Publish now' }).count()).toBe(0);
    expect(await c.getByRole('button', { name: 'Submit for review' }).count()).toBe(1);
    await context.close();
  });

  it('newsroom pages have no axe-core violations', async () => {
    for (const path of [
      '/admin/articles',
      '/admin/articles/new',
      '/admin/sections',
      '/admin/tags',
      '/admin/bylines',
    ]) {
      await page.goto(base + path);
      await axe(page, path);
    }
    expect(axeFailures).toEqual([]);
  });
});
