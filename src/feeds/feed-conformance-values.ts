/**
 * Shared parts of the feed conformance checker (feed-conformance.ts): findings, and the value
 * checks of the W3C feed validator's validators.py (plain text, URLs, dates, languages, HTML).
 */
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

export class Collector {
  readonly findings: Finding[] = [];
  /** Per source line: does it contain a hexadecimal character reference (the RSS Profile's marker). */
  hexLines: boolean[] = [];
  constructor(readonly options: CheckOptions) {}
  add(level: Level, code: string, where: string, detail?: string): void {
    this.findings.push(detail === undefined ? { level, code, where } : { level, code, where, detail });
  }
}

/** A word list written as one string (element, attribute and relation names). */
export const list = (names: string) => names.trim().split(/\s+/);

/** Where a value was read: its element path and source line. */
export interface Located {
  path: string;
  line: number;
}

// ---------------------------------------------------------------------------------------------
// Values: text, URLs, dates, languages (validators.py)

/**
 * validators.py `nonhtml`: plain text must not look like HTML. An end tag of an HTML element is
 * ContainsHTML; so is an entity-like `&name` unless the element's line uses hexadecimal character
 * references; in RSS 2.0, `<` before a letter or a numeric reference in the decoded text is the
 * RSS Profile's CharacterData unless that line uses hexadecimal references. (Entity names are
 * checked against HTML's named references, which is a superset of the validator's HTML 4 list.)
 */
export function plainText(
  el: Located,
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

export function isFullUrl(value: string): boolean {
  if (!FULL_URL.test(value)) return false;
  return !/^(http|ftp):/i.test(value) || /^\w+:\/\/[^/]/.test(value);
}

/** validators.py `rfc2396_full`: an absolute URL of ASCII characters only. */
export function fullUrl(where: string, value: string, c: Collector): boolean {
  if (isFullUrl(value)) return true;
  const bad = [...value].find((ch) => ch.charCodeAt(0) < 128 && !URI_CHARS.test(ch));
  if (bad !== undefined) c.add('error', 'InvalidUriChar', where, `${JSON.stringify(bad)} in ${value}`);
  else if (/[^\x00-\x7f]/.test(value)) c.add('error', 'UriNotIri', where, value);
  else c.add('error', 'InvalidFullLink', where, value);
  return false;
}

/** validators.py `rfc3987`: a URI or IRI reference (relative allowed; non-ASCII allowed in IRIs). */
export function uriReference(where: string, value: string, c: Collector): boolean {
  const ascii = value.replace(/[^\x00-\x7f]/g, 'x');
  if (URI_REFERENCE.test(ascii) && (!/^(http|ftp):/i.test(ascii) || /^\w+:\/\/[^/]/.test(ascii))) return true;
  const bad = [...ascii].find((ch) => !URI_CHARS.test(ch));
  c.add('error', bad !== undefined ? 'InvalidUriChar' : 'InvalidIRI', where, value);
  return false;
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
export function rfc822(where: string, value: string, c: Collector): void {
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
export function rfc3339(where: string, value: string, c: Collector): boolean {
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
export function language(where: string, value: string, c: Collector): void {
  if (!/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/.test(value)) c.add('error', 'InvalidLanguage', where, value);
}

// validators.py `mime_re`
export const MIME =
  /^[^\s()<>,;:\\"/[\]?=]+\/[^\s()<>,;:\\"/[\]?=]+(\s*;\s*[^\s()<>,;:\\"/[\]?=]+=("(\\"|[^"])*"|[^\s()<>,;:\\"/[\]?=]+))*$/;

export const EMAIL = /^[A-Z0-9_\-+.']+@(([0-9]{1,3}\.){3}|([A-Z0-9-]+\.)+)[A-Z0-9][-A-Z0-9]*$/i;

// ---------------------------------------------------------------------------------------------
// HTML inside feeds (validators.py `HTMLValidator`, `checkStyle`, `absUrlMixin`)

const words = (s: string) => new Set(list(s));

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
export function safeHtml(where: string, html: string, c: Collector): void {
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
