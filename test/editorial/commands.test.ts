import { afterEach, describe, expect, it } from 'vitest';
import { BroadsheetError } from '../../src/domain/errors.ts';
import { createRevisionsRepo } from '../../src/db/repositories/revisions.ts';
import { addCorrection } from '../../src/publishing/add-correction.ts';
import { changeSlug } from '../../src/publishing/change-slug.ts';
import { createArticle } from '../../src/publishing/create-article.ts';
import { moveToDraft } from '../../src/publishing/move-to-draft.ts';
import { publishArticle } from '../../src/publishing/publish-article.ts';
import { restoreRevision } from '../../src/publishing/restore-revision.ts';
import { createScheduler } from '../../src/publishing/scheduler.ts';
import { submitForReview } from '../../src/publishing/submit-for-review.ts';
import { unpublishArticle } from '../../src/publishing/unpublish-article.ts';
import { updateArticle } from '../../src/publishing/update-article.ts';
import type { ContentEvent } from '../../src/publishing/deps.ts';
import type { ArticleFields } from '../../src/publishing/article-input.ts';
import { DIALECTS } from '../support/databases.ts';
import { editorialApp, type EditorialApp } from './harness.ts';

async function rejects(promise: Promise<unknown>): Promise<BroadsheetError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BroadsheetError) return error;
    throw error;
  }
  throw new Error('expected a BroadsheetError');
}

const editor = { userId: 7, name: 'Eve Editor' };

