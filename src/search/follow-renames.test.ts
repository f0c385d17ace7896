import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../accounts/create-user.ts';
import { createArticle } from '../publishing/create-article.ts';
import { followRenames } from './follow-renames.ts';
import { DIALECTS } from '../../test/support/databases.ts';
import { editorialApp, type EditorialApp } from '../../test/editorial/harness.ts';
import { NewsroomClient, PASSWORD } from '../../test/support/newsroom-client.ts';

for (const dialect of DIALECTS) {
  describe(`search follows section, tag and byline names (${dialect})`, () => {
    let t: EditorialApp;
    let admin: NewsroomClient;
    let ids: { parent: number; child: number; tag: number; author: number; article: number };

    beforeEach(async () => {
      t = await editorialApp(dialect);
      const now = t.clock().toISOString();
      const { repos } = t.deps;
      const parent = await repos.sections.create({ language: 'en', slug: 'iran', name: 'Iran' }, now);
      const child = await repos.sections.create(
        { language: 'en', slug: 'tehran', name: 'Tehran', parentId: parent.id },
        now,
      );
      const tag = await repos.tags.create({ language: 'en', slug: 'sanctions', name: 'Sanctions' }, now);
      const author = await repos.authors.create({ slug: 'jane-roe', name: 'Jane Roe' }, now);
      const article = await createArticle(t.deps, {
        language: 'en',
        headline: 'Council votes on the water budget',
        bodySource: 'The council approved the budget after a long night.',
        sectionId: child.id,
        tagIds: [tag.id],
        authorIds: [author.id],
        status: 'published',
      });
      ids = { parent: parent.id, child: child.id, tag: tag.id, author: author.id, article: article.id };
      await createUser(t.deps, {
        email: 'admin@example.com',
        role: 'admin',
        password: PASSWORD,
        name: 'The admin',
        actor: null,
      });
      admin = new NewsroomClient(t);
      await admin.signIn('admin@example.com');
    });
    afterEach(async () => t.close());

    async function found(words: string): Promise<number[]> {
      const res = await t.app.inject(`/api/v1/search?q=${encodeURIComponent(words)}`);
      expect(res.statusCode).toBe(200);
      return (res.json() as { results: { id: number }[] }).results.map((a) => a.id);
    }

    it('finds a story by the name of a section above its own', async () => {
      expect(await found('tehran')).toEqual([ids.article]);
      expect(await found('iran')).toEqual([ids.article]);
    });

    it('re-indexes the stories of a renamed tag, byline and parent section', async () => {
      await admin.get('/admin/tags');
      expect((await admin.post(`/admin/tags/${ids.tag}`, { name: 'Embargoes' })).statusCode).toBe(303);
      await admin.get('/admin/bylines');
      const byline = await admin.post(`/admin/bylines/${ids.author}`, {
        name: 'Jane Doe-Roe',
        slug: 'jane-roe',
        bio: '',
        photo_media_id: '',
        links: '',
      });
      expect(byline.statusCode).toBe(303);
      await admin.get('/admin/sections?language=en');
      const section = await admin.post(`/admin/sections/${ids.parent}`, {
        name: 'Persia',
        slug: 'iran',
        parent_id: '',
        description: '',
      });
      expect(section.statusCode).toBe(303);
      await t.deps.searchSettled();

      expect(await found('embargoes')).toEqual([ids.article]);
      expect(await found('sanctions')).toEqual([]);
      expect(await found('"doe-roe"')).toEqual([ids.article]);
      expect(await found('persia')).toEqual([ids.article]);
      expect(await found('iran')).toEqual([]);
    });

    it('stops after the batch in hand when the process shuts down', async () => {
      for (const headline of ['Second story', 'Third story'])
        await createArticle(t.deps, {
          language: 'en',
          headline,
          bodySource: 'More on the budget.',
          tagIds: [ids.tag],
          status: 'published',
        });
      const synced: number[] = [];
      const follower = followRenames(
        t.deps.database.db,
        {
          syncArticle: async (_trx, id) => {
            synced.push(id);
            if (synced.length === 1) void follower.close();
          },
        },
        undefined,
        1,
      );
      follower.onContentEvent({ type: 'tag.changed', id: ids.tag, renamed: true });
      await follower.settled();
      // Three stories carry the tag, one per batch: shut down during the first, only it was done.
      expect(synced).toEqual([ids.article]);
      // Closed: later renames are left to `broadsheet reindex`.
      follower.onContentEvent({ type: 'tag.changed', id: ids.tag, renamed: true });
      await follower.settled();
      expect(synced).toEqual([ids.article]);
    });
  });
}
