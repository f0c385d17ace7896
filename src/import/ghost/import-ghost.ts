import type { Language } from '../../domain/language.ts';
import type { PublishingDeps } from '../../publishing/deps.ts';
import { bumpSkipped, type ImportArticle, type ImportBundle, type ImportSummary } from '../bundle.ts';
import { ImportFileError } from '../import-error.ts';
import { importSlug, writeBundle } from '../write-bundle.ts';
import { autop } from '../wxr/content.ts';

type Row = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const rows = (v: unknown): Row[] =>
  Array.isArray(v) ? v.filter((r): r is Row => typeof r === 'object' && r !== null) : [];

export interface GhostData {
  version: string;
  data: Record<string, unknown>;
}

/** Parses a Ghost export, with or without the `{"db": [...]}` wrapper; bad JSON fails with its line. */
export function parseGhostExport(json: string): GhostData {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = (error as Error).message;
    const position = Number(/position (\d+)/.exec(message)?.[1]);
    const line = Number.isFinite(position) ? json.slice(0, position).split('\n').length : undefined;
    throw new ImportFileError(`not valid JSON: ${message}`, line);
  }
  const root = parsed as Row;
  const db = Array.isArray(root?.db) ? (root.db[0] as Row | undefined) : root;
  const data = db?.data;
  if (!db || typeof data !== 'object' || data === null || !Array.isArray((data as Row).posts)) {
    throw new ImportFileError('This does not appear to be a Ghost export: no data.posts');
  }
  return { version: str((db.meta as Row | undefined)?.version), data: data as Record<string, unknown> };
}

const isAbsolute = (url: string) => /^https?:\/\//i.test(url);
const MIME_BY_EXT: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
};

