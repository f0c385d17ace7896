import type { Language } from '../../domain/language.ts';
import type { PublishingDeps } from '../../publishing/deps.ts';
import { bumpSkipped, type ImportArticle, type ImportBundle, type ImportSummary } from '../bundle.ts';
import { importSlug, writeBundle } from '../write-bundle.ts';
import { cleanWordPressContent } from './content.ts';
import { parseWxr, type WxrDocument, type WxrItem } from './parse-wxr.ts';

const STATUS: Record<string, ImportArticle['status'] | undefined> = {
  publish: 'published',
  future: 'scheduled',
  draft: 'draft',
  'auto-draft': 'draft',
  pending: 'review',
  // Private posts were never public: kept, but as drafts.
  private: 'draft',
};

const MIME_BY_EXT: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
};

/** `2010-10-16 20:53:18` (GMT) to ISO; '' for WordPress's zero date or anything unreadable. */
function gmt(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value);
  if (!m || m[1] === '0000') return '';
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

function itemDate(item: WxrItem): string {
  const fromPub = item.pubDate ? new Date(item.pubDate) : null;
  return (
    gmt(item.dateGmt) ||
    gmt(item.dateLocal) ||
    (fromPub && !Number.isNaN(fromPub.getTime()) ? fromPub.toISOString() : '')
  );
}

