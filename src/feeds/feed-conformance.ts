/**
 * Conformance checks for our RSS 2.0, Atom 1.0 and JSON Feed 1.1 output.
 *
 * The XML rules reproduce those of the W3C Feed Validation Service (validator.w3.org/feed, source
 * github.com/w3c/feedvalidator) that can apply to what we publish. That service is Python, fetches
 * feeds over the network and is not packaged, so it cannot run offline or in CI. Each finding
 * carries the validator's message name (its docs/error/NAME and docs/warning/NAME pages) and its
 * level as the validator's logging.py classes it; informational notes are not reproduced. Where
 * the reproduction is stricter or approximate, the comment says so.
 *
 * The JSON rules check JSON Feed 1.1's required fields and types (jsonfeed.org/version/1.1).
 *
 * This file reads the XML and holds the RSS and Atom rules; value and HTML checks are in
 * feed-conformance-values.ts, JSON Feed in feed-conformance-json.ts. Used by tests only
 * (src/feeds/feed-conformance.test.ts).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { checkJsonFeed } from './feed-conformance-json.ts';
import {
  canonicalUri,
  type CheckOptions,
  Collector,
  EMAIL,
  type Finding,
  fullUrl,
  isFullUrl,
  language,
  list,
  MIME,
  plainText,
  rfc3339,
  rfc822,
  safeHtml,
  uriReference,
} from './feed-conformance-values.ts';

export type { CheckOptions, Finding, Level } from './feed-conformance-values.ts';

export type FeedKind = 'rss' | 'atom' | 'json';

/** Checks a served feed of the given kind; returns every error and warning found. */
export function checkFeed(kind: FeedKind, body: string, options: CheckOptions): Finding[] {
  const c = new Collector(options);
  if (kind === 'json') checkJsonFeed(body, c);
  else checkXmlFeed(kind, body, c);
  return c.findings;
}

// ---------------------------------------------------------------------------------------------
// Namespaces (base.py `namespaces`, the ones feeds commonly use)

const ATOM_NS = 'http://www.w3.org/2005/Atom';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const KNOWN_NAMESPACES: Record<string, string> = {
  [ATOM_NS]: 'atom',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://search.yahoo.com/mrss/': 'media',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://www.georss.org/georss': 'georss',
  'http://www.w3.org/2003/01/geo/wgs84_pos#': 'geo',
  'http://purl.org/rss/1.0/modules/slash/': 'slash',
  'http://wellformedweb.org/CommentAPI/': 'wfw',
  'http://purl.org/rss/1.0/modules/syndication/': 'sy',
  'http://purl.org/syndication/thread/1.0': 'thr',
  'http://purl.org/syndication/history/1.0': 'fh',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://a9.com/-/spec/opensearch/1.1/': 'opensearch',
  'http://rssnamespace.org/feedburner/ext/1.0': 'feedburner',
  'http://backend.userland.com/creativeCommonsRssModule': 'creativeCommons',
  'http://madskills.com/public/xml/rss/module/trackback/': 'trackback',
  [XML_NS]: 'xml',
};
const KNOWN_PREFIXES = new Set(Object.values(KNOWN_NAMESPACES));
const MEDIA_RSS_WITHOUT_SLASH = 'http://search.yahoo.com/mrss';

// ---------------------------------------------------------------------------------------------
// The document as a tree. fast-xml-parser gives structure and source offsets; names are resolved
// to the validator's usual prefix for their namespace (`atom:link`, `dc:creator`), so a feed that
// binds the Atom namespace to another prefix is read the same way.

interface XmlNode {
  /** Bare for the format's own namespace; `prefix:local` for a known one; `{uri}local` otherwise. */
  name: string;
  attrs: Map<string, string>;
  children: XmlNode[];
  /** Text content (entities decoded, CDATA included) of this element itself, not of its children. */
  text: string;
  line: number;
  path: string;
}

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

const XML_REFERENCE = /&(#x[0-9a-fA-F]+|#[0-9]+|\w+);/g;
const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes references; undefined entities are skipped, as the validator's parser does. */
function decodeXml(value: string): string {
  return value.replace(XML_REFERENCE, (_m, ref: string) =>
    ref.startsWith('#x')
      ? String.fromCodePoint(parseInt(ref.slice(2), 16))
      : ref.startsWith('#')
        ? String.fromCodePoint(parseInt(ref.slice(1), 10))
        : (XML_ENTITIES[ref] ?? ''),
  );
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
  captureMetaData: true,
});
const META = XMLParser.getMetaDataSymbol() as symbol;

