import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, NewArticle } from '../db/schema.ts';
import { sanitizeBodyHtml } from '../domain/body.ts';
import { htmlToText, oneLine, wordCount } from '../domain/excerpt.ts';
import { slugify } from '../domain/slug.ts';
import type { PublishingDeps, ArticleIndexer } from '../publishing/deps.ts';
import { articlePath } from '../web/site/paths.ts';
import type { ImportBundle, ImportSummary } from './bundle.ts';

/** Rows per multi-row INSERT: an article has ~25 columns; SQLite allows 32,766 bound values. */
const CHUNK = 400;

type BulkIndexer = ArticleIndexer & { rebuildAll?: (db: Kysely<DB>) => Promise<void> };

async function chunked<T>(items: T[], size: number, fn: (chunk: T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await fn(items.slice(i, i + size));
}

/**
 * Writes an import in ONE transaction (all or nothing) with multi-row inserts. What was imported
 * before from the same source (import_keys) is reused, never duplicated: sections, tags and authors
 * are matched by key then by slug; articles already imported are left as they are.
 * Indexers with a bulk `rebuildAll` run once after the commit; others run per article inside it.
 */
export async function writeBundle(
  deps: PublishingDeps,
  bundle: ImportBundle,
  onProgress?: (done: number, total: number) => void,
): Promise<ImportSummary> {
  const started = Date.now();
  const now = deps.clock().toISOString();
  const lang = bundle.language;
  const summary: ImportSummary = {
    articlesCreated: 0,
    articlesUnchanged: 0,
    sectionsCreated: 0,
    tagsCreated: 0,
    authorsCreated: 0,
    mediaCreated: 0,
    redirects: 0,
    comments: bundle.report.comments,
    skipped: bundle.report.skipped,
    warnings: [...bundle.report.warnings],
    milliseconds: 0,
  };
  const indexers = deps.indexers as readonly BulkIndexer[];
  const createdIds: number[] = [];

  await deps.database.db.transaction().execute(async (trx) => {
    const keyRows = await trx
      .selectFrom('import_keys')
      .select(['entity', 'source_key', 'entity_id'])
      .where('source', '=', bundle.source)
      .execute();
    const known = new Map(keyRows.map((r) => [`${r.entity}\u0000${r.source_key}`, r.entity_id]));
    const newKeys: { entity: string; source_key: string; entity_id: number }[] = [];
    // Keys longer than the column (a guid URL, say) are stored as their hash.
    const norm = (key: string) =>
      key.length <= 300 ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
    const remember = (entity: string, rawKey: string, id: number) => {
      const key = norm(rawKey);
      if (!known.has(`${entity}\u0000${key}`)) newKeys.push({ entity, source_key: key, entity_id: id });
      known.set(`${entity}\u0000${key}`, id);
    };
    const lookup = (entity: string, key: string) => known.get(`${entity}\u0000${norm(key)}`);

    // Sections, parents first.
    const sectionIds = new Map<string, number>();
    const existingSections = new Map(
      (await trx.selectFrom('sections').select(['id', 'slug']).where('language', '=', lang).execute()).map(
        (s) => [s.slug, s.id],
      ),
    );
    const pending = [...bundle.sections];
    const byKey = new Map(pending.map((s) => [s.key, s]));
    const ordered: typeof pending = [];
    const visiting = new Set<string>();
    const visit = (s: (typeof pending)[number]) => {
      if (ordered.includes(s) || visiting.has(s.key)) return;
      visiting.add(s.key);
      const parent = s.parentKey ? byKey.get(s.parentKey) : undefined;
      if (parent) visit(parent);
      ordered.push(s);
    };
    pending.forEach(visit);
    let position = 0;
    for (const s of ordered) {
      let id = lookup('section', s.key) ?? existingSections.get(s.slug);
      if (id === undefined) {
        const parentId = s.parentKey ? (sectionIds.get(s.parentKey) ?? null) : null;
        const row = await trx
          .insertInto('sections')
          .values({
            language: lang,
            slug: s.slug,
            name: s.name.slice(0, 200),
            description: s.description,
            parent_id: parentId,
            position: position++,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        id = row.id;
        existingSections.set(s.slug, id);
        summary.sectionsCreated++;
      }
      sectionIds.set(s.key, id);
      remember('section', s.key, id);
    }

    // Tags and authors: bulk insert what is new, then read the ids back by slug.
    const tagIds = new Map<string, number>();
    const existingTags = new Map(
      (await trx.selectFrom('tags').select(['id', 'slug']).where('language', '=', lang).execute()).map(
        (t) => [t.slug, t.id],
      ),
    );
    const newTags = bundle.tags.filter(
      (t) => lookup('tag', t.key) === undefined && !existingTags.has(t.slug),
    );
    const uniqueNewTags = [...new Map(newTags.map((t) => [t.slug, t])).values()];
    await chunked(uniqueNewTags, CHUNK, async (chunk) => {
      const rows = await trx
        .insertInto('tags')
        .values(
          chunk.map((t) => ({
            language: lang,
            slug: t.slug,
            name: t.name.slice(0, 200),
            description: t.description,
            created_at: now,
          })),
        )
        .returning(['id', 'slug'])
        .execute();
      for (const r of rows) existingTags.set(r.slug, r.id);
    });
    summary.tagsCreated = uniqueNewTags.length;
    for (const t of bundle.tags) {
      const id = lookup('tag', t.key) ?? existingTags.get(t.slug)!;
      tagIds.set(t.key, id);
      remember('tag', t.key, id);
    }

    const authorIds = new Map<string, number>();
    const existingAuthors = new Map(
      (await trx.selectFrom('authors').select(['id', 'slug']).execute()).map((a) => [a.slug, a.id]),
    );
    const newAuthors = [
      ...new Map(
        bundle.authors
          .filter((a) => lookup('author', a.key) === undefined && !existingAuthors.has(a.slug))
          .map((a) => [a.slug, a]),
      ).values(),
    ];
    await chunked(newAuthors, CHUNK, async (chunk) => {
      const rows = await trx
        .insertInto('authors')
        .values(
          chunk.map((a) => ({
            slug: a.slug,
            name: a.name.slice(0, 200),
            bio: a.bio,
            photo_media_id: null,
            links: '[]',
            email: a.email,
            user_id: null,
            created_at: now,
            updated_at: now,
          })),
        )
        .returning(['id', 'slug'])
        .execute();
      for (const r of rows) existingAuthors.set(r.slug, r.id);
    });
    summary.authorsCreated = newAuthors.length;
    for (const a of bundle.authors) {
      const id = lookup('author', a.key) ?? existingAuthors.get(a.slug)!;
      authorIds.set(a.key, id);
      remember('author', a.key, id);
    }

    // Remote images: one media row per URL, keyed by a hash of it.
    const mediaIds = new Map<string, number>();
    const storageKey = (url: string) =>
      `remote/${createHash('sha256').update(url).digest('hex').slice(0, 32)}`;
    const wanted = new Map(bundle.media.map((m) => [storageKey(m.url), m]));
    const existingMedia = new Map<string, number>();
    await chunked([...wanted.keys()], CHUNK, async (keys) => {
      for (const r of await trx
        .selectFrom('media')
        .select(['id', 'storage_key'])
        .where('storage_key', 'in', keys)
        .execute())
        existingMedia.set(r.storage_key, r.id);
    });
    const newMedia = [...wanted.entries()].filter(([k]) => !existingMedia.has(k));
    await chunked(newMedia, CHUNK, async (chunk) => {
      const rows = await trx
        .insertInto('media')
        .values(
          chunk.map(([key, m]) => ({
            storage_key: key,
            original_name: decodeURIComponent(m.url.split('?')[0]!.split('/').pop() ?? '').slice(0, 300),
            mime: m.mime,
            width: 0,
            height: 0,
            bytes: 0,
            alt: m.alt,
            caption: m.caption,
            credit: '',
            variants: '[]',
            created_at: now,
            remote_url: m.url,
          })),
        )
        .returning(['id', 'storage_key'])
        .execute();
      for (const r of rows) existingMedia.set(r.storage_key, r.id);
    });
    summary.mediaCreated = newMedia.length;
    for (const m of bundle.media) {
      const id = existingMedia.get(storageKey(m.url))!;
      mediaIds.set(m.key, id);
      remember('media', m.key, id);
    }

    // Articles: new ones only; slugs made unique against the edition and this import.
    const fresh = bundle.articles.filter((a) => {
      if (lookup('article', a.key) !== undefined) {
        summary.articlesUnchanged++;
        return false;
      }
      return true;
    });
    const taken = new Set<string>();
    await chunked([...new Set(fresh.map((a) => a.slug))], CHUNK, async (slugs) => {
      for (const r of await trx
        .selectFrom('articles')
        .select('slug')
        .where('language', '=', lang)
        .where('slug', 'in', slugs)
        .execute())
        taken.add(r.slug);
    });
    const slugFor = async (base: string): Promise<string> => {
      let slug = base;
      for (let n = 2; taken.has(slug); n++) {
        slug = `${base}-${n}`;
        if (!taken.has(slug)) {
          const hit = await trx
            .selectFrom('articles')
            .select('id')
            .where('language', '=', lang)
            .where('slug', '=', slug)
            .executeTakeFirst();
          if (hit) taken.add(slug);
        }
      }
      taken.add(slug);
      return slug;
    };

    let done = 0;
    const redirects = new Map<string, string>();
    for (let i = 0; i < fresh.length; i += CHUNK) {
      const chunk = fresh.slice(i, i + CHUNK);
      const rows: NewArticle[] = [];
      for (const a of chunk) {
        const slug = await slugFor(a.slug);
        const bodyHtml = sanitizeBodyHtml(a.bodyHtml);
        const text = htmlToText(bodyHtml);
        const mediaId = a.mediaKey ? (mediaIds.get(a.mediaKey) ?? null) : null;
        rows.push({
          language: lang,
          slug,
          headline: a.headline.slice(0, 300) || slug,
          standfirst: '',
          excerpt: a.excerpt.trim() ? oneLine(htmlToText(a.excerpt), 500) : oneLine(text, 200),
          body_format: 'html',
          body_source: a.bodyHtml,
          body_html: bodyHtml,
          word_count: wordCount(text),
          status: a.status,
          section_id: a.sectionKey ? (sectionIds.get(a.sectionKey) ?? null) : null,
          featured_media_id: mediaId,
          featured_alt: mediaId ? a.featuredAlt : '',
          featured_caption: mediaId ? a.featuredCaption : '',
          featured_credit: '',
          canonical_url: a.canonicalUrl,
          seo_title: a.seoTitle,
          seo_description: a.seoDescription,
          translation_group: null,
          created_at: a.createdAt,
          updated_at: a.updatedAt,
          published_at: a.publishedAt,
          embargo_until: null,
          unpublish_at: null,
          version: 1,
        });
      }
      await trx.insertInto('articles').values(rows).execute();
      const ids = new Map(
        (
          await trx
            .selectFrom('articles')
            .select(['id', 'slug'])
            .where('language', '=', lang)
            .where(
              'slug',
              'in',
              rows.map((r) => r.slug),
            )
            .execute()
        ).map((r) => [r.slug, r.id]),
      );
      const tagLinks: { article_id: number; tag_id: number; position: number; listed_at: string | null }[] =
        [];
      const authorLinks: {
        article_id: number;
        author_id: number;
        position: number;
        listed_at: string | null;
        language: string;
      }[] = [];
      chunk.forEach((a, index) => {
        const row = rows[index]!;
        const id = ids.get(row.slug)!;
        createdIds.push(id);
        remember('article', a.key, id);
        const listedAt = row.status === 'published' ? (row.published_at ?? null) : null;
        [...new Set(a.tagKeys.map((k) => tagIds.get(k)).filter((x): x is number => x !== undefined))].forEach(
          (tag_id, position) => tagLinks.push({ article_id: id, tag_id, position, listed_at: listedAt }),
        );
        [
          ...new Set(a.authorKeys.map((k) => authorIds.get(k)).filter((x): x is number => x !== undefined)),
        ].forEach((author_id, position) =>
          authorLinks.push({
            article_id: id,
            author_id,
            position,
            listed_at: listedAt,
            language: row.language,
          }),
        );
        const to = articlePath(lang, row.slug);
        for (const from of a.oldPaths)
          if (from !== to && from !== '/' && from.length <= 600) redirects.set(from, to);
      });
      await chunked(
        tagLinks,
        2000,
        async (c) => void (await trx.insertInto('article_tags').values(c).execute()),
      );
      await chunked(
        authorLinks,
        2000,
        async (c) => void (await trx.insertInto('article_authors').values(c).execute()),
      );
      summary.articlesCreated += chunk.length;
      done += chunk.length;
      onProgress?.(done, fresh.length);
    }

    await chunked([...redirects.entries()], 1000, async (c) => {
      await trx
        .insertInto('redirects')
        .values(c.map(([from_path, to_path]) => ({ from_path, to_path, status_code: 301, created_at: now })))
        .onConflict((oc) =>
          oc.column('from_path').doUpdateSet((eb) => ({ to_path: eb.ref('excluded.to_path') })),
        )
        .execute();
    });
    summary.redirects = redirects.size;

    await chunked(newKeys, 1000, async (c) => {
      await trx
        .insertInto('import_keys')
        .values(c.map((k) => ({ source: bundle.source, ...k, created_at: now })))
        .execute();
    });

    for (const indexer of indexers) {
      if (indexer.rebuildAll) continue;
      for (const id of createdIds) await indexer.syncArticle(trx, id);
    }
  });

  for (const indexer of indexers)
    if (indexer.rebuildAll && createdIds.length > 0) await indexer.rebuildAll(deps.database.db);
  summary.milliseconds = Date.now() - started;
  return summary;
}

/** A slug for an imported record: the source's own (percent-decoded, Unicode kept), else from the name. */
export function importSlug(raw: string, fallback: string): string {
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    /* keep as is */
  }
  const slug = slugify(decoded || fallback, 120);
  return slug === 'untitled' && fallback ? slugify(fallback, 120) : slug;
}