for (const dialect of DIALECTS) {
  describe(`editorial commands (${dialect})`, () => {
    let t: EditorialApp;
    afterEach(async () => {
      await t?.close();
    });

    async function fixture() {
      t = await editorialApp(dialect);
      const now = t.clock().toISOString();
      const section = await t.deps.repos.sections.create(
        { language: 'en', slug: 'politics', name: 'Politics' },
        now,
      );
      const tag = await t.deps.repos.tags.create(
        { language: 'en', slug: 'elections', name: 'Elections' },
        now,
      );
      const author = await t.deps.repos.authors.create({ slug: 'sam-writer', name: 'Sam Writer' }, now);
      const fields: ArticleFields = {
        language: 'en',
        headline: 'Secret budget plan',
        standfirst: 'Ministers meet',
        bodySource: 'The budget will rise by ten percent.',
        sectionId: section.id,
        tagIds: [tag.id],
        authorIds: [author.id],
      };
      const article = await createArticle(t.deps, { ...fields, by: editor });
      return { section, tag, author, fields, article };
    }

    it('refuses a stale save with CONFLICT and keeps the winning text', async () => {
      const { article, fields } = await fixture();
      const first = await updateArticle(t.deps, {
        articleId: article.id,
        expectedVersion: article.version,
        fields: { ...fields, bodySource: 'First editor text.' },
        by: editor,
      });
      expect(first.version).toBe(article.version + 1);
      const error = await rejects(
        updateArticle(t.deps, {
          articleId: article.id,
          expectedVersion: article.version,
          fields: { ...fields, bodySource: 'Second editor text.' },
          by: { userId: 8, name: 'Other' },
        }),
      );
      expect(error.code).toBe('CONFLICT');
      expect(error.status).toBe(409);
      const now = await t.deps.repos.articles.byId(article.id);
      expect(now?.body_source).toBe('First editor text.');
      expect(now?.version).toBe(first.version);
    });

    it('lets exactly one of two concurrent saves from the same version win', async () => {
      const { article, fields } = await fixture();
      const results = await Promise.allSettled(
        ['A', 'B'].map((who) =>
          updateArticle(t.deps, {
            articleId: article.id,
            expectedVersion: article.version,
            fields: { ...fields, bodySource: who },
          }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect((failed.reason as BroadsheetError).code).toBe('CONFLICT');
    });

    it('keeps a revision for every save, with who and when, and restores one', async () => {
      const { article, fields } = await fixture();
      const v2 = await updateArticle(t.deps, {
        articleId: article.id,
        expectedVersion: 1,
        fields: { ...fields, bodySource: 'Changed body.' },
        by: { userId: 9, name: 'Rita' },
      });
      const revisions = createRevisionsRepo(t.deps.database.db);
      const history = await revisions.forArticle(article.id);
      expect(history.map((r) => r.version)).toEqual([2, 1]);
      expect(history[0]).toMatchObject({ userId: 9, userName: 'Rita', reason: 'save' });
      expect(await revisions.creator(article.id)).toBe(editor.userId);
      const original = history[1]!;
      const restored = await restoreRevision(t.deps, {
        articleId: article.id,
        revisionId: original.id,
        expectedVersion: v2.version,
        by: editor,
      });
      expect(restored.body_source).toBe(fields.bodySource);
      expect(restored.version).toBe(3);
      const after = await revisions.forArticle(article.id);
      expect(after[0]?.reason).toBe('restore:1');
      const full = await revisions.byId(after[0]!.id);
      expect(full?.fields.tagIds).toEqual(fields.tagIds);
    });

    it('moves through the workflow and refuses transitions that do not apply', async () => {
      const { article } = await fixture();
      const inReview = await submitForReview(t.deps, { articleId: article.id, by: editor });
      expect(inReview.status).toBe('review');
      expect((await rejects(submitForReview(t.deps, { articleId: article.id }))).code).toBe('CONFLICT');
      const back = await moveToDraft(t.deps, { articleId: article.id, from: 'review' });
      expect(back.status).toBe('draft');
      const published = await publishArticle(t.deps, { articleId: article.id, by: editor });
      expect(published.status).toBe('published');
      const down = await unpublishArticle(t.deps, { articleId: article.id, by: editor });
      expect(down.status).toBe('unpublished');
      expect((await t.app.inject(`/news/${article.slug}`)).statusCode).toBe(404);
    });

    it('adds a dated correction and moves the updated time', async () => {
      const { article } = await fixture();
      await publishArticle(t.deps, { articleId: article.id });
      t.clock.advance(3_600_000);
      const note = await addCorrection(t.deps, {
        articleId: article.id,
        kind: 'correction',
        body: 'An earlier version misstated the figure.',
      });
      expect(note.created_at).toBe(t.clock().toISOString());
      const after = await t.deps.repos.articles.byId(article.id);
      expect(after?.updated_at).toBe(t.clock().toISOString());
      expect(await t.deps.repos.articles.notes(article.id)).toHaveLength(1);
      const bad = await rejects(
        addCorrection(t.deps, { articleId: article.id, kind: 'correction', body: '  ' }),
      );
      expect(bad.code).toBe('VALIDATION');
    });

    it('keeps a 301 from the old address when a published slug changes', async () => {
      const { article, fields } = await fixture();
      const published = await publishArticle(t.deps, { articleId: article.id });
      const moved = await changeSlug(t.deps, {
        articleId: article.id,
        slug: 'budget-plan-revealed',
        expectedVersion: published.version,
      });
      expect(moved.slug).toBe('budget-plan-revealed');
      const old = await t.app.inject(`/news/${article.slug}`);
      expect(old.statusCode).toBe(301);
      expect(old.headers.location).toBe('/news/budget-plan-revealed');
      expect((await t.app.inject('/news/budget-plan-revealed')).statusCode).toBe(200);
      // A taken slug is refused and changes nothing.
      const other = await createArticle(t.deps, { ...fields, headline: 'Another story' });
      const taken = await rejects(
        updateArticle(t.deps, {
          articleId: other.id,
          expectedVersion: other.version,
          fields: { ...fields, headline: 'Another story', slug: 'budget-plan-revealed' },
        }),
      );
      expect(taken.code).toBe('VALIDATION');
    });

    it('shows nothing of an embargoed article anywhere before its time', async () => {
      const { article, section, tag, author } = await fixture();
      const lift = '2026-11-27T18:00:00.000Z';
      const embargoed = await publishArticle(t.deps, { articleId: article.id, embargoUntil: lift });
      expect(embargoed.status).toBe('scheduled');
      const pages = [
        '/',
        `/section/${section.slug}`,
        `/news/${article.slug}`,
        `/tag/${tag.slug}`,
        `/author/${author.slug}`,
      ];
      const scheduler = createScheduler(t.deps);
      t.clock.set('2026-11-27T17:59:59.000Z');
      expect((await scheduler.runOnce()).published).toEqual([]);
      const machineReadable = [
        '/feed.xml',
        '/atom.xml',
        '/feed.json',
        '/sitemap.xml',
        '/news-sitemap.xml',
        '/search?q=budget',
        '/api/v1/articles',
      ];
      for (const path of [...pages, ...machineReadable]) {
        const res = await t.app.inject(path);
        expect(res.statusCode, path).toBeLessThan(500);
        expect(res.body, path).not.toContain('Secret budget plan');
        expect(res.body, path).not.toContain(article.slug);
      }
      t.clock.set(lift);
      expect((await scheduler.runOnce()).published).toEqual([article.id]);
      for (const path of pages) {
        const res = await t.app.inject(path);
        expect(res.statusCode, path).toBe(200);
        expect(res.body, path).toContain('Secret budget plan');
      }
      // Feeds, sitemaps, search and the API follow the same rule; those served here must now list it.
      // (The sitemap index lists sitemaps, not articles.)
      for (const path of machineReadable.filter((p) => p !== '/sitemap.xml')) {
        const res = await t.app.inject(path);
        if (res.statusCode === 200) expect(res.body, path).toContain(article.slug);
      }
    });

    it('acts on a missed scheduled time at start, exactly once across two schedulers', async () => {
      const { article, fields } = await fixture();
      const second = await createArticle(t.deps, { ...fields, headline: 'Second story' });
      await publishArticle(t.deps, { articleId: article.id, at: '2026-11-27T13:00:00.000Z' });
      await publishArticle(t.deps, { articleId: second.id });
      await unpublishArticle(t.deps, { articleId: second.id, at: '2026-11-27T14:00:00.000Z' });
      const events: string[] = [];
      const deps = {
        ...t.deps,
        events: {
          emit: (e: ContentEvent) => void events.push(`${e.type}:${'articleId' in e ? e.articleId : ''}`),
        },
      };
      // "The server was down" past both times: two servers start together.
      t.clock.set('2026-11-28T09:00:00.000Z');
      const a = createScheduler(deps);
      const b = createScheduler(deps);
      const runs = await Promise.all([a.runOnce(), b.runOnce(), a.runOnce()]);
      const published = runs.flatMap((r) => r.published);
      const unpublished = runs.flatMap((r) => r.unpublished);
      expect(published).toEqual([article.id]);
      expect(unpublished).toEqual([second.id]);
      expect(events.filter((e) => e === `article.published:${article.id}`)).toHaveLength(1);
      expect((await t.deps.repos.articles.byId(article.id))?.status).toBe('published');
      expect((await t.deps.repos.articles.byId(second.id))?.status).toBe('unpublished');
      expect((await a.runOnce()).published).toEqual([]);
    });

    it('runs the catch-up at start and stops cleanly', async () => {
      const { article } = await fixture();
      await publishArticle(t.deps, { articleId: article.id, at: '2026-11-27T12:30:00.000Z' });
      t.clock.set('2026-11-27T13:00:00.000Z');
      const scheduler = createScheduler(t.deps, { startDelayMs: 0, intervalMs: 60_000 });
      scheduler.start();
      for (let i = 0; i < 50; i++) {
        if ((await t.deps.repos.articles.byId(article.id))?.status === 'published') break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await scheduler.stop();
      expect((await t.deps.repos.articles.byId(article.id))?.status).toBe('published');
    });
  });
}