function buildTree(xml: string, coreNs: string, c: Collector): XmlNode | null {
  const lineStarts = [0];
  for (let i = xml.indexOf('\n'); i !== -1; i = xml.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const nameOf = (qname: string, scope: Map<string, string>, isAttr: boolean, where: string) => {
    const colon = qname.indexOf(':');
    const prefix = colon === -1 ? '' : qname.slice(0, colon);
    const local = colon === -1 ? qname : qname.slice(colon + 1);
    if (isAttr && !prefix) return local; // unprefixed attributes are in no namespace
    const ns = prefix === 'xml' ? XML_NS : scope.get(prefix);
    if (ns === undefined) {
      if (prefix) c.add('error', 'SAXError', where, `unbound prefix ${prefix}`);
      return local;
    }
    if (ns === coreNs && !isAttr) return local;
    const known = KNOWN_NAMESPACES[ns];
    return known ? `${known}:${local}` : `{${ns}}${local}`;
  };

  const build = (entry: Ordered, scope: Map<string, string>, parentPath: string): XmlNode => {
    const qname = Object.keys(entry).find((k) => k !== ':@')!;
    const raw = entry[':@'] ?? {};
    const inner = new Map(scope);
    for (const [key, value] of Object.entries(raw)) {
      if (key === 'xmlns') inner.set('', decodeXml(value));
      else if (key.startsWith('xmlns:')) inner.set(key.slice(6), decodeXml(value));
    }
    const meta = (entry as Record<symbol, { startIndex?: number } | undefined>)[META];
    const line = lineOf(meta?.startIndex ?? 0);
    const provisional = nameOf(qname, inner, false, parentPath || qname);
    const node: XmlNode = { name: provisional, attrs: new Map(), children: [], text: '', line, path: '' };
    const siblings = new Map<string, number>();
    node.path = parentPath ? `${parentPath}/${provisional}` : provisional;
    for (const [key, value] of Object.entries(raw)) {
      if (key === 'xmlns' || key.startsWith('xmlns:')) {
        checkNamespaceDeclaration(
          key === 'xmlns' ? '' : key.slice(6),
          decodeXml(value),
          coreNs,
          node.path,
          c,
        );
        continue;
      }
      node.attrs.set(nameOf(key, inner, true, node.path), decodeXml(value));
    }
    for (const child of (entry[qname] as Ordered[]) ?? []) {
      if ('#text' in child) node.text += decodeXml(String(child['#text']));
      else if ('#cdata' in child)
        node.text += ((child['#cdata'] as { '#text'?: unknown }[])[0]?.['#text'] as string) ?? '';
      else if (!('#comment' in child)) {
        const built = build(child, inner, node.path);
        const n = (siblings.get(built.name) ?? 0) + 1;
        siblings.set(built.name, n);
        if (n > 1) built.path = `${node.path}/${built.name}[${n}]`;
        node.children.push(built);
      }
    }
    return node;
  };

  const entries = parser.parse(xml) as Ordered[];
  const root = entries.find((e) => !Object.keys(e).some((k) => k.startsWith('?') || k.startsWith('#')));
  return root ? build(root, new Map(), '') : null;
}

/** base.py `startPrefixMapping`: reserved prefixes, the media RSS namespace, unknown namespaces. */
function checkNamespaceDeclaration(prefix: string, uri: string, coreNs: string, where: string, c: Collector) {
  const isAtomFeed = coreNs === ATOM_NS;
  if (KNOWN_PREFIXES.has(prefix)) {
    if (KNOWN_NAMESPACES[uri] !== prefix) {
      if (uri === MEDIA_RSS_WITHOUT_SLASH) c.add('error', 'MediaRssNamespace', where, `xmlns:${prefix}`);
      else c.add('warning', 'ReservedPrefix', where, `xmlns:${prefix}="${uri}"`);
    } else if ((prefix === 'atom' || prefix === 'xhtml') && isAtomFeed) {
      c.add('warning', 'AvoidNamespacePrefix', where, prefix);
    }
  } else if (uri in KNOWN_NAMESPACES) {
    const usual = KNOWN_NAMESPACES[uri];
    if (prefix && (usual === 'atom' || usual === 'xhtml') && isAtomFeed)
      c.add('warning', 'AvoidNamespacePrefix', where, prefix);
  } else if (uri === MEDIA_RSS_WITHOUT_SLASH) {
    c.add('error', 'MediaRssNamespace', where, `xmlns:${prefix}`);
  } else if (uri !== coreNs || !isAtomFeed) {
    c.add('warning', 'UnknownNamespace', where, uri);
  }
}

// ---------------------------------------------------------------------------------------------
// Document-level checks: well-formedness, declaration, HTTP media type and charset.

const FEED_MEDIA_TYPES = ['text/xml', 'application/xml', 'application/rss+xml', 'application/atom+xml'];
// XML 1.0 Char production, minus what the validator also flags (C1 controls, U+FFFD: BadCharacters).
const NOT_XML_CHAR = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\ud800-\udbff\udc00-\udfff]/;
const BAD_CHARACTERS = /[\u0080-\u009f\ufffd]/;

