import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

const markdown = new MarkdownIt({ html: true, linkify: true, typographer: true });

/**
 * The allow-list for article bodies. Anything not listed is removed, so whatever an author
 * (or an importer) puts in, only safe markup reaches a page.
 */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'blockquote',
    'ul',
    'ol',
    'li',
    'strong',
    'em',
    'b',
    'i',
    'u',
    's',
    'sub',
    'sup',
    'mark',
    'small',
    'a',
    'code',
    'pre',
    'figure',
    'figcaption',
    'img',
    'picture',
    'source',
    'table',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'caption',
    'cite',
    'q',
    'abbr',
    'time',
    'dl',
    'dt',
    'dd',
    'bdi',
    'bdo',
    'span',
    'aside',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'hreflang', 'lang', 'dir'],
    img: ['src', 'srcset', 'sizes', 'alt', 'width', 'height', 'loading', 'decoding'],
    source: ['srcset', 'sizes', 'type', 'media'],
    time: ['datetime'],
    abbr: ['title'],
    th: ['scope', 'colspan', 'rowspan'],
    td: ['colspan', 'rowspan'],
    blockquote: ['cite', 'class'],
    q: ['cite'],
    bdo: ['dir'],
    '*': ['lang', 'dir', 'id'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  transformTags: {
    a: (tagName, attribs) => {
      const external = /^https?:\/\//i.test(attribs.href ?? '');
      return {
        tagName,
        attribs: external ? { ...attribs, rel: 'noopener noreferrer' } : attribs,
      };
    },
    img: (tagName, attribs) => ({ tagName, attribs: { loading: 'lazy', decoding: 'async', ...attribs } }),
  },
};

/** Sanitises HTML from any source against the article allow-list. */
export function sanitizeBodyHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

/** Renders Markdown article source to sanitised HTML. */
export function renderMarkdown(source: string): string {
  return sanitizeBodyHtml(markdown.render(source));
}
