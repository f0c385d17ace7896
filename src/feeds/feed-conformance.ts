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
 * Used by tests only (src/feeds/feed-conformance.test.ts).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseFragment, serialize, type DefaultTreeAdapterMap } from 'parse5';

export type Level = 'error' | 'warning';

export interface Finding {
  level: Level;
  /** The validator's message name, e.g. `ContainsRelRef` (JSON Feed rules use `JsonFeed…`). */
  code: string;
  /** Where: an element path such as `channel/item[3]/pubDate`, or a JSON path. */
  where: string;
  detail?: string;
}

export interface CheckOptions {
  /** The URL the feed was fetched from (self links and feed_url must match it). */
  location: string;
  /** The HTTP Content-Type it was served with, if known. */
  contentType?: string;
  /** The time the feed was fetched: later dates are implausible. */
  now: Date;
}

export type FeedKind = 'rss' | 'atom' | 'json';

/** Checks a served feed of the given kind; returns every error and warning found. */
export function checkFeed(kind: FeedKind, body: string, options: CheckOptions): Finding[] {
  const c = new Collector(options);
  if (kind === 'json') checkJsonFeed(body, c);
  else checkXmlFeed(kind, body, c);
  return c.findings;
}

class Collector {
  readonly findings: Finding[] = [];
  /** Per source line: does it contain a hexadecimal character reference (the RSS Profile's marker). */
  hexLines: boolean[] = [];
  constructor(readonly options: CheckOptions) {}
  add(level: Level, code: string, where: string, detail?: string): void {
    this.findings.push(detail === undefined ? { level, code, where } : { level, code, where, detail });
  }
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

const RSS_CHANNEL_CHILDREN = [
  'title',
  'link',
  'description',
  'language',
  'copyright',
  'managingEditor',
  'webMaster',
  'pubDate',
  'lastBuildDate',
  'category',
  'generator',
  'docs',
  'cloud',
  'ttl',
  'image',
  'rating',
  'textInput',
  'skipHours',
  'skipDays',
  'item',
];
const RSS_CHANNEL_ONCE = RSS_CHANNEL_CHILDREN.filter((n) => !['category', 'item'].includes(n));
const RSS_ITEM_CHILDREN = [
  'title',
  'link',
  'description',
  'author',
  'category',
  'comments',
  'enclosure',
  'guid',
  'pubDate',
  'source',
];
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

const MEDIA_CONTENT_ATTRS = [
  'bitrate',
  'channels',
  'duration',
  'expression',
  'fileSize',
  'framerate',
  'height',
  'isDefault',
  'lang',
  'medium',
  'samplingrate',
  'type',
  'url',
  'width',
];

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

const EMAIL = /^[A-Z0-9_\-+.']+@(([0-9]{1,3}\.){3}|([A-Z0-9-]+\.)+)[A-Z0-9][-A-Z0-9]*$/i;

// ---------------------------------------------------------------------------------------------
// Atom 1.0 (feed.py, entry.py, link.py, content.py, author.py, category.py)

const ATOM_FEED_CHILDREN = [
  'author',
  'category',
  'contributor',
  'generator',
  'icon',
  'id',
  'link',
  'logo',
  'rights',
  'subtitle',
  'title',
  'updated',
  'entry',
];
const ATOM_FEED_ONCE = ['generator', 'icon', 'id', 'logo', 'rights', 'subtitle', 'title', 'updated'];
const ATOM_ENTRY_CHILDREN = [
  'author',
  'category',
  'content',
  'contributor',
  'id',
  'link',
  'published',
  'rights',
  'source',
  'summary',
  'title',
  'updated',
];
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
const REGISTERED_RELS = [
  'alternate',
  'current',
  'describedby',
  'edit',
  'edit-media',
  'enclosure',
  'first',
  'hub',
  'last',
  'license',
  'next',
  'next-archive',
  'payment',
  'prev-archive',
  'previous',
  'related',
  'replies',
  'search',
  'self',
  'service',
  'up',
  'via',
];
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
// Values: text, URLs, dates, languages (validators.py)

function nonBlank(el: XmlNode, c: Collector): void {
  if (!el.text.trim()) c.add('warning', 'NotBlank', el.path);
}

function noWhitespace(el: XmlNode, c: Collector): void {
  if (el.text !== el.text.trim()) c.add('error', 'UnexpectedWhitespace', el.path);
}

/**
 * validators.py `nonhtml`: plain text must not look like HTML. An end tag of an HTML element is
 * ContainsHTML; so is an entity-like `&name` unless the element's line uses hexadecimal character
 * references; in RSS 2.0, `<` before a letter or a numeric reference in the decoded text is the
 * RSS Profile's CharacterData unless that line uses hexadecimal references. (Entity names are
 * checked against HTML's named references, which is a superset of the validator's HTML 4 list.)
 */
function plainText(
  el: XmlNode,
  value: string,
  format: 'rss' | 'atom' | 'other',
  c: Collector,
  code = 'ContainsHTML',
): void {
  const endTag = [...value.matchAll(/<\/(\w+)>/g)].find((m) => HTML_TAGS.has(m[1]!.toLowerCase()));
  const hexOnLine = c.hexLines[el.line - 1] ?? false;
  if (endTag) {
    c.add('warning', code, el.path, endTag[0]);
  } else if (/&#?[\p{L}\p{N}_]/u.test(value)) {
    // Python's \w and isalpha() are Unicode-aware: `&` before a Persian word is a word, not an entity.
    const entityLike = [...value.matchAll(/&(#?[\p{L}\p{N}_]+)/gu)].some(
      (m) => !/^\p{L}+$/u.test(m[1]!) || m[1] === 'apos' || isHtmlEntityName(m[1]!),
    );
    if (entityLike && !hexOnLine) c.add('warning', code, el.path, 'entity-like text');
  } else if (format === 'rss' && !hexOnLine && /&#[x0-9]|<[/a-zA-Z]/.test(value)) {
    c.add('warning', 'CharacterData', el.path);
  }
}

function isHtmlEntityName(name: string): boolean {
  const text = parseFragment(`&${name};`).childNodes[0];
  return !!text && 'value' in text && text.value !== `&${name};`;
}

const URI_CHARS = /[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,#]/;
const FULL_URL = /^[a-zA-Z][0-9a-zA-Z+\-.]*:(\/\/)?[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,#]+$/;
const URI_REFERENCE =
  /^([a-zA-Z][0-9a-zA-Z+\-.]*:)?\/{0,2}(\[[0-9A-Fa-f:]+\])?[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,#]*$/;

function isFullUrl(value: string): boolean {
  if (!FULL_URL.test(value)) return false;
  return !/^(http|ftp):/i.test(value) || /^\w+:\/\/[^/]/.test(value);
}

/** validators.py `rfc2396_full`: an absolute URL of ASCII characters only. */
function fullUrl(where: string, value: string, c: Collector): boolean {
  if (isFullUrl(value)) return true;
  const bad = [...value].find((ch) => ch.charCodeAt(0) < 128 && !URI_CHARS.test(ch));
  if (bad !== undefined) c.add('error', 'InvalidUriChar', where, `${JSON.stringify(bad)} in ${value}`);
  else if (/[^\x00-\x7f]/.test(value)) c.add('error', 'UriNotIri', where, value);
  else c.add('error', 'InvalidFullLink', where, value);
  return false;
}

/** validators.py `rfc3987`: a URI or IRI reference (relative allowed; non-ASCII allowed in IRIs). */
function uriReference(where: string, value: string, c: Collector): boolean {
  const ascii = value.replace(/[^\x00-\x7f]/g, 'x');
  if (URI_REFERENCE.test(ascii) && (!/^(http|ftp):/i.test(ascii) || /^\w+:\/\/[^/]/.test(ascii))) return true;
  const bad = [...ascii].find((ch) => !URI_CHARS.test(ch));
  c.add('error', bad !== undefined ? 'InvalidUriChar' : 'InvalidIRI', where, value);
  return false;
}

/** entry.py / feed.py `canonicaluri`: Atom ids should be in canonical form (uri.py `_canonical`). */
function canonicalId(el: XmlNode, c: Collector): void {
  const canonical = canonicalUri(el.text);
  if (canonical !== el.text)
    c.add('warning', 'NonCanonicalURI', el.path, `${el.text} → ${canonical ?? 'N/A'}`);
}

const QUOTE_SAFE = "~:/?[]@!$&'()*+,;=";

function unquote(value: string, plus: boolean): string {
  const text = plus ? value.replace(/\+/g, ' ') : value;
  return text.replace(/(%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

function quote(value: string, plus: boolean): string {
  let out = '';
  for (const ch of value.normalize('NFC')) {
    if (/[A-Za-z0-9_.\-~]/.test(ch) || QUOTE_SAFE.includes(ch)) out += ch;
    else if (plus && ch === ' ') out += '+';
    else
      out += [...new TextEncoder().encode(ch)]
        .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
        .join('');
  }
  return out;
}

/** uri.py `_canonical`: the form two equivalent URIs share (scheme and http host lower-cased, …). */
export function canonicalUri(uri: string): string | null {
  const m = /^(([^:/?#]+):)?(\/\/([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?$/.exec(uri);
  if (!m) return null;
  const scheme = m[2]?.toLowerCase();
  let authority = m[4];
  let path = m[5] ?? '';
  if (authority !== undefined && (scheme === 'http' || scheme === 'ftp')) {
    const defaultPort = scheme === 'http' ? '80' : '21';
    const at = authority.lastIndexOf('@');
    const userinfo = at >= 0 ? authority.slice(0, at) : '';
    let host = (at >= 0 ? authority.slice(at + 1) : authority).toLowerCase();
    const colon = host.indexOf(':');
    if (colon >= 0) {
      const port = host.slice(colon + 1);
      host = port === '' || port === defaultPort ? host.slice(0, colon) : host;
    }
    authority = (userinfo && userinfo !== ':' ? `${userinfo}@` : '') + host;
    path = path === '' ? '/' : removeDotSegments(path);
  }
  let out = scheme !== undefined ? `${scheme}:` : '';
  if (authority !== undefined) out += `//${authority}`;
  out += quote(unquote(path, false), false);
  if (m[6] !== undefined) out += `?${quote(unquote(m[7]!, true), true)}`;
  if (m[8] !== undefined) out += `#${quote(unquote(m[9]!, false), false)}`;
  return out;
}

function removeDotSegments(path: string): string {
  const segments = path.split('/');
  for (let i = 0; i < segments.length;) {
    if (segments[i] === '.') segments.splice(i, 1);
    else if (segments[i] === '..') {
      segments.splice(i, 1);
      if (i > 1) segments.splice(--i, 1);
    } else i++;
  }
  return segments.join('/');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const RFC2822 =
  /^(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d\d?) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d\d):(\d\d)(?::(\d\d))? (?:[+-]?\d\d[03]0|UT|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|Z)$/;
const RFC822_LENIENT =
  /^(((mon)|(tue)|(wed)|(thu)|(fri)|(sat)|(sun))\s*,\s*)?\d\d?\s+((jan)|(feb)|(mar)|(apr)|(may)|(jun)|(jul)|(aug)|(sep)|(oct)|(nov)|(dec))\s+\d\d(\d\d)?\s+\d\d:\d\d(:\d\d)?\s+(([+-]\d\d\d\d)|(ut)|(gmt)|(est)|(edt)|(cst)|(cdt)|(mst)|(mdt)|(pst)|(pdt)|[a-ik-z])?$/;

/** validators.py `rfc822`: RFC 2822 with a 4-digit year, right day of week, plausible. */
function rfc822(where: string, value: string, c: Collector): void {
  const m = RFC2822.exec(value);
  if (!m) {
    const stripped = value
      .replace(/\\./g, '')
      .replace(/\([^()]*\)/g, ' ')
      .trim()
      .toLowerCase();
    if (RFC822_LENIENT.test(stripped)) c.add('warning', 'ProblematicalRFC822Date', where, value);
    else c.add('error', 'InvalidRFC2822Date', where, value);
    return;
  }
  const [, dow, day, month, year] = m;
  const date = new Date(Date.UTC(Number(year), MONTHS.indexOf(month!), Number(day)));
  if (date.getUTCDate() !== Number(day)) return void c.add('error', 'InvalidRFC2822Date', where, value);
  if (dow && DAYS[date.getUTCDay()] !== dow) return void c.add('error', 'IncorrectDOW', where, value);
  if (Number(year) < 1990 || Date.parse(value) > c.options.now.getTime() + 600_000)
    c.add('warning', 'ImplausibleDate', where, value);
}

const RFC3339 = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d*)?(Z|[+-]\d\d:\d\d)$/;

/** validators.py `rfc3339` (and its ImplausibleDate bounds). */
function rfc3339(where: string, value: string, c: Collector): boolean {
  const m = RFC3339.exec(value);
  const valid =
    !!m &&
    new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)).getUTCDate() === +m[3]! &&
    +m[2]! >= 1 &&
    +m[2]! <= 12 &&
    +m[4]! <= 23 &&
    +m[5]! <= 60 &&
    +m[6]! <= 60;
  if (!valid) {
    c.add('error', 'InvalidRFC3339Date', where, value);
    return false;
  }
  if (value < '1990-01-01' || Date.parse(value) > c.options.now.getTime() + 600_000)
    c.add('warning', 'ImplausibleDate', where, value);
  return true;
}

/**
 * validators.py `iso639`: a language tag whose primary subtag is an ISO 639 code. Approximated:
 * two or three letters (the validator looks the code up in its list).
 */
function language(where: string, value: string, c: Collector): void {
  if (!/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/.test(value)) c.add('error', 'InvalidLanguage', where, value);
}

// validators.py `mime_re`
const MIME =
  /^[^\s()<>,;:\\"/[\]?=]+\/[^\s()<>,;:\\"/[\]?=]+(\s*;\s*[^\s()<>,;:\\"/[\]?=]+=("(\\"|[^"])*"|[^\s()<>,;:\\"/[\]?=]+))*$/;

// ---------------------------------------------------------------------------------------------
// HTML inside feeds (validators.py `HTMLValidator`, `checkStyle`, `absUrlMixin`)

const words = (s: string) => new Set(s.trim().split(/\s+/));

const HTML_TAGS = words(`a abbr acronym address applet area article aside audio b base basefont bdi bdo big
  blockquote body br button canvas caption center cite code col colgroup command data datagrid datalist dd
  del details dfn dialog dir div dl dt em eventsource fieldset figcaption figure font footer form frame
  frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins isindex kbd label legend li
  link m main mark map menu meta meter nav noframes noscript object ol optgroup option output p param
  picture pre progress q rp rt ruby s samp script section select slot small source span strike strong style
  sub summary sup table tbody td template textarea tfoot th thead time title tr track tt u ul var xmp
  plaintext embed comment listing video wbr`);

const ACCEPTABLE_ELEMENTS = words(`a abbr acronym address area article aside audio b bdi big blockquote br
  button canvas caption center cite code col colgroup command data datagrid datalist dd del details dfn
  dialog dir div dl dt em eventsource fieldset figcaption figure footer font form header h1 h2 h3 h4 h5 h6
  hgroup hr i img input ins keygen kbd label legend li m main map mark menu meter multicol nav nextid ol
  output optgroup option p picture pre progress q rp rt ruby s samp section select small sound source spacer
  span strike strong sub summary sup table tbody td template textarea time tfoot th thead tr track tt u ul
  var video noscript wbr`);

const ACCEPTABLE_ATTRIBUTES = words(`abbr accept accept-charset accesskey action align allow allowfullscreen
  allowpaymentrequest alt as autoplay autocapitalize autocomplete autofocus axis background balance bgcolor
  bgproperties border bordercolor bordercolordark bordercolorlight bottompadding cellpadding cellspacing ch
  challenge char charoff choff charset checked cite class clear color cols colspan compact contenteditable
  coords crossorigin data datafld datapagesize datasrc datetime decoding default delay dir dirname disabled
  download draggable dynsrc enctype end enterkeyhint face for form formenctype frame galleryimg gutter
  headers height hidefocus hidden high href hreflang hspace icon id inputmode is ismap itemid itemprop
  itemref itemscope itemtype kind keytype label lang leftspacing loading list longdesc loop loopcount
  loopend loopstart low lowsrc max maxlength media method min minlength multiple muted name nohref nonce
  noshade nowrap open optimum pattern ping placeholder playsinline point-size poster preload prompt pqg
  radiogroup readonly referrerpolicy rel repeat-max repeat-min replace required rev reversed rightspacing
  rows rowspan rules scope selected shape size sizes span spellcheck src srclang srcset start step summary
  suppress tabindex target template title toppadding translate type unselectable usemap urn valign value
  variable volume vspace vrml width wrap xml:lang xmlns`);

const CSS_PROPERTIES = words(`azimuth background background-color border border-bottom border-bottom-color
  border-bottom-style border-bottom-width border-collapse border-color border-left border-left-color
  border-left-style border-left-width border-right border-right-color border-right-style border-right-width
  border-spacing border-style border-top border-top-color border-top-style border-top-width border-width
  clear color cursor direction display elevation float font font-family font-size font-style font-variant
  font-weight height letter-spacing line-height list-style-type margin margin-bottom margin-left
  margin-right margin-top overflow padding padding-bottom padding-left padding-right padding-top pause
  pause-after pause-before pitch pitch-range richness speak speak-header speak-numeral speak-punctuation
  speech-rate stress text-align text-decoration text-indent unicode-bidi vertical-align voice-family volume
  white-space width`);

const CSS_KEYWORDS = words(`aqua auto black block blue bold both bottom brown center collapse dashed dotted
  fuchsia gray green !important italic left lime maroon medium none navy normal nowrap olive pointer purple
  red right solid silver teal top transparent underline white yellow`);
const VALID_CSS_VALUE =
  /^(#[0-9a-f]+|rgb\(\d+%?,\d*%?,?\d*%?\)?|\d?\.?\d?\d(cm|em|ex|in|mm|pc|pt|px|%|,|\))?)$/;

/** validators.py `checkStyle`: style properties and values outside the allow-list. */
function dangerousStyle(style: string): string[] {
  if (!/^([:,;#%.\sa-zA-Z0-9!]|\w-\w|'[\s\w]+'|"[\s\w]+"|\([\d,\s]+\))*$/.test(style)) return [style];
  if (!/^(\s*[-\w]+\s*:\s*[^:;]*(;|$))*$/.test(style)) return [style];
  const unsafe: string[] = [];
  for (const [, prop, value] of style.toLowerCase().matchAll(/([-\w]+)\s*:\s*([^:;]*)/g)) {
    if (!CSS_PROPERTIES.has(prop!)) unsafe.push(prop!);
    else if (['background', 'border', 'margin', 'padding'].includes(prop!.split('-')[0]!))
      for (const keyword of value!.split(/\s+/).filter(Boolean))
        if (!CSS_KEYWORDS.has(keyword) && !VALID_CSS_VALUE.test(keyword)) unsafe.push(keyword);
  }
  return unsafe;
}

type Html = DefaultTreeAdapterMap;
const URL_ATTRIBUTES = ['href', 'src', 'poster', 'cite'];
const TAG_TOKEN =
  /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][^\s/>]*)(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*\/?>/g;

/** The start and end tags as written (tbody aside: HTML parsers insert it without complaint). */
function tagSequence(html: string): string {
  const tags: string[] = [];
  for (const m of html.matchAll(TAG_TOKEN))
    if (m[2] && m[2].toLowerCase() !== 'tbody') tags.push(`${m[1]}${m[2].toLowerCase()}`);
  return tags.join(' ');
}

/**
 * validators.py `safeHtml`: escaped HTML in RSS description/content:encoded and Atom html.
 * NotHtml where an HTML parser reports errors (the validator uses html5lib in strict mode; parse5
 * reports tokenizer errors, and a tree that differs from the tags as written catches stray and
 * misnested end tags), or for non-HTML elements; SecurityRisk, SecurityRiskAttr and
 * DangerousStyleAttr outside the validator's allow-lists; ContainsRelRef for relative URLs
 * (the validator looks at `a href` and `img src`; we look at every URL attribute and srcset).
 */
function safeHtml(where: string, html: string, c: Collector): void {
  if (html.toLowerCase().includes('<?import ')) c.add('warning', 'SecurityRisk', where, '?import');
  const errors: string[] = [];
  const fragment = parseFragment(html, { onParseError: (e) => errors.push(e.code) });
  if (tagSequence(html) !== tagSequence(serialize(fragment))) errors.push('stray or misnested tags');
  // One NotHtml per field: the validator stops at html5lib's first parse error.
  let notHtml = errors.length > 0;
  if (notHtml) c.add('warning', 'NotHtml', where, errors[0]);
  const visit = (node: Html['parentNode']) => {
    for (const el of node.childNodes) {
      if (!('tagName' in el)) continue;
      const tag = el.tagName.toLowerCase();
      if (!HTML_TAGS.has(tag)) {
        if (!notHtml) c.add('warning', 'NotHtml', where, `non-HTML tag <${tag}>`);
        notHtml = true;
      } else if (!ACCEPTABLE_ELEMENTS.has(tag)) c.add('warning', 'SecurityRisk', where, `<${tag}>`);
      else
        for (const attr of el.attrs) {
          const name = attr.name.toLowerCase();
          if (name === 'style')
            for (const evil of dangerousStyle(attr.value))
              c.add('warning', 'DangerousStyleAttr', where, evil);
          else if (!ACCEPTABLE_ATTRIBUTES.has(name) && !name.startsWith('data-'))
            c.add('warning', 'SecurityRiskAttr', where, `${tag} ${name}`);
        }
      for (const attr of el.attrs) {
        const refs =
          attr.name === 'srcset'
            ? attr.value.split(',').map((s) => s.trim().split(/\s+/)[0] ?? '')
            : [attr.value];
        if (URL_ATTRIBUTES.includes(attr.name) || attr.name === 'srcset')
          for (const ref of refs)
            if (!/^\w+:/.test(ref.trim()))
              c.add('warning', 'ContainsRelRef', where, `${tag} ${attr.name}="${ref}"`);
      }
      visit(tag === 'template' ? (el as Html['template']).content : el);
    }
  };
  visit(fragment);
}

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

function checkJsonFeed(body: string, c: Collector): void {
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
  if (obj.author !== undefined) c.add('warning', 'JsonFeedDeprecated', `${at}.author`, 'use authors (1.1)');
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
