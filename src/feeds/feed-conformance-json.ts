/**
 * JSON Feed 1.1 rules of the feed conformance checker (feed-conformance.ts): required fields,
 * types, absolute URLs, RFC 3339 dates, and the HTML checks for content_html.
 */
import { canonicalUri, type Collector, language, rfc3339, safeHtml } from './feed-conformance-values.ts';

// ---------------------------------------------------------------------------------------------
// JSON Feed 1.1 (jsonfeed.org/version/1.1): required fields, types, absolute URLs, dates.

const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';
const FEED_STRINGS = [
  'title',
  'home_page_url',
  'feed_url',
  'description',
  'user_comment',
  'next_url',
  'icon',
  'favicon',
  'language',
];
const FEED_URLS = ['home_page_url', 'feed_url', 'next_url', 'icon', 'favicon'];
const FEED_KEYS = [...FEED_STRINGS, 'version', 'items', 'authors', 'author', 'expired', 'hubs'];
const ITEM_STRINGS = [
  'url',
  'external_url',
  'title',
  'content_html',
  'content_text',
  'summary',
  'image',
  'banner_image',
  'date_published',
  'date_modified',
  'language',
];
const ITEM_URLS = ['url', 'external_url', 'image', 'banner_image'];
const ITEM_KEYS = [...ITEM_STRINGS, 'id', 'tags', 'authors', 'author', 'attachments'];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isAbsoluteHttp = (v: string) => /^https?:\/\/[^/]/i.test(v) && URL.canParse(v);

export function checkJsonFeed(body: string, c: Collector): void {
  const mediaType = c.options.contentType?.split(';')[0]!.trim().toLowerCase();
  if (mediaType !== undefined && mediaType !== 'application/feed+json' && mediaType !== 'application/json')
    c.add('warning', 'UnexpectedContentType', 'HTTP', mediaType);
  let feed: unknown;
  try {
    feed = JSON.parse(body);
  } catch (error) {
    return void c.add('error', 'JsonFeedSyntax', '$', (error as Error).message);
  }
  if (!isObject(feed)) return void c.add('error', 'JsonFeedType', '$', 'not an object');
  if (feed.version !== JSON_FEED_VERSION)
    c.add('error', 'JsonFeedVersion', '$.version', String(feed.version));
  if (typeof feed.title !== 'string') c.add('error', 'JsonFeedMissing', '$.title');
  for (const key of ['home_page_url', 'feed_url'])
    if (feed[key] === undefined)
      c.add('warning', 'JsonFeedMissing', `$.${key}`, 'recommended on the public web');
  jsonFields(feed, '$', FEED_STRINGS, FEED_URLS, FEED_KEYS, c);
  if (typeof feed.feed_url === 'string' && canonicalUri(feed.feed_url) !== canonicalUri(c.options.location))
    c.add(
      'warning',
      'SelfDoesntMatchLocation',
      '$.feed_url',
      `${feed.feed_url} fetched from ${c.options.location}`,
    );
  if (feed.expired !== undefined && typeof feed.expired !== 'boolean')
    c.add('error', 'JsonFeedType', '$.expired');
  if (feed.hubs !== undefined) {
    if (!Array.isArray(feed.hubs)) c.add('error', 'JsonFeedType', '$.hubs');
    else
      feed.hubs.forEach((hub, i) => {
        if (!isObject(hub) || typeof hub.type !== 'string' || typeof hub.url !== 'string')
          c.add('error', 'JsonFeedMissing', `$.hubs[${i}]`, 'type and url are required');
      });
  }
  if (!Array.isArray(feed.items)) return void c.add('error', 'JsonFeedMissing', '$.items');
  const ids = new Set<string>();
  feed.items.forEach((item, i) => {
    const at = `$.items[${i}]`;
    if (!isObject(item)) return void c.add('error', 'JsonFeedType', at);
    if (typeof item.id !== 'string' || !item.id)
      c.add('error', 'JsonFeedMissing', `${at}.id`, 'a non-empty string');
    else if (ids.has(item.id)) c.add('error', 'JsonFeedDuplicateId', `${at}.id`, item.id);
    else ids.add(item.id);
    if (item.content_html === undefined && item.content_text === undefined)
      c.add('error', 'JsonFeedMissing', at, 'content_html or content_text');
    jsonFields(item, at, ITEM_STRINGS, ITEM_URLS, ITEM_KEYS, c);
    for (const key of ['date_published', 'date_modified']) {
      const value = item[key];
      if (typeof value === 'string') rfc3339(`${at}.${key}`, value, c);
    }
    if (typeof item.content_html === 'string') safeHtml(`${at}.content_html`, item.content_html, c);
    if (
      item.tags !== undefined &&
      !(Array.isArray(item.tags) && item.tags.every((t) => typeof t === 'string'))
    )
      c.add('error', 'JsonFeedType', `${at}.tags`, 'an array of strings');
    if (item.attachments !== undefined) {
      if (!Array.isArray(item.attachments)) c.add('error', 'JsonFeedType', `${at}.attachments`);
      else
        item.attachments.forEach((a, j) => {
          const where = `${at}.attachments[${j}]`;
          if (!isObject(a) || typeof a.url !== 'string' || typeof a.mime_type !== 'string')
            return void c.add('error', 'JsonFeedMissing', where, 'url and mime_type are required');
          if (!isAbsoluteHttp(a.url)) c.add('error', 'JsonFeedRelativeUrl', `${where}.url`, a.url);
          for (const n of ['size_in_bytes', 'duration_in_seconds'])
            if (a[n] !== undefined && typeof a[n] !== 'number')
              c.add('error', 'JsonFeedType', `${where}.${n}`);
        });
    }
  });
}

/** String fields, absolute URLs, authors (1.1) rather than author (1.0), unknown keys. */
function jsonFields(
  obj: Json,
  at: string,
  strings: string[],
  urls: string[],
  known: string[],
  c: Collector,
): void {
  for (const key of strings)
    if (obj[key] !== undefined && typeof obj[key] !== 'string')
      c.add('error', 'JsonFeedType', `${at}.${key}`, 'a string');
  for (const key of urls) {
    const value = obj[key];
    if (typeof value === 'string' && !isAbsoluteHttp(value))
      c.add('error', 'JsonFeedRelativeUrl', `${at}.${key}`, value);
  }
  if (typeof obj.language === 'string') language(`${at}.language`, obj.language, c);
  // 1.1 deprecates author for authors; a feed may carry both for older readers.
  if (obj.author !== undefined && obj.authors === undefined)
    c.add('warning', 'JsonFeedDeprecated', `${at}.author`, 'use authors (1.1)');
  if (obj.authors !== undefined) {
    if (!Array.isArray(obj.authors) || obj.authors.length === 0)
      c.add('error', 'JsonFeedType', `${at}.authors`, 'a non-empty array');
    else
      obj.authors.forEach((a, i) => {
        const where = `${at}.authors[${i}]`;
        if (!isObject(a) || !['name', 'url', 'avatar'].some((k) => typeof a[k] === 'string'))
          return void c.add('error', 'JsonFeedType', where, 'an object with name, url or avatar');
        for (const k of ['url', 'avatar']) {
          const value = a[k];
          if (value !== undefined && (typeof value !== 'string' || !isAbsoluteHttp(value)))
            c.add('error', 'JsonFeedRelativeUrl', `${where}.${k}`, String(value));
        }
      });
  }
  for (const key of Object.keys(obj))
    if (!known.includes(key) && !key.startsWith('_'))
      c.add('warning', 'JsonFeedUnknownField', `${at}.${key}`);
}
