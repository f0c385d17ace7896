/** Small helpers for writing XML by hand, safely. */

// XML 1.0 forbids most C0 controls, lone surrogates and U+FFFE/U+FFFF even when escaped.
const INVALID_XML =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

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

/**
 * Makes root-relative `src`/`href`/`srcset` URLs in article HTML absolute: feed readers and
 * aggregators show the body away from the site, where `/media/...` would point nowhere.
 */
export function absolutizeHtml(htmlText: string, baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return htmlText
    .replace(/(\s(?:src|href|poster)=)(["'])\/(?!\/)/gi, `$1$2${base}/`)
    .replace(/(\ssrcset=)(["'])([^"']*)\2/gi, (_m, attr: string, q: string, value: string) => {
      const fixed = value
        .split(',')
        .map((part) => part.trim().replace(/^\/(?!\/)/, `${base}/`))
        .join(', ');
      return `${attr}${q}${fixed}${q}`;
    });
}
