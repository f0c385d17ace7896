import type { FeedData, FeedEntry } from './feed-data.ts';
import type { FeedImage } from './images.ts';
import { cdata, htmlEscape, rfc3339, rfc822, stripInvalidXml, textEscape, xmlEscape } from './xml.ts';

/** What every renderer needs besides the entries. */
export interface FeedContext {
  siteName: string;
  /** Absolute URL of this feed (rel="self"). */
  selfUrl: string;
  /** WebSub hub (rel="hub"), if one is configured. */
  hubUrl?: string | undefined;
  /** Absolute URL of the site logo/icon, if any. */
  iconUrl?: string | undefined;
  /** Used for the channel date of an empty feed. */
  now: string;
}

const GENERATOR = 'Broadsheet';

function feedTitle(data: FeedData, ctx: FeedContext): string {
  return data.scopeTitle ? `${data.scopeTitle} — ${ctx.siteName}` : ctx.siteName;
}

function feedDescription(data: FeedData, ctx: FeedContext): string {
  if (data.scopeDescription.trim()) return data.scopeDescription.trim();
  return data.scopeTitle
    ? `${data.scopeTitle}: latest stories from ${ctx.siteName}`
    : `Latest stories from ${ctx.siteName}`;
}

const updatedOf = (data: FeedData, ctx: FeedContext) => data.lastModified ?? ctx.now;

/** Width/height/type of an image, each left out when unknown (imported images have no size yet). */
function imageAttributes(image: FeedImage): string {
  return [
    image.width > 0 ? ` width="${image.width}"` : '',
    image.height > 0 ? ` height="${image.height}"` : '',
  ].join('');
}
const imageType = (image: FeedImage) => (/^[\w.+-]+\/[\w.+-]+$/.test(image.mime) ? image.mime : '');

/**
 * RSS 2.0 with content:encoded (full body), dc:creator, media:content and atom:link self/hub.
 * Plain text (titles, names, categories) is written with hexadecimal character references
 * (`textEscape`); `description` is HTML, so the plain summary is HTML-escaped first.
 */
export function renderRss(data: FeedData, ctx: FeedContext): string {
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">',
  );
  out.push('<channel>');
  out.push(`<title>${textEscape(feedTitle(data, ctx))}</title>`);
  out.push(`<link>${xmlEscape(data.pageUrl)}</link>`);
  out.push(`<description>${textEscape(feedDescription(data, ctx))}</description>`);
  out.push(`<language>${xmlEscape(data.language)}</language>`);
  out.push(`<lastBuildDate>${rfc822(updatedOf(data, ctx))}</lastBuildDate>`);
  out.push(`<generator>${GENERATOR}</generator>`);
  out.push(`<atom:link href="${xmlEscape(ctx.selfUrl)}" rel="self" type="application/rss+xml"/>`);
  if (ctx.hubUrl) out.push(`<atom:link href="${xmlEscape(ctx.hubUrl)}" rel="hub"/>`);
  if (ctx.iconUrl)
    out.push(
      `<image><url>${xmlEscape(ctx.iconUrl)}</url><title>${textEscape(feedTitle(data, ctx))}</title><link>${xmlEscape(data.pageUrl)}</link></image>`,
    );
  for (const e of data.entries) out.push(rssItem(e));
  out.push('</channel>');
  out.push('</rss>');
  return out.join('\n') + '\n';
}

function rssItem(e: FeedEntry): string {
  const parts = [
    '<item>',
    `<title>${textEscape(e.title)}</title>`,
    `<link>${xmlEscape(e.url)}</link>`,
    `<guid isPermaLink="true">${xmlEscape(e.url)}</guid>`,
    `<pubDate>${rfc822(e.publishedAt)}</pubDate>`,
    ...e.authors.map((a) => `<dc:creator>${textEscape(a.name)}</dc:creator>`),
    ...(e.section ? [`<category>${textEscape(e.section.name)}</category>`] : []),
    ...e.tags.map((t) => `<category>${textEscape(t.name)}</category>`),
    `<description>${xmlEscape(htmlEscape(e.summary))}</description>`,
    `<content:encoded>${cdata(e.contentHtml)}</content:encoded>`,
  ];
  if (e.image) {
    const type = imageType(e.image);
    parts.push(
      `<media:content url="${xmlEscape(e.image.url)}"${type ? ` type="${type}"` : ''} medium="image"${imageAttributes(e.image)}>` +
        (e.image.alt
          ? `<media:description type="plain">${textEscape(e.image.alt)}</media:description>`
          : '') +
        '</media:content>',
    );
  }
  parts.push('</item>');
  return parts.join('\n');
}