/** Maps a Ghost export (1.x to 5.x) to an import bundle (pure). Pages are skipped; internal tags too. */
export function ghostToBundle(ghost: GhostData, options: { language: Language; now: string }): ImportBundle {
  const d = ghost.data;
  const settings = new Map(rows(d.settings).map((s) => [str(s.key), str(s.value)]));
  const site = settings.get('url') || settings.get('title') || 'ghost';
  const bundle: ImportBundle = {
    source: `ghost:${site}`.slice(0, 300),
    language: options.language,
    sections: [],
    tags: [],
    authors: [],
    media: [],
    articles: [],
    report: { comments: 0, skipped: {}, warnings: [] },
  };
  const tagById = new Map<string, Row>();
  for (const t of rows(d.tags)) {
    const name = str(t.name);
    if (name.startsWith('#') || str(t.visibility) === 'internal') continue;
    tagById.set(str(t.id), t);
    bundle.tags.push({
      key: str(t.id),
      slug: importSlug(str(t.slug), name),
      name: name || str(t.slug),
      description: str(t.description),
    });
  }
  const userIds = new Set<string>();
  for (const u of rows(d.users)) {
    userIds.add(str(u.id));
    bundle.authors.push({
      key: str(u.id),
      slug: importSlug(str(u.slug), str(u.name)),
      name: str(u.name) || str(u.slug),
      email: str(u.email) || null,
      bio: str(u.bio),
    });
  }
  const order = (list: Row[], key: string) => {
    const out = new Map<string, string[]>();
    for (const r of [...list].sort((a, b) => Number(a.sort_order ?? 0) - Number(b.sort_order ?? 0))) {
      const post = str(r.post_id);
      out.set(post, [...(out.get(post) ?? []), str(r[key])]);
    }
    return out;
  };
  const postTags = order(rows(d.posts_tags), 'tag_id');
  const postAuthors = order(rows(d.posts_authors), 'author_id');
  const postMeta = new Map(rows(d.posts_meta).map((m) => [str(m.post_id), m]));
  const media = new Map<string, ImportBundle['media'][number]>();

  for (const p of rows(d.posts)) {
    const isPage = str(p.type) === 'page' || p.page === 1 || p.page === '1' || p.page === true;
    if (isPage) {
      bumpSkipped(bundle.report, 'page');
      continue;
    }
    const statusRaw = str(p.status);
    const status: ImportArticle['status'] | undefined =
      statusRaw === 'published'
        ? 'published'
        : statusRaw === 'scheduled'
          ? 'scheduled'
          : statusRaw === 'draft'
            ? 'draft'
            : undefined;
    if (!status) {
      bumpSkipped(bundle.report, `post (${statusRaw || 'unknown'})`);
      continue;
    }
    const id = str(p.id);
    const title = str(p.title);
    let body = str(p.html).replace(/__GHOST_URL__/g, '');
    if (!body.trim() && str(p.plaintext).trim()) body = autop(str(p.plaintext));
    if (!body.trim() && (p.mobiledoc || p.lexical))
      bundle.report.warnings.push(`post ${id} ("${title}") has no HTML rendering; imported without a body`);
    const meta = postMeta.get(id);
    const image = str(p.feature_image).replace(/^__GHOST_URL__/, '');
    let mediaKey: string | null = null;
    const featuredAlt = str(meta?.feature_image_alt ?? p.feature_image_alt) || title;
    const featuredCaption = str(meta?.feature_image_caption ?? p.feature_image_caption);
    if (image && isAbsolute(image)) {
      const ext = (image.split('?')[0]!.split('.').pop() ?? '').toLowerCase();
      if (!media.has(image))
        media.set(image, {
          key: image,
          url: image,
          alt: featuredAlt,
          caption: featuredCaption,
          mime: MIME_BY_EXT[ext] ?? 'image/jpeg',
        });
      mediaKey = image;
    } else if (image)
      bundle.report.warnings.push(
        `post ${id}: featured image "${image}" is relative to the old site; not kept`,
      );
    const authors = (postAuthors.get(id) ?? [str(p.author_id)]).filter((a) => userIds.has(a));
    const created = str(p.created_at) || options.now;
    const published = str(p.published_at) || null;
    const canonical = str(p.canonical_url);
    bundle.articles.push({
      key: id,
      slug: importSlug(str(p.slug), title || id),
      headline: title || `(untitled ${id})`,
      excerpt: str(p.custom_excerpt),
      bodyHtml: body,
      status,
      publishedAt: status === 'draft' ? null : (published ?? created),
      createdAt: new Date(created).toISOString(),
      updatedAt: new Date(str(p.updated_at) || created).toISOString(),
      sectionKey: null,
      tagKeys: (postTags.get(id) ?? []).filter((t) => tagById.has(t)),
      authorKeys: authors,
      mediaKey,
      featuredAlt: mediaKey ? featuredAlt : '',
      featuredCaption: mediaKey ? featuredCaption : '',
      canonicalUrl: isAbsolute(canonical) ? canonical : null,
      seoTitle: str(meta?.meta_title ?? p.meta_title) || null,
      seoDescription: str(meta?.meta_description ?? p.meta_description) || null,
      oldPaths: p.slug ? [`/${encodeURIComponent(str(p.slug))}/`] : [],
    });
  }
  bundle.media = [...media.values()];
  // Normalise times to the ISO form the database compares as text.
  for (const a of bundle.articles) if (a.publishedAt) a.publishedAt = new Date(a.publishedAt).toISOString();
  return bundle;
}

export interface ImportGhostProps {
  json: string;
  language: Language;
  onProgress?: (done: number, total: number) => void;
}

/** `broadsheet import ghost FILE`: one transaction; a bad file changes nothing. */
export async function importGhost(deps: PublishingDeps, props: ImportGhostProps): Promise<ImportSummary> {
  const bundle = ghostToBundle(parseGhostExport(props.json), {
    language: props.language,
    now: deps.clock().toISOString(),
  });
  return writeBundle(deps, bundle, props.onProgress);
}