function checkXmlFeed(kind: 'rss' | 'atom', xml: string, c: Collector): void {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    c.add('error', 'SAXError', `line ${valid.err.line}`, valid.err.msg);
    return;
  }
  if (NOT_XML_CHAR.test(xml)) c.add('error', 'SAXError', 'document', 'character not allowed in XML');
  // fast-xml-parser accepts undefined entities; expat (the validator's parser) does not.
  const outsideCdata = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g, '');
  const undefinedEntity = /&(?!#x[0-9a-fA-F]+;|#[0-9]+;|amp;|lt;|gt;|quot;|apos;)([^;\s<]*;?)/.exec(
    outsideCdata,
  );
  if (undefinedEntity) c.add('error', 'UndefinedNamedEntity', 'document', undefinedEntity[0]);

  if (/^\s+<\?xml/.test(xml)) c.add('error', 'WPBlankLine', 'line 1');
  const declaration = /^<\?xml\s+version\s*=\s*["']([^"']*)["'](?:\s+encoding\s*=\s*["']([^"']*)["'])?/.exec(
    xml,
  );
  if (declaration && declaration[1] !== '1.0') c.add('error', 'BadXmlVersion', 'line 1', declaration[1]);
  const encoding = (declaration?.[2] ?? 'utf-8').toLowerCase();
  if (!['utf-8', 'us-ascii', 'iso-8859-1', 'utf-16'].includes(encoding))
    c.add('warning', 'ObscureEncoding', 'line 1', encoding);
  checkHttpType(kind, encoding, c);

  // __init__.py: the RSS Profile checks look for `&#x` on the element's line.
  c.hexLines = xml.split('\n').map((line) => line.includes('&#x'));
  const root = buildTree(xml, kind === 'atom' ? ATOM_NS : '', c);
  if (!root) {
    c.add('error', 'SAXError', 'document', 'no root element');
    return;
  }
  walk(root, (node) => {
    if (BAD_CHARACTERS.test(node.text) || [...node.attrs.values()].some((v) => BAD_CHARACTERS.test(v)))
      c.add('warning', 'BadCharacters', node.path);
  });
  if (kind === 'rss') checkRss(root, c);
  else checkAtom(root, c);
}

