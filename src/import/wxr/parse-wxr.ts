import { ImportFileError } from '../import-error.ts';
import { child, childrenNamed, parseXmlTree, type XNode } from './xml-tree.ts';

export interface WxrAuthor {
  id: string;
  login: string;
  email: string;
  displayName: string;
  firstName: string;
  lastName: string;
}

export interface WxrTerm {
  id: string;
  slug: string;
  name: string;
  description: string;
  /** Slug of the parent term ('' for none). */
  parent: string;
}

export interface WxrItemTerm {
  domain: string;
  slug: string;
  name: string;
}

export interface WxrItem {
  postId: string;
  type: string;
  status: string;
  title: string;
  link: string;
  guid: string;
  creator: string;
  content: string;
  excerpt: string;
  /** UTC ISO time, or '' when the export has none (drafts). */
  dateGmt: string;
  /** Local time as written, used when there is no GMT date. */
  dateLocal: string;
  pubDate: string;
  slug: string;
  parentId: string;
  attachmentUrl: string;
  terms: WxrItemTerm[];
  meta: Map<string, string>;
  commentCount: number;
}

export interface WxrDocument {
  version: string;
  title: string;
  link: string;
  language: string;
  baseSiteUrl: string;
  baseBlogUrl: string;
  authors: WxrAuthor[];
  categories: WxrTerm[];
  tags: WxrTerm[];
  terms: (WxrTerm & { taxonomy: string })[];
  items: WxrItem[];
}

/**
 * Reads a WordPress export (WXR 1.0, 1.1, 1.2). Throws ImportFileError naming the line for XML
 * that cannot be read even with the leniency WordPress itself has (see xml-tree.ts), and for
 * files without a valid `<wp:wxr_version>`.
 */
export function parseWxr(source: string): WxrDocument {
  const doc = parseXmlTree(source.replace(/^\uFEFF/, ''));
  const rss = child(doc, 'rss');
  const channel = rss && child(rss, 'channel');
  if (!rss || !channel)
    throw new ImportFileError('This does not appear to be a WXR file: no <rss><channel>', 1);

  // Prefixes are whatever the root declares for the WordPress namespaces (usually wp, excerpt ...).
  const prefixes = { wp: ['wp'], excerpt: ['excerpt'], content: ['content'], dc: ['dc'] };
  for (const [attr, uri] of Object.entries(rss.attrs)) {
    if (!attr.startsWith('xmlns:')) continue;
    const prefix = attr.slice('xmlns:'.length);
    const ns = /^https?:\/\/wordpress\.org\/export\/\d+\.\d+\/excerpt\/?$/.test(uri)
      ? 'excerpt'
      : /^https?:\/\/wordpress\.org\/export\/\d+\.\d+\/?$/.test(uri)
        ? 'wp'
        : uri === 'http://purl.org/rss/1.0/modules/content/'
          ? 'content'
          : uri === 'http://purl.org/dc/elements/1.1/'
            ? 'dc'
            : undefined;
    if (ns && !prefixes[ns].includes(prefix)) prefixes[ns].push(prefix);
  }
  const names = (ns: keyof typeof prefixes, local: string) =>
    new Set(prefixes[ns].map((p) => `${p}:${local}`));
  const cache = new Map<string, Set<string>>();
  const nameSet = (ns: keyof typeof prefixes, local: string) => {
    const key = `${ns}:${local}`;
    let set = cache.get(key);
    if (!set) cache.set(key, (set = names(ns, local)));
    return set;
  };
  const get = (node: XNode, ns: keyof typeof prefixes, local: string): string => {
    const set = nameSet(ns, local);
    for (const c of node.children) if (set.has(c.name)) return c.text;
    return '';
  };
  const all = (node: XNode, ns: keyof typeof prefixes, local: string): XNode[] => {
    const set = nameSet(ns, local);
    return node.children.filter((c) => set.has(c.name));
  };
  const wp = (node: XNode, local: string) => get(node, 'wp', local).trim();
  const text = (node: XNode, name: string) => child(node, name)?.text ?? '';

  const version = wp(channel, 'wxr_version');
  if (!/^\d+\.\d+$/.test(version))
    throw new ImportFileError('This does not appear to be a WXR file, missing/invalid WXR version number');

  const authors = all(channel, 'wp', 'author').map((a) => ({
    id: wp(a, 'author_id'),
    login: wp(a, 'author_login'),
    email: wp(a, 'author_email'),
    displayName: get(a, 'wp', 'author_display_name').trim(),
    firstName: get(a, 'wp', 'author_first_name').trim(),
    lastName: get(a, 'wp', 'author_last_name').trim(),
  }));
  const categories = all(channel, 'wp', 'category').map((c) => ({
    id: wp(c, 'term_id'),
    slug: wp(c, 'category_nicename'),
    name: get(c, 'wp', 'cat_name').trim(),
    description: get(c, 'wp', 'category_description').trim(),
    parent: wp(c, 'category_parent'),
  }));
  const tags = all(channel, 'wp', 'tag').map((t) => ({
    id: wp(t, 'term_id'),
    slug: wp(t, 'tag_slug'),
    name: get(t, 'wp', 'tag_name').trim(),
    description: get(t, 'wp', 'tag_description').trim(),
    parent: '',
  }));
  const terms = all(channel, 'wp', 'term').map((t) => ({
    id: wp(t, 'term_id'),
    taxonomy: wp(t, 'term_taxonomy'),
    slug: wp(t, 'term_slug'),
    name: get(t, 'wp', 'term_name').trim(),
    description: get(t, 'wp', 'term_description').trim(),
    parent: wp(t, 'term_parent'),
  }));

  const items: WxrItem[] = childrenNamed(channel, 'item').map((item) => {
    const meta = new Map<string, string>();
    for (const m of all(item, 'wp', 'postmeta')) meta.set(wp(m, 'meta_key'), get(m, 'wp', 'meta_value'));
    return {
      postId: wp(item, 'post_id'),
      type: wp(item, 'post_type') || 'post',
      status: wp(item, 'status') || 'publish',
      title: text(item, 'title').trim(),
      link: text(item, 'link').trim(),
      guid: text(item, 'guid').trim(),
      creator: get(item, 'dc', 'creator').trim(),
      content: get(item, 'content', 'encoded'),
      excerpt: get(item, 'excerpt', 'encoded'),
      dateGmt: wp(item, 'post_date_gmt'),
      dateLocal: wp(item, 'post_date'),
      pubDate: text(item, 'pubDate').trim(),
      slug: wp(item, 'post_name'),
      parentId: wp(item, 'post_parent'),
      attachmentUrl: wp(item, 'attachment_url'),
      terms: childrenNamed(item, 'category').map((c) => ({
        domain: c.attrs.domain ?? '',
        slug: c.attrs.nicename ?? '',
        name: c.text.trim(),
      })),
      meta,
      commentCount: all(item, 'wp', 'comment').length,
    };
  });

  return {
    version,
    title: text(channel, 'title').trim(),
    link: text(channel, 'link').trim(),
    language: text(channel, 'language').trim(),
    baseSiteUrl: wp(channel, 'base_site_url'),
    baseBlogUrl: wp(channel, 'base_blog_url'),
    authors,
    categories,
    tags,
    terms,
    items,
  };
}