/** Path (and query-less) part of an old permalink on the exported site, for a 301. */
function oldPath(link: string, base: string): string | null {
  try {
    const url = new URL(link, /^https?:\/\//.test(base) ? base : 'http://old.invalid/');
    if (/^https?:\/\//.test(link) && /^https?:\/\//.test(base) && new URL(base).host !== url.host)
      return null;
    if (url.search || url.pathname === '/' || url.pathname === '') return null;
    return url.pathname;
  } catch {
    return null;
  }
}

/** Maps a parsed WordPress export to an import bundle (pure). */
export function wxrToBundle(doc: WxrDocument, options: { language: Language; now: string }): ImportBundle {
  const site = doc.baseSiteUrl || doc.baseBlogUrl || doc.link || doc.title || 'unknown';
  const bundle: ImportBundle = {
    source: `wxr:${site}`.slice(0, 300),
    language: options.language,
    sections: [],
    tags: [],
    authors: [],
    media: [],
    articles: [],
    report: { comments: 0, skipped: {}, warnings: [] },
  };

  const sections = new Map<string, ImportBundle['sections'][number]>();
  const addSection = (rawSlug: string, name: string, description = '', parent = '') => {
    const key = rawSlug || name;
    if (!key || sections.has(key)) return key;
    sections.set(key, {
      key,
      slug: importSlug(rawSlug, name),
      name: name || rawSlug,
      description,
      parentKey: parent || null,
    });
    return key;
  };
  for (const c of doc.categories) addSection(c.slug, c.name, c.description, c.parent);
  const tags = new Map<string, ImportBundle['tags'][number]>();
  const addTag = (rawSlug: string, name: string, description = '') => {
    const key = rawSlug || name;
    if (!key || tags.has(key)) return key;
    tags.set(key, { key, slug: importSlug(rawSlug, name), name: name || rawSlug, description });
    return key;
  };
  for (const t of doc.tags) addTag(t.slug, t.name, t.description);
  const authors = new Map<string, ImportBundle['authors'][number]>();
  const addAuthor = (login: string, name: string, email: string | null) => {
    if (!login || authors.has(login)) return login;
    authors.set(login, {
      key: login,
      slug: importSlug(login, name),
      name: name || login,
      email: email || null,
      bio: '',
    });
    return login;
  };
  for (const a of doc.authors) {
    // WordPress fills display_name with the login when nobody set one; the real name is then first + last.
    const full = `${a.firstName} ${a.lastName}`.trim();
    addAuthor(
      a.login,
      a.displayName && (a.displayName !== a.login || !full) ? a.displayName : full || a.login,
      a.email,
    );
  }

  const attachments = new Map(doc.items.filter((i) => i.type === 'attachment').map((i) => [i.postId, i]));
  const media = new Map<string, ImportBundle['media'][number]>();

  for (const item of doc.items) {
    bundle.report.comments += item.commentCount;
    if (item.type !== 'post') {
      bumpSkipped(bundle.report, item.type);
      continue;
    }
    const status = STATUS[item.status];
    if (!status) {
      bumpSkipped(bundle.report, `post (${item.status})`);
      continue;
    }
    const date = itemDate(item) || options.now;
    let sectionKey: string | null = null;
    const tagKeys: string[] = [];
    const authorKeys: string[] = [];
    if (item.creator) authorKeys.push(addAuthor(item.creator, item.creator, null));
    for (const term of item.terms) {
      if (term.domain === 'category') {
        const key = addSection(term.slug, term.name);
        if (sectionKey === null && key && term.slug !== 'uncategorized') sectionKey = key;
      } else if (term.domain === 'post_tag') {
        const key = addTag(term.slug, term.name);
        if (key) tagKeys.push(key);
      } else if (term.domain === 'author') {
        // Co-Authors Plus: extra bylines as `cap-<login>` terms.
        const login = term.slug.replace(/^cap-/, '') || term.name;
        authorKeys.push(addAuthor(login, term.name, null));
      }
    }
    if (sectionKey === null) {
      const uncategorized = item.terms.find((t) => t.domain === 'category');
      if (uncategorized) sectionKey = uncategorized.slug || uncategorized.name;
    }

    let mediaKey: string | null = null;
    let featuredAlt = '';
    let featuredCaption = '';
    const thumbId = item.meta.get('_thumbnail_id');
    const attachment = thumbId ? attachments.get(thumbId.trim()) : undefined;
    if (thumbId && !attachment)
      bundle.report.warnings.push(`post ${item.postId}: featured image ${thumbId} is not in the file`);
    if (attachment) {
      const url = attachment.attachmentUrl || attachment.guid;
      if (/^https?:\/\//i.test(url)) {
        const ext = (url.split('?')[0]!.split('.').pop() ?? '').toLowerCase();
        featuredAlt = attachment.meta.get('_wp_attachment_image_alt')?.trim() || attachment.title;
        featuredCaption = attachment.excerpt.trim();
        if (!media.has(url))
          media.set(url, {
            key: url,
            url,
            alt: featuredAlt,
            caption: featuredCaption,
            mime: MIME_BY_EXT[ext] ?? 'image/jpeg',
          });
        mediaKey = url;
      }
    }

    const path = oldPath(item.link, site);
    const yoastTitle = item.meta.get('_yoast_wpseo_title')?.trim();
    const yoastDescription = item.meta.get('_yoast_wpseo_metadesc')?.trim();
    const article: ImportArticle = {
      key: item.postId || item.guid || item.link,
      slug: importSlug(item.slug, item.title || `post-${item.postId}`),
      headline: item.title || `(untitled ${item.postId})`,
      excerpt: item.excerpt,
      bodyHtml: cleanWordPressContent(item.content),
      status,
      publishedAt: status === 'published' || status === 'scheduled' ? date : null,
      createdAt: date,
      updatedAt: date,
      sectionKey,
      tagKeys,
      authorKeys: [...new Set(authorKeys)],
      mediaKey,
      featuredAlt,
      featuredCaption,
      canonicalUrl: null,
      seoTitle: yoastTitle && !yoastTitle.includes('%%') ? yoastTitle : null,
      seoDescription: yoastDescription && !yoastDescription.includes('%%') ? yoastDescription : null,
      oldPaths: path ? [path] : [],
    };
    bundle.articles.push(article);
  }
  bundle.sections = [...sections.values()];
  bundle.tags = [...tags.values()];
  bundle.authors = [...authors.values()];
  bundle.media = [...media.values()];
  return bundle;
}

export interface ImportWxrProps {
  xml: string;
  language: Language;
  onProgress?: (done: number, total: number) => void;
}

/** `broadsheet import wxr FILE`: parse, map, write in one transaction. Bad files change nothing. */
export async function importWxr(deps: PublishingDeps, props: ImportWxrProps): Promise<ImportSummary> {
  const doc = parseWxr(props.xml);
  const bundle = wxrToBundle(doc, { language: props.language, now: deps.clock().toISOString() });
  return writeBundle(deps, bundle, props.onProgress);
}