/** mediaTypes.py `checkValid` / `checkAgainstFeedType`, xmlEncoding.py `EncodingMismatch`. */
function checkHttpType(kind: 'rss' | 'atom', encoding: string, c: Collector): void {
  const header = c.options.contentType;
  if (!header) return;
  const [type = '', ...params] = header.split(';').map((p) => p.trim());
  const mediaType = type.toLowerCase();
  if (!FEED_MEDIA_TYPES.includes(mediaType)) c.add('warning', 'UnexpectedContentType', 'HTTP', mediaType);
  else if (mediaType === 'application/atom+xml' && kind !== 'atom')
    c.add('warning', 'UnexpectedContentType', 'HTTP', `${mediaType} for a non-Atom feed`);
  else if (mediaType === 'application/rss+xml' && kind !== 'rss')
    c.add('warning', 'UnexpectedContentType', 'HTTP', `${mediaType} for a non-RSS feed`);
  const charset = params
    .find((p) => /^charset=/i.test(p))
    ?.slice(8)
    .replace(/"/g, '')
    .toLowerCase();
  if (charset && charset !== encoding)
    c.add('warning', 'EncodingMismatch', 'HTTP', `${charset} vs ${encoding}`);
}

function walk(node: XmlNode, visit: (node: XmlNode) => void): void {
  visit(node);
  for (const child of node.children) walk(child, visit);
}

const childrenNamed = (node: XmlNode, name: string) => node.children.filter((ch) => ch.name === name);
const child = (node: XmlNode, name: string) => node.children.find((ch) => ch.name === name);
const isCore = (name: string) => !name.includes(':') && !name.startsWith('{');

/**
 * base.py / validators.py `noduplicates` and the `do_*` methods: core elements a parent does not
 * define are UndefinedElement; those allowed once are DuplicateElement when repeated.
 */
function checkChildren(node: XmlNode, allowed: string[], once: string[], c: Collector): void {
  const seen = new Set<string>();
  for (const ch of node.children) {
    if (!isCore(ch.name)) continue;
    if (!allowed.includes(ch.name)) c.add('error', 'UndefinedElement', ch.path);
    else if (once.includes(ch.name) && seen.has(ch.name)) c.add('error', 'DuplicateElement', ch.path);
    seen.add(ch.name);
  }
}

/**
 * base.py `startElementNS`: attributes an element does not define are UnexpectedAttribute;
 * an extension-namespace attribute on an RSS 2.0 core element is UseOfExtensionAttr.
 */
function checkAttributes(node: XmlNode, expected: string[], rssCore: boolean, c: Collector): void {
  for (const name of node.attrs.keys()) {
    if (expected.includes(name) || name.startsWith('xml:')) continue;
    if (name.startsWith('{') && rssCore) c.add('warning', 'UseOfExtensionAttr', node.path, name);
    else c.add('error', 'UnexpectedAttribute', node.path, name);
  }
}

// ---------------------------------------------------------------------------------------------
// RSS 2.0 (rss.py, channel.py, item.py, image.py, media.py)

const RSS_CHANNEL_CHILDREN = list(
  `title link description language copyright managingEditor webMaster pubDate lastBuildDate category generator docs cloud ttl image rating textInput skipHours skipDays item`,
);
const RSS_CHANNEL_ONCE = RSS_CHANNEL_CHILDREN.filter((n) => !['category', 'item'].includes(n));
const RSS_ITEM_CHILDREN = list(
  `title link description author category comments enclosure guid pubDate source`,
);
const RSS_ITEM_ONCE = ['title', 'link', 'description', 'author', 'comments', 'guid', 'pubDate', 'source'];

function checkRss(rss: XmlNode, c: Collector): void {
  if (rss.name !== 'rss') return void c.add('error', 'UndefinedElement', rss.path, 'root is not rss');
  if (rss.attrs.get('version') !== '2.0')
    c.add('error', 'InvalidRSSVersion', rss.path, rss.attrs.get('version'));
  checkAttributes(rss, ['version'], true, c);
  checkChildren(rss, ['channel'], ['channel'], c);
  const channel = child(rss, 'channel');
  if (!channel) return void c.add('error', 'MissingElement', rss.path, 'channel');
  checkAttributes(channel, [], true, c);
  checkChildren(channel, RSS_CHANNEL_CHILDREN, RSS_CHANNEL_ONCE, c);

  const title = child(channel, 'title');
  const link = child(channel, 'link');
  if (!title) c.add('error', 'MissingTitle', channel.path, 'title');
  if (!link) c.add('error', 'MissingLink', channel.path, 'link');
  if (!child(channel, 'description')) c.add('error', 'MissingDescription', channel.path, 'description');
  if (childrenNamed(channel, 'image').length > 1) c.add('error', 'DuplicateElement', channel.path, 'image');
  checkDuplicateSemantics(channel, 'DuplicateSemantics', c, [
    ['pubDate', 'dc:date'],
    ['language', 'dc:language'],
    ['copyright', 'dc:rights'],
    ['managingEditor', 'dc:creator'],
    ['webMaster', 'dc:publisher'],
    ['lastBuildDate', 'dcterms:modified'],
    ['category', 'dc:subject'],
  ]);

  let sawItem = false;
  let misplaced = false;
  const guids = new Set<string>();
  for (const el of channel.children) {
    if (el.name === 'atom:link') checkAttributes(el, LINK_ATTRS, false, c);
    else if (isCore(el.name) && el.name !== 'image')
      checkAttributes(el, el.name === 'category' ? ['domain'] : [], true, c);
    if (el.name === 'item') {
      sawItem = true;
      checkRssItem(el, guids, c);
      continue;
    }
    // channel.py `metadata()`: channel elements after the first item (RSS Profile).
    if (sawItem && (isCore(el.name) || el.name === 'atom:link') && !misplaced) {
      misplaced = true;
      c.add('warning', 'MisplacedItem', el.path);
    }
    switch (el.name) {
      case 'title':
        nonBlank(el, c);
        plainText(el, el.text, 'rss', c);
        break;
      case 'description':
      case 'copyright':
        plainText(el, el.text, 'rss', c);
        break;
      case 'category':
        nonBlank(el, c);
        plainText(el, el.text, 'rss', c);
        break;
      case 'link':
      case 'docs':
        fullUrl(el.path, el.text.trim(), c);
        break;
      case 'language':
        language(el.path, el.text.trim(), c);
        break;
      case 'pubDate':
      case 'lastBuildDate':
        rfc822(el.path, el.text.trim(), c);
        break;
      case 'managingEditor':
      case 'webMaster':
        emailWithName(el, c);
        break;
      case 'ttl':
        if (!/^\d+$/.test(el.text.trim()) || Number(el.text) <= 0)
          c.add('error', 'InvalidPositiveInteger', el.path, el.text);
        break;
      case 'image':
        checkRssImage(el, title?.text.trim(), link?.text.trim(), c);
        break;
      case 'atom:link':
        checkAtomLink(el, 'channel', c);
        break;
    }
  }
  if (!childrenNamed(channel, 'atom:link').some((l) => (l.attrs.get('rel') ?? 'alternate') === 'self'))
    c.add('warning', 'MissingAtomSelfLink', channel.path);
  checkDuplicateAtomLinks(childrenNamed(channel, 'atom:link'), false, c);
}

function checkRssItem(item: XmlNode, guids: Set<string>, c: Collector): void {
  checkChildren(item, RSS_ITEM_CHILDREN, RSS_ITEM_ONCE, c);
  if (!child(item, 'title') && !child(item, 'description'))
    c.add('error', 'ItemMustContainTitleOrDescription', item.path);
  if (!child(item, 'guid')) c.add('warning', 'MissingGuid', item.path, 'guid');
  if (childrenNamed(item, 'enclosure').length > 1) c.add('warning', 'DuplicateEnclosure', item.path);
  if (childrenNamed(item, 'content:encoded').length > 1)
    c.add('error', 'DuplicateElement', item.path, 'content:encoded');
  checkDuplicateSemantics(item, 'DuplicateItemSemantics', c, [
    ['author', 'dc:creator'],
    ['pubDate', 'dc:date'],
    ['pubDate', 'atom:published'],
    ['category', 'dc:subject'],
    ['guid', 'atom:id'],
  ]);
  let sawDescription = false;
  for (const el of item.children) {
    switch (el.name) {
      case 'title':
        checkAttributes(el, [], true, c);
        nonBlank(el, c);
        plainText(el, el.text, 'rss', c);
        break;
      case 'link':
      case 'comments':
        checkAttributes(el, [], true, c);
        fullUrl(el.path, el.text.trim(), c);
        break;
      case 'description':
        checkAttributes(el, [], true, c);
        sawDescription = true;
        safeHtml(el.path, el.text, c);
        break;
      case 'content:encoded':
        if (!sawDescription) c.add('warning', 'NeedDescriptionBeforeContent', el.path);
        safeHtml(el.path, el.text, c);
        break;
      case 'guid':
        checkAttributes(el, ['isPermaLink'], true, c);
        checkGuid(el, guids, c);
        break;
      case 'pubDate':
        checkAttributes(el, [], true, c);
        rfc822(el.path, el.text.trim(), c);
        break;
      case 'author':
        checkAttributes(el, [], true, c);
        emailWithName(el, c);
        break;
      case 'dc:creator':
        break; // text; several are allowed (one per byline)
      case 'category':
        checkAttributes(el, ['domain'], true, c);
        nonBlank(el, c);
        plainText(el, el.text, 'rss', c);
        break;
      case 'enclosure':
        checkAttributes(el, ['url', 'length', 'type'], true, c);
        checkEnclosure(el, c);
        break;
      case 'source':
        checkAttributes(el, ['url'], true, c);
        if (!el.attrs.has('url')) c.add('error', 'MissingAttribute', el.path, 'url');
        else fullUrl(`${el.path}/@url`, el.attrs.get('url')!, c);
        plainText(el, el.text, 'rss', c);
        break;
      case 'atom:link':
        checkAttributes(el, LINK_ATTRS, false, c);
        checkAtomLink(el, 'item', c);
        break;
      default:
        if (el.name.startsWith('media:')) checkMedia(el, c);
    }
  }
}

/** item.py `guid`: a permalink must be a full URL, not a tag: or urn:uuid:, and unique. */
function checkGuid(guid: XmlNode, guids: Set<string>, c: Collector): void {
  const value = guid.text.trim();
  const permaLink = guid.attrs.get('isPermaLink');
  if (permaLink !== undefined && permaLink !== 'true' && permaLink !== 'false')
    c.add('error', 'InvalidBooleanAttribute', guid.path, 'isPermaLink');
  if (permaLink !== 'false') {
    if (!isFullUrl(value)) c.add('error', 'InvalidHttpGUID', guid.path, value);
    else if (/^(tag:|urn:uuid:)/i.test(value)) c.add('error', 'InvalidPermalink', guid.path, value);
  } else if (value.length < 9 && /^\d+$/.test(value)) {
    c.add('warning', 'NotSufficientlyUnique', guid.path, value);
  }
  if (!value) c.add('warning', 'NotBlank', guid.path);
  else if (guids.has(value)) c.add('error', 'DuplicateValue', guid.path, value);
  guids.add(value);
}

function checkEnclosure(el: XmlNode, c: Collector): void {
  const length = el.attrs.get('length');
  if (length === undefined) c.add('error', 'MissingAttribute', el.path, 'length');
  else if (length.trim() === '-1') c.add('error', 'UseZeroForUnknown', el.path, 'length');
  else if (!/^\d+$/.test(length.trim())) c.add('error', 'InvalidIntegerAttribute', el.path, 'length');
  const type = el.attrs.get('type');
  if (type === undefined) c.add('error', 'MissingAttribute', el.path, 'type');
  else if (!MIME.test(type)) c.add('error', 'InvalidMIMEAttribute', el.path, 'type');
  const url = el.attrs.get('url');
  if (url === undefined) c.add('error', 'MissingAttribute', el.path, 'url');
  else if (!/^https?:\/\/[^/]/i.test(url) || !isFullUrl(url))
    c.add('error', 'InvalidURLAttribute', el.path, url);
}

/** image.py: required parts, and the RSS Profile's "title and link match the channel's". */
function checkRssImage(
  image: XmlNode,
  title: string | undefined,
  link: string | undefined,
  c: Collector,
): void {
  checkChildren(
    image,
    ['url', 'title', 'link', 'width', 'height', 'description'],
    ['url', 'title', 'link'],
    c,
  );
  for (const part of ['url', 'title', 'link'])
    if (!child(image, part)) c.add('error', 'MissingElement', image.path, part);
  const url = child(image, 'url');
  if (url) fullUrl(url.path, url.text.trim(), c);
  const imageTitle = child(image, 'title')?.text.trim();
  if (imageTitle !== undefined && imageTitle !== title) c.add('warning', 'ImageTitleDoesntMatch', image.path);
  const imageLink = child(image, 'link')?.text.trim();
  if (imageLink !== undefined && imageLink !== link) c.add('warning', 'ImageLinkDoesntMatch', image.path);
  const width = child(image, 'width')?.text.trim();
  if (width !== undefined && !(/^\d+$/.test(width) && +width >= 1 && +width <= 144))
    c.add('error', 'InvalidWidth', image.path, width);
  const height = child(image, 'height')?.text.trim();
  if (height !== undefined && !(/^\d+$/.test(height) && +height >= 1 && +height <= 400))
    c.add('error', 'InvalidHeight', image.path, height);
}

/** media.py: media:content attributes, media:description/title text types, media:thumbnail. */
function checkMedia(el: XmlNode, c: Collector): void {
  const positive = (attr: string) => {
    const v = el.attrs.get(attr);
    if (v !== undefined && !(/^\d+$/.test(v.trim()) && Number(v) > 0))
      c.add('error', 'InvalidPositiveInteger', `${el.path}/@${attr}`, v);
  };
  switch (el.name) {
    case 'media:content': {
      checkAttributes(el, MEDIA_CONTENT_ATTRS, false, c);
      ['height', 'width', 'fileSize'].forEach(positive);
      const channels = el.attrs.get('channels');
      if (channels !== undefined && !/^\d+$/.test(channels))
        c.add('error', 'InvalidNonNegativeInteger', `${el.path}/@channels`, channels);
      for (const attr of ['bitrate', 'duration', 'framerate', 'samplingrate']) {
        const v = el.attrs.get(attr);
        if (v !== undefined && !/^\d+\.?\d*/.test(v))
          c.add('error', 'InvalidFloat', `${el.path}/@${attr}`, v);
      }
      const medium = el.attrs.get('medium');
      if (medium !== undefined && !['image', 'audio', 'video', 'document', 'executable'].includes(medium))
        c.add('error', 'InvalidMediaMedium', el.path, medium);
      const expression = el.attrs.get('expression');
      if (expression !== undefined && !['sample', 'full', 'nonstop'].includes(expression))
        c.add('error', 'InvalidMediaExpression', el.path, expression);
      const isDefault = el.attrs.get('isDefault');
      if (isDefault !== undefined && !['true', 'false'].includes(isDefault.toLowerCase()))
        c.add('error', 'InvalidTrueFalse', `${el.path}/@isDefault`, isDefault);
      const type = el.attrs.get('type');
      if (type !== undefined && !MIME.test(type)) c.add('error', 'InvalidMIMEAttribute', el.path, 'type');
      const lang = el.attrs.get('lang');
      if (lang !== undefined) language(`${el.path}/@lang`, lang, c);
      const url = el.attrs.get('url');
      if (url) fullUrl(`${el.path}/@url`, url, c);
      for (const sub of el.children) if (sub.name.startsWith('media:')) checkMedia(sub, c);
      break;
    }
    case 'media:description':
    case 'media:title': {
      checkAttributes(el, ['type'], false, c);
      const type = el.attrs.get('type');
      if (type !== undefined && type !== 'plain' && type !== 'html')
        c.add('error', 'InvalidMediaTextType', el.path, type);
      if (type === 'html') safeHtml(el.path, el.text, c);
      else plainText(el, el.text, 'other', c, 'ContainsUndeclaredHTML');
      break;
    }
    case 'media:thumbnail': {
      checkAttributes(el, ['height', 'time', 'url', 'width'], false, c);
      const url = el.attrs.get('url');
      if (!url) c.add('error', 'MissingAttribute', el.path, 'url');
      else fullUrl(`${el.path}/@url`, url, c);
      ['height', 'width'].forEach(positive);
      break;
    }
  }
}

const MEDIA_CONTENT_ATTRS = list(
  `bitrate channels duration expression fileSize framerate height isDefault lang medium samplingrate type url width`,
);

function checkDuplicateSemantics(node: XmlNode, code: string, c: Collector, pairs: [string, string][]): void {
  for (const [core, ext] of pairs)
    if (child(node, core) && child(node, ext)) c.add('warning', code, node.path, `${core} and ${ext}`);
}

/** validators.py `email_with_name`: RSS author, managingEditor and webMaster hold e-mail addresses. */
function emailWithName(el: XmlNode, c: Collector): void {
  let value = el.text.trim();
  if (value.startsWith('mailto:')) value = decodeURIComponent(value.slice(7));
  if (value.indexOf('@') > 0 && !value.endsWith(')')) {
    c.add('warning', value.includes(' ') ? 'EmailFormat' : 'MissingRealName', el.path, value);
    return;
  }
  plainText(el, el.text, 'rss', c);
  const address = value.replace(/\s*\([^)]*\)\s*$/, '').replace(/^.*<([^>]*)>$/, '$1');
  if (!EMAIL.test(address)) c.add('error', 'InvalidContact', el.path, value);
}