/**
 * Atom 1.0 (RFC 4287), full content as escaped HTML. An empty body or summary is left out rather
 * than written empty (the validator's NotBlank); the alternate link keeps such an entry valid.
 */
export function renderAtom(data: FeedData, ctx: FeedContext): string {
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xmlEscape(data.language)}">`);
  out.push(`<id>${xmlEscape(ctx.selfUrl)}</id>`);
  out.push(`<title type="text">${textEscape(feedTitle(data, ctx))}</title>`);
  out.push(`<subtitle type="text">${textEscape(feedDescription(data, ctx))}</subtitle>`);
  out.push(`<updated>${rfc3339(updatedOf(data, ctx))}</updated>`);
  out.push(`<link rel="alternate" type="text/html" href="${xmlEscape(data.pageUrl)}"/>`);
  out.push(`<link rel="self" type="application/atom+xml" href="${xmlEscape(ctx.selfUrl)}"/>`);
  if (ctx.hubUrl) out.push(`<link rel="hub" href="${xmlEscape(ctx.hubUrl)}"/>`);
  // A feed-level author keeps entries without a byline valid (RFC 4287 §4.1.1).
  out.push(`<author><name>${textEscape(ctx.siteName)}</name></author>`);
  out.push(`<generator>${GENERATOR}</generator>`);
  if (ctx.iconUrl) out.push(`<icon>${xmlEscape(ctx.iconUrl)}</icon>`);
  for (const e of data.entries) {
    const parts = [
      '<entry>',
      `<id>${xmlEscape(e.url)}</id>`,
      `<title type="text">${textEscape(e.title)}</title>`,
      `<link rel="alternate" type="text/html" href="${xmlEscape(e.url)}"/>`,
      `<published>${rfc3339(e.publishedAt)}</published>`,
      `<updated>${rfc3339(e.modifiedAt)}</updated>`,
      ...e.authors.map(
        (a) => `<author><name>${textEscape(a.name)}</name><uri>${xmlEscape(a.url)}</uri></author>`,
      ),
      ...(e.section
        ? [
            `<category term="${xmlEscape(e.section.name)}" scheme="${xmlEscape(e.section.url.replace(/[^/]*$/, ''))}"/>`,
          ]
        : []),
      ...e.tags.map((t) => `<category term="${xmlEscape(t.name)}"/>`),
      ...(e.image
        ? [
            `<link rel="enclosure"${imageType(e.image) ? ` type="${imageType(e.image)}"` : ''} href="${xmlEscape(e.image.url)}"/>`,
          ]
        : []),
      ...(e.summary.trim() ? [`<summary type="text">${textEscape(e.summary)}</summary>`] : []),
      ...(stripInvalidXml(e.contentHtml).trim()
        ? [`<content type="html">${xmlEscape(e.contentHtml)}</content>`]
        : []),
      '</entry>',
    ];
    out.push(parts.join('\n'));
  }
  out.push('</feed>');
  return out.join('\n') + '\n';
}

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1). */
export function renderJsonFeed(data: FeedData, ctx: FeedContext): string {
  const clean = (s: string) => stripInvalidXml(s);
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: feedTitle(data, ctx),
    home_page_url: data.pageUrl,
    feed_url: ctx.selfUrl,
    description: feedDescription(data, ctx),
    language: data.language,
    ...(ctx.iconUrl ? { icon: ctx.iconUrl, favicon: ctx.iconUrl } : {}),
    authors: [{ name: ctx.siteName, url: data.pageUrl }],
    ...(ctx.hubUrl ? { hubs: [{ type: 'WebSub', url: ctx.hubUrl }] } : {}),
    items: data.entries.map((e) => ({
      id: e.url,
      url: e.url,
      title: clean(e.title),
      content_html: clean(e.contentHtml),
      summary: clean(e.summary),
      ...(e.image ? { image: e.image.url } : {}),
      date_published: rfc3339(e.publishedAt),
      date_modified: rfc3339(e.modifiedAt),
      ...(e.authors.length > 0 ? { authors: e.authors } : {}),
      tags: [...(e.section ? [e.section.name] : []), ...e.tags.map((t) => t.name)],
      language: e.language,
    })),
  };
  return JSON.stringify(feed, null, 1) + '\n';
}
