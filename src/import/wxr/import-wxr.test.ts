import { existsSync, readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { noEvents, type PublishingDeps } from '../../publishing/deps.ts';
import { BroadsheetError } from '../../domain/errors.ts';
import { importWxr } from './import-wxr.ts';
import { parseWxr } from './parse-wxr.ts';
import { cleanWordPressContent } from './content.ts';

const WXR = fileURLToPath(new URL('../../../../shared/data/wxr', import.meta.url));
const shared = existsSync(WXR);
if (!shared && process.env.BROADSHEET_REQUIRE_SHARED === '1') throw new Error(`fixtures missing at ${WXR}`);
const WP = `${WXR}/wordpress-importer-fixtures/phpunit/data`;
const read = (path: string) => readFileSync(path, 'utf8');
const allFixtures = shared ? execSync(`find ${WXR} -name '*.xml'`).toString().trim().split('\n').sort() : [];
const FAILING: Record<string, string> = {
  'malformed.xml': 'malformed',
  'malformed-simple.xml': 'malformed',
  'missing-version-tag.xml': 'version',
  'invalid-version-tag.xml': 'version',
};

const PERSIAN = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>فارسی</title><link>https://fa.example</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://fa.example</wp:base_site_url>
<wp:author><wp:author_login>reza</wp:author_login><wp:author_email>r@example.org</wp:author_email><wp:author_display_name><![CDATA[رضا]]></wp:author_display_name></wp:author>
<wp:category><wp:term_id>2</wp:term_id><wp:category_nicename>%d8%b3%db%8c%d8%a7%d8%b3%d8%aa</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[سیاست]]></wp:cat_name></wp:category>
<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>iran</wp:category_nicename><wp:category_parent>%d8%b3%db%8c%d8%a7%d8%b3%d8%aa</wp:category_parent><wp:cat_name><![CDATA[ایران]]></wp:cat_name></wp:category>
<item><title>خبر مهم</title><link>https://fa.example/2024/05/%d8%ae%d8%a8%d8%b1-%d9%85%d9%87%d9%85/</link><dc:creator>reza</dc:creator>
<content:encoded><![CDATA[<!-- wp:paragraph --><p>پاراگراف اول & دوم</p><!-- /wp:paragraph -->
[caption id="attachment_9" align="alignnone" width="300"]<img src="https://fa.example/a.jpg" alt="عکس" /> زیرنویس[/caption]

[embed]https://www.youtube.com/watch?v=abc[/embed]
[gallery ids="1,2,3"]
[unknown foo="bar"]نگه‌داشتن[/unknown]]]></content:encoded>
<excerpt:encoded><![CDATA[خلاصه]]></excerpt:encoded>
<wp:post_id>10</wp:post_id><wp:post_date>2024-05-01 12:00:00</wp:post_date><wp:post_date_gmt>2024-05-01 08:30:00</wp:post_date_gmt>
<wp:post_name>%d8%ae%d8%a8%d8%b1-%d9%85%d9%87%d9%85</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="iran"><![CDATA[ایران]]></category><category domain="post_tag" nicename="%d8%aa%da%af"><![CDATA[تگ]]></category>
<wp:comment><wp:comment_id>1</wp:comment_id></wp:comment><wp:comment><wp:comment_id>2</wp:comment_id></wp:comment>
</item>
</channel></rss>`;

describe('WXR parsing (facts from the WordPress importer tests)', () => {
  it.skipIf(!shared)('reads valid-wxr-1.1.xml', () => {
    const doc = parseWxr(read(`${WP}/valid-wxr-1.1.xml`));
    expect(doc.baseSiteUrl).toBe('http://localhost/');
    expect(doc.authors[0]).toMatchObject({
      id: '2',
      login: 'john',
      email: 'johndoe@example.org',
      displayName: 'John Doe',
    });
    expect(doc.categories[0]).toMatchObject({ id: '3', slug: 'alpha', description: 'The alpha category' });
    expect(doc.tags[0]).toMatchObject({ id: '22', slug: 'clippable', name: 'Clippable' });
    expect(doc.terms[0]).toMatchObject({ id: '40', slug: 'bieup', taxonomy: 'post_tax' });
    expect(doc.items.filter((i) => i.type === 'post' || i.type === 'page')).toHaveLength(2);
  });
  it.skipIf(!shared)('reads valid-wxr-1.0.xml', () => {
    const doc = parseWxr(read(`${WP}/valid-wxr-1.0.xml`));
    expect(doc.baseSiteUrl).toBe('http://localhost/');
    expect(doc.categories[0]!.slug).toBe('alpha');
    expect(doc.tags[0]!.slug).toBe('chicken');
    expect(doc.items).toHaveLength(6);
  });
  it.skipIf(!shared)('keeps blank lines, term formats and serialized meta', () => {
    expect(parseWxr(read(`${WP}/post-content-blank-lines.xml`)).items[0]!.content.split('\n')).toHaveLength(
      4,
    );
    const terms = parseWxr(read(`${WP}/term-formats.xml`));
    expect([
      terms.authors.length,
      terms.items.length,
      terms.categories.length,
      terms.tags.length,
      terms.terms.length,
    ]).toEqual([0, 0, 2, 3, 2]);
    const termMeta = parseWxr(read(`${WP}/test-serialized-term-meta.xml`));
    expect([termMeta.categories.length, termMeta.tags.length, termMeta.terms.length]).toEqual([1, 1, 1]);
    expect(parseWxr(read(`${WP}/test-serialized-comment-meta.xml`)).items[0]!.commentCount).toBe(1);
  });
  it.skipIf(!shared)('reads nested and escaped CDATA like WordPress', () => {
    for (const file of ['crazy-cdata.xml', 'crazy-cdata-escaped.xml']) {
      expect(parseWxr(read(`${WP}/${file}`)).items[0]!.content).toBe(
        'Content with nested <![CDATA[ tags ]]> :)',
      );
    }
  });
  it.skipIf(!shared)('fails malformed files with the line, and files without a WXR version', () => {
    for (const [file, kind] of Object.entries(FAILING)) {
      let error: unknown;
      try {
        parseWxr(read(`${WP}/${file}`));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(BroadsheetError);
      expect((error as BroadsheetError).code).toBe('VALIDATION');
      if (kind === 'malformed') expect(Number((error as BroadsheetError).fields.line)).toBeGreaterThan(0);
    }
  });
  it('turns shortcodes and blocks into clean HTML', () => {
    const html = cleanWordPressContent(
      '<!-- wp:paragraph -->\n<p>Hi</p>\n<!-- /wp:paragraph -->\n\n[caption id="a" caption="Cap"]<img src="https://x.example/a.jpg">[/caption]\n\nLine one\nline two\n\n[embed]https://youtu.be/x[/embed]\n[gallery ids="1,2"][foo]kept[/foo]',
    );
    expect(html).not.toMatch(/wp:|\[|\]/);
    expect(html).toContain(
      '<figure><img src="https://x.example/a.jpg"><figcaption>Cap</figcaption></figure>',
    );
    expect(html).toContain('<p>Line one<br>\nline two</p>');
    expect(html).toContain('<a href="https://youtu.be/x">');
    expect(html).toContain('kept');
  });
});

for (const dialect of DIALECTS) {
  describe(`WXR import (${dialect})`, () => {
    let db: TestDatabase;
    let deps: PublishingDeps;
    beforeEach(async () => {
      db = await freshDatabase(dialect);
      await migrateToLatest(db.adapter);
      deps = {
        database: db.adapter,
        clock: () => new Date('2026-11-27T12:00:00.000Z'),
        indexers: [],
        events: noEvents,
      };
    });
    afterEach(() => db.drop());
    const count = async (
      table:
        'articles' | 'sections' | 'tags' | 'authors' | 'redirects' | 'media' | 'article_tags' | 'import_keys',
    ) =>
      Number(
        (
          await db.adapter.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it.skipIf(!shared)(
      'imports small-export.xml as SOURCE.txt describes, and again without duplicates',
      async () => {
        const xml = read(`${WP}/small-export.xml`);
        const first = await importWxr(deps, { xml, language: 'en' });
        expect(first.articlesCreated).toBe(6);
        expect(first.comments).toBe(1);
        expect(first.skipped.page).toBe(5);
        expect(await count('sections')).toBe(30);
        expect(await count('tags')).toBe(3);
        expect(await count('authors')).toBe(3);
        const statuses = await db.adapter.db
          .selectFrom('articles')
          .select(['headline', 'status', 'id'])
          .orderBy('id')
          .execute();
        expect(statuses.filter((a) => a.status === 'published')).toHaveLength(5);
        expect(statuses.find((a) => a.headline === 'Private Post')!.status).toBe('draft');
        const privateId = statuses.find((a) => a.headline === 'Private Post')!.id;
        const tags = await db.adapter.db
          .selectFrom('article_tags')
          .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
          .select('tags.slug')
          .where('article_id', '=', privateId)
          .orderBy('position')
          .execute();
        expect(tags.map((t) => t.slug)).toEqual(['tag1', 'tag2', 'tag3']);
        const author = await db.adapter.db
          .selectFrom('authors')
          .selectAll()
          .where('slug', '=', 'editor')
          .executeTakeFirstOrThrow();
        expect([author.name, author.email]).toEqual(['FirstName LastName', 'editor@example.org']);

        const before = await Promise.all(
          (
            ['articles', 'sections', 'tags', 'authors', 'redirects', 'article_tags', 'import_keys'] as const
          ).map(count),
        );
        const second = await importWxr(deps, { xml, language: 'en' });
        expect(second.articlesCreated).toBe(0);
        expect(second.articlesUnchanged).toBe(6);
        const after = await Promise.all(
          (
            ['articles', 'sections', 'tags', 'authors', 'redirects', 'article_tags', 'import_keys'] as const
          ).map(count),
        );
        expect(after).toEqual(before);
      },
    );

    it.skipIf(!shared)(
      'imports every fixture, or fails it without changing anything',
      async () => {
        for (const file of allFixtures) {
          const name = file.split('/').pop()!;
          const before = await count('articles');
          if (FAILING[name] && file.includes('wordpress-importer')) {
            await expect(importWxr(deps, { xml: read(file), language: 'en' })).rejects.toMatchObject({
              code: 'VALIDATION',
            });
            expect(await count('articles')).toBe(before);
            continue;
          }
          const summary = await importWxr(deps, { xml: read(file), language: 'en' });
          expect(summary.articlesCreated + summary.articlesUnchanged, name).toBeGreaterThanOrEqual(0);
        }
        expect(await count('articles')).toBeGreaterThan(100);
      },
      120_000,
    );

    it.skipIf(!shared)('keeps featured images as remote media and old permalinks as redirects', async () => {
      await importWxr(deps, {
        xml: read(`${WXR}/tryghost-migrate-fixtures/packages/mg-wp-xml/test/fixtures/sample-with-alt.xml`),
        language: 'en',
      });
      const withImage = await db.adapter.db
        .selectFrom('articles')
        .innerJoin('media', 'media.id', 'articles.featured_media_id')
        .select(['media.remote_url', 'articles.featured_alt', 'media.variants'])
        .executeTakeFirstOrThrow();
      expect(withImage.remote_url).toMatch(/^https?:\/\//);
      expect(withImage.variants).toBe('[]');
      const redirects = await db.adapter.db.selectFrom('redirects').selectAll().execute();
      expect(redirects.length).toBeGreaterThan(0);
      expect(redirects.every((r) => r.status_code === 301 && r.to_path.startsWith('/news/'))).toBe(true);
    });

    it('keeps Persian slugs, section hierarchy, bylines and GMT dates; counts comments', async () => {
      const summary = await importWxr(deps, { xml: PERSIAN, language: 'fa' });
      expect(summary.articlesCreated).toBe(1);
      expect(summary.comments).toBe(2);
      const article = await db.adapter.db.selectFrom('articles').selectAll().executeTakeFirstOrThrow();
      expect(article.slug).toBe('خبر-مهم');
      expect(article.language).toBe('fa');
      expect(article.published_at).toBe('2024-05-01T08:30:00.000Z');
      expect(article.excerpt).toBe('خلاصه');
      expect(article.body_html).toContain('<figure>');
      expect(article.body_html).toContain('<figcaption>زیرنویس</figcaption>');
      expect(article.body_html).toContain('نگه‌داشتن');
      expect(article.body_html).not.toMatch(/\[|wp:/);
      const sections = await db.adapter.db.selectFrom('sections').selectAll().orderBy('id').execute();
      expect(sections.map((s) => s.slug)).toEqual(['سیاست', 'iran']);
      expect(sections[1]!.parent_id).toBe(sections[0]!.id);
      expect(article.section_id).toBe(sections[1]!.id);
      const tag = await db.adapter.db.selectFrom('tags').selectAll().executeTakeFirstOrThrow();
      expect(tag.slug).toBe('تگ');
      const byline = await db.adapter.db
        .selectFrom('article_authors')
        .innerJoin('authors', 'authors.id', 'article_authors.author_id')
        .select(['authors.name', 'article_authors.listed_at'])
        .executeTakeFirstOrThrow();
      expect(byline).toEqual({ name: 'رضا', listed_at: '2024-05-01T08:30:00.000Z' });
      const redirect = await db.adapter.db.selectFrom('redirects').selectAll().executeTakeFirstOrThrow();
      expect(redirect.from_path).toBe('/2024/05/%d8%ae%d8%a8%d8%b1-%d9%85%d9%87%d9%85/');
      expect(redirect.to_path).toBe(`/fa/news/${encodeURIComponent('خبر-مهم')}`);
    });

    it('changes nothing when the file is malformed part-way', async () => {
      const broken = PERSIAN.replace('</item>', '<item><title>x</title></channel></rss>');
      await expect(importWxr(deps, { xml: broken, language: 'fa' })).rejects.toMatchObject({
        code: 'VALIDATION',
        fields: { line: expect.any(String) },
      });
      for (const table of ['articles', 'sections', 'tags', 'authors', 'import_keys'] as const)
        expect(await count(table)).toBe(0);
    });
  });
}