// ---------------------------------------------------------------------------------------------
// Atom 1.0 (feed.py, entry.py, link.py, content.py, author.py, category.py)

const ATOM_FEED_CHILDREN = list(
  `author category contributor generator icon id link logo rights subtitle title updated entry`,
);
const ATOM_FEED_ONCE = ['generator', 'icon', 'id', 'logo', 'rights', 'subtitle', 'title', 'updated'];
const ATOM_ENTRY_CHILDREN = list(
  `author category content contributor id link published rights source summary title updated`,
);
const ATOM_ENTRY_ONCE = ['content', 'id', 'published', 'rights', 'source', 'summary', 'title', 'updated'];

function checkAtom(feed: XmlNode, c: Collector): void {
  if (feed.name !== 'feed')
    return void c.add('error', 'UndefinedElement', feed.path, 'root is not an Atom feed');
  checkAttributes(feed, [], false, c);
  const lang = feed.attrs.get('xml:lang');
  if (lang) language(`${feed.path}/@xml:lang`, lang, c);
  checkChildren(feed, ATOM_FEED_CHILDREN, ATOM_FEED_ONCE, c);
  for (const required of ['title', 'id', 'updated'])
    if (!child(feed, required)) c.add('error', 'MissingElement', feed.path, required);
  const links = childrenNamed(feed, 'link');
  if (!links.some((l) => l.attrs.get('rel') === 'self')) c.add('warning', 'MissingSelf', feed.path);
  checkDuplicateAtomLinks(links, false, c);
  const feedHasAuthor = !!child(feed, 'author');
  if (!child(feed, 'entry') && !feedHasAuthor) c.add('error', 'MissingElement', feed.path, 'author');

  let sawEntry = false;
  const ids = new Set<string>();
  const updated = new Set<string>();
  for (const el of feed.children) {
    if (el.name === 'entry') {
      sawEntry = true;
      checkEntry(el, feedHasAuthor, ids, updated, c);
      continue;
    }
    if (sawEntry && isCore(el.name)) c.add('error', 'MisplacedMetadata', el.path);
    checkAtomMetadata(el, 'feed', c);
  }
}

