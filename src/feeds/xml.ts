/** Small helpers for writing XML by hand, safely. */
import { asciiUrl } from './paths.ts';

// XML 1.0 forbids most C0 controls, lone surrogates and U+FFFE/U+FFFF even when escaped. DEL and
// the C1 controls are allowed but discouraged (XML 1.0 §2.2): in UTF-8 text they are always debris
// of a mis-decoded import, and feed validators flag them (BadCharacters), so they go too.
const INVALID_XML =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function stripInvalidXml(value: string): string {
  return value.replace(INVALID_XML, '');
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes text for an XML element or attribute value. */
export function xmlEscape(value: string | number): string {
  return stripInvalidXml(String(value)).replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch]!);
}

/**
 * Escapes plain text for element content in a feed, writing `&`, `<` and `>` as hexadecimal
 * character references: the RSS Best Practices Profile asks for that, and the W3C feed validator
 * reads `&amp;` or `&lt;` in plain text as likely HTML (CharacterData, ContainsHTML).
 */
export function textEscape(value: string): string {
  return stripInvalidXml(value).replace(
    /[&<>]/g,
    (ch) => `&#x${ch.charCodeAt(0).toString(16).toUpperCase()};`,
  );
}

/** Plain text as HTML (for RSS `description`, which readers render as HTML). */
export function htmlEscape(value: string): string {
  return value.replace(/[&<>"]/g, (ch) => XML_ESCAPES[ch]!);
}

/** Wraps text in CDATA, splitting any `]]>` so it cannot close the section early. */
export function cdata(value: string): string {
  return `<![CDATA[${stripInvalidXml(value).replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** RFC 822 date for RSS (`Fri, 27 Nov 2026 14:00:00 GMT`). */
export function rfc822(iso: string): string {
  return new Date(iso).toUTCString();
}

/** RFC 3339 / W3C date-time in UTC with seconds (`2026-11-27T14:00:00Z`). */
export function rfc3339(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const ATTRIBUTE_REFERENCE = /&(amp|quot|lt|gt|apos|#\d+|#x[0-9a-fA-F]+);/g;
const decodeAttribute = (value: string) =>
  value.replace(ATTRIBUTE_REFERENCE, (ref, name: string) =>
    name.startsWith('#x')
      ? String.fromCodePoint(parseInt(name.slice(2), 16))
      : name.startsWith('#')
        ? String.fromCodePoint(parseInt(name.slice(1), 10))
        : (({ amp: '&', quot: '"', lt: '<', gt: '>', apos: "'" } as Record<string, string>)[name] ?? ref),
  );
const encodeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

// Characters a URL may hold as it is (RFC 3986 reserved and unreserved, `%`), and dot segments.
const PLAIN_URL = /^[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,#]*$/;
const DOT_SEGMENT = /(^|\/)\.\.?($|[/?#])/;

/** A reference resolved against the document it appears in, as an ASCII URL (unchanged if unparsable). */
function resolveReference(encoded: string, documentUrl: string, origin: string): string {
  // Fast paths for what bodies mostly hold: absolute and root-relative URLs that need no change.
  if (PLAIN_URL.test(encoded) && !DOT_SEGMENT.test(encoded)) {
    if (/^https?:\/\/[^/]/i.test(encoded)) return encoded;
    if (encoded.startsWith('/') && !encoded.startsWith('//')) return origin + encoded;
  }
  try {
    return encodeAttribute(asciiUrl(new URL(decodeAttribute(encoded).trim(), documentUrl).href));
  } catch {
    return encoded;
  }
}

const URL_ATTRIBUTE = /(\s(?:href|src|poster|cite)=")([^"]*)"/gi;
const SRCSET_ATTRIBUTE = /(\ssrcset=")([^"]*)"/gi;

/**
 * Makes every URL in sanitised article HTML absolute, resolved against the article's own URL as a
 * browser would (`other`, `../x`, `#notes`, `/media/…`, `srcset` candidates), and ASCII: feed
 * readers show the body away from the site, where a relative reference points nowhere, and the
 * W3C feed validator warns about them (ContainsRelRef). Only start tags are touched; the
 * sanitiser writes `<`, `>` as references in text and attribute values, so a tag never holds `>`.
 */
export function absolutizeHtml(htmlText: string, documentUrl: string): string {
  const origin = new URL(documentUrl).origin;
  return htmlText.replace(/<[a-zA-Z][^>]*\s(?:href|src|poster|cite|srcset)="[^>]*>/g, (tag) =>
    tag
      .replace(
        URL_ATTRIBUTE,
        (_m, attr: string, value: string) => `${attr}${resolveReference(value, documentUrl, origin)}"`,
      )
      .replace(SRCSET_ATTRIBUTE, (_m, attr: string, value: string) => {
        const candidates = value.split(',').map((candidate) => {
          const [url = '', ...descriptor] = candidate.trim().split(/\s+/);
          return [resolveReference(url, documentUrl, origin), ...descriptor].join(' ');
        });
        return `${attr}${candidates.join(', ')}"`;
      }),
  );
}

/**
 * `<bdo>` as `<span style="unicode-bidi:bidi-override">` with the same `dir`: the same rendering,
 * but kept by feed readers' HTML allow-lists, which (like the W3C validator's, SecurityRisk)
 * leave bdo out and would drop the override from Persian text.
 */
export function bdoAsSpan(htmlText: string): string {
  if (!/<bdo/i.test(htmlText)) return htmlText;
  return htmlText
    .replace(
      /<bdo(\s[^>]*)?>/gi,
      (_m, attrs: string | undefined) => `<span${attrs ?? ''} style="unicode-bidi:bidi-override">`,
    )
    .replace(/<\/bdo>/gi, '</span>');
}