/** Elements feeds and entries share: id, updated, text constructs, people, categories, links. */
function checkAtomMetadata(el: XmlNode, parent: 'feed' | 'entry', c: Collector): void {
  switch (el.name) {
    case 'id': {
      checkAttributes(el, [], false, c);
      noWhitespace(el, c);
      if (fullUrl(el.path, el.text, c)) canonicalId(el, c);
      break;
    }
    case 'updated':
    case 'published':
      checkAttributes(el, [], false, c);
      noWhitespace(el, c);
      rfc3339(el.path, el.text, c);
      break;
    case 'title':
    case 'subtitle':
    case 'rights':
    case 'summary':
    case 'content':
      textConstruct(el, c);
      break;
    case 'author':
    case 'contributor':
      checkAttributes(el, [], false, c);
      checkPerson(el, c);
      break;
    case 'category':
      checkAttributes(el, ['term', 'scheme', 'label'], false, c);
      if (!el.attrs.has('term')) c.add('error', 'MissingAttribute', el.path, 'term');
      if (el.attrs.has('scheme')) fullUrl(`${el.path}/@scheme`, el.attrs.get('scheme')!, c);
      if (el.attrs.has('label')) plainText(el, el.attrs.get('label')!, 'atom', c);
      break;
    case 'link':
      checkAttributes(el, LINK_ATTRS, false, c);
      checkAtomLink(el, parent, c);
      break;
    case 'icon':
    case 'logo':
      checkAttributes(el, [], false, c);
      nonBlank(el, c);
      noWhitespace(el, c);
      uriReference(el.path, el.text, c);
      break;
    case 'generator':
      checkAttributes(el, ['uri', 'version'], false, c);
      nonBlank(el, c);
      if (el.attrs.has('uri')) uriReference(`${el.path}/@uri`, el.attrs.get('uri')!, c);
      break;
  }
}

function checkEntry(
  entry: XmlNode,
  feedHasAuthor: boolean,
  ids: Set<string>,
  updatedValues: Set<string>,
  c: Collector,
): void {
  checkAttributes(entry, [], false, c);
  checkChildren(entry, ATOM_ENTRY_CHILDREN, ATOM_ENTRY_ONCE, c);
  for (const required of ['title', 'id', 'updated'])
    if (!child(entry, required)) c.add('error', 'MissingElement', entry.path, required);
  if (!child(entry, 'author') && !feedHasAuthor) c.add('error', 'MissingElement', entry.path, 'author');
  const links = childrenNamed(entry, 'link');
  const content = child(entry, 'content');
  if (content) {
    if (
      !child(entry, 'summary') &&
      (content.attrs.has('src') || isBinaryType(content.attrs.get('type') ?? 'text'))
    )
      c.add('error', 'MissingSummary', entry.path);
  } else {
    if (!child(entry, 'summary')) c.add('warning', 'MissingTextualContent', entry.path);
    if (!links.some((l) => (l.attrs.get('rel') ?? 'alternate') === 'alternate'))
      c.add('error', 'MissingContentOrAlternate', entry.path);
  }
  checkDuplicateAtomLinks(links, true, c);
  const id = child(entry, 'id')?.text;
  if (id !== undefined) {
    if (ids.has(id)) c.add('warning', 'DuplicateEntries', entry.path, id);
    ids.add(id);
  }
  // entry.py `do_updated`: unique('updated', ..., DuplicateUpdated).
  const updated = child(entry, 'updated')?.text;
  if (updated !== undefined) {
    if (updatedValues.has(updated)) c.add('warning', 'DuplicateUpdated', entry.path, updated);
    updatedValues.add(updated);
  }
  for (const el of entry.children) checkAtomMetadata(el, 'entry', c);
}

const isBinaryType = (type: string) =>
  type.includes('/') && !(type.endsWith('+xml') || type.endsWith('/xml') || type.startsWith('text/'));

/** content.py `textConstruct`: text, html or xhtml; plain text must not look like markup. */
function textConstruct(el: XmlNode, c: Collector): void {
  checkAttributes(el, el.name === 'content' ? ['type', 'src'] : ['type'], false, c);
  const src = el.attrs.get('src');
  const type = el.attrs.get('type') ?? (src !== undefined ? '' : 'text');
  if (el.attrs.get('type') === '') c.add('warning', 'AttrNotBlank', el.path, 'type');
  if (el.name !== 'content' && type.includes('/')) c.add('error', 'InvalidTextType', el.path, type);
  else if (!['text', 'html', 'xhtml'].includes(type) && type && !MIME.test(type))
    c.add('error', 'InvalidMIMEType', el.path, type);
  if (src !== undefined) {
    uriReference(`${el.path}/@src`, src, c);
    if (!el.attrs.has('type')) c.add('warning', 'MissingTypeAttr', el.path, 'type');
  }
  if (type === 'xhtml') {
    const div = el.children[0];
    if (el.children.length !== 1 || div?.name !== 'xhtml:div' || el.text.trim())
      c.add('error', 'MissingXhtmlDiv', el.path);
  } else if (!type.endsWith('+xml') && !type.endsWith('/xml')) {
    for (const ch of el.children) c.add('error', 'UndefinedElement', ch.path);
  }
  if (type === 'text') plainText(el, el.text, 'atom', c, 'ContainsUndeclaredHTML');
  // The validator does not look for relative references in Atom (xml:base may resolve them);
  // we do, as our Atom content is meant to stand alone.
  else if (type === 'html' || type.endsWith('/html')) safeHtml(el.path, el.text, c);
  if (!el.text && el.children.length === 0 && src === undefined) c.add('warning', 'NotBlank', el.path);
}

/** author.py: a person has a name; uri is an IRI; email an address. */
function checkPerson(person: XmlNode, c: Collector): void {
  checkChildren(person, ['name', 'uri', 'email'], ['name', 'uri', 'email'], c);
  const name = child(person, 'name');
  if (!name) c.add('error', 'MissingElement', person.path, 'name');
  else {
    nonBlank(name, c);
    plainText(name, name.text, 'atom', c);
  }
  const uri = child(person, 'uri');
  if (uri) uriReference(uri.path, uri.text.trim(), c);
  const email = child(person, 'email');
  if (email && !EMAIL.test(email.text.trim())) c.add('error', 'InvalidContact', email.path, email.text);
}

const LINK_ATTRS = ['type', 'title', 'rel', 'href', 'length', 'hreflang'];
const REGISTERED_RELS = list(
  `alternate current describedby edit edit-media enclosure first hub last license next next-archive payment prev-archive previous related replies search self service up via`,
);
const FEED_HISTORY_RELS = ['current', 'first', 'last', 'next', 'next-archive', 'prev-archive', 'previous'];

/** link.py: rel, type, href; a self link must be absolute and be where the feed was fetched from. */
function checkAtomLink(link: XmlNode, parent: 'feed' | 'channel' | 'entry' | 'item', c: Collector): void {
  const rel = (link.attrs.get('rel') ?? 'alternate').replace(
    /^http:\/\/www\.iana\.org\/assignments\/relation\//,
    '',
  );
  if (link.attrs.has('rel')) {
    if (!rel) c.add('warning', 'AttrNotBlank', link.path, 'rel');
    else if (!REGISTERED_RELS.includes(rel) && !isFullUrl(rel))
      c.add('warning', 'UnregisteredAtomLinkRel', link.path, rel);
    if (FEED_HISTORY_RELS.includes(rel) && parent === 'entry')
      c.add('warning', 'FeedHistoryRelInEntry', link.path, rel);
  }
  const type = link.attrs.get('type');
  if (type !== undefined) {
    if (!MIME.test(type)) c.add('error', 'InvalidMIMEType', link.path, type);
    else if (
      rel === 'self' &&
      !['application/atom+xml', 'application/rss+xml', 'application/rdf+xml'].includes(type.split(';')[0]!)
    )
      c.add('warning', 'SelfNotAtom', link.path, type);
  }
  const title = link.attrs.get('title');
  if (title !== undefined) {
    if (!title) c.add('warning', 'AttrNotBlank', link.path, 'title');
    plainText(link, title, 'other', c);
  }
  const length = link.attrs.get('length');
  if (length !== undefined && !/^\d+$/.test(length))
    c.add('error', 'InvalidNonNegativeInteger', link.path, length);
  const hreflang = link.attrs.get('hreflang');
  if (hreflang !== undefined) language(`${link.path}/@hreflang`, hreflang, c);
  const href = link.attrs.get('href');
  if (href === undefined) c.add('error', 'MissingHref', link.path, 'href');
  else if (
    uriReference(`${link.path}/@href`, href, c) &&
    rel === 'self' &&
    (parent === 'feed' || parent === 'channel')
  ) {
    if (!/^[a-zA-Z][\w+.-]*:\/\/[^/]/.test(href)) c.add('warning', 'RelativeSelf', link.path, href);
    else if (canonicalUri(href) !== canonicalUri(c.options.location))
      c.add('warning', 'SelfDoesntMatchLocation', link.path, `${href} fetched from ${c.options.location}`);
  }
  if (link.text.trim() || link.children.length > 0) c.add('warning', 'AtomLinkNotEmpty', link.path);
}

/** feed.py / entry.py: one link per rel, type and hreflang (entries: per alternate type and hreflang). */
function checkDuplicateAtomLinks(links: XmlNode[], alternatesOnly: boolean, c: Collector): void {
  const seen = new Set<string>();
  for (const link of links) {
    const rel = link.attrs.get('rel') ?? 'alternate';
    if (alternatesOnly && rel !== 'alternate') continue;
    const key = `${rel} ${link.attrs.get('type') ?? ''} ${link.attrs.get('hreflang') ?? ''}`;
    if (seen.has(key)) c.add('error', 'DuplicateAtomLink', link.path, key);
    seen.add(key);
  }
}

// ---------------------------------------------------------------------------------------------
// Small element checks

function nonBlank(el: XmlNode, c: Collector): void {
  if (!el.text.trim()) c.add('warning', 'NotBlank', el.path);
}

function noWhitespace(el: XmlNode, c: Collector): void {
  if (el.text !== el.text.trim()) c.add('error', 'UnexpectedWhitespace', el.path);
}

/** entry.py / feed.py `canonicaluri`: Atom ids should be in canonical form (uri.py `_canonical`). */
function canonicalId(el: XmlNode, c: Collector): void {
  const canonical = canonicalUri(el.text);
  if (canonical !== el.text)
    c.add('warning', 'NonCanonicalURI', el.path, `${el.text} → ${canonical ?? 'N/A'}`);
}
