import type { Language } from '../domain/language.ts';
import { html, type SafeHtml } from '../web/views/html.ts';
import { FEED_FORMATS, feedPath, type FeedFormat, type FeedScope } from './paths.ts';

/**
 * `<link rel="alternate">` tags for the page head, so browsers and readers find the feeds of the
 * page: the edition's feeds on the home page, a section's on its page, and so on.
 *
 * @example feedLinks('fa', { kind: 'section', slug: 'politics' }, 'Politics')
 */
export function feedLinks(language: Language, scope: FeedScope, title?: string): SafeHtml {
  const formats = Object.keys(FEED_FORMATS) as FeedFormat[];
  return html`${formats.map(
    (format) =>
      html`<link rel="alternate" type="${FEED_FORMATS[format].type}" title="${title ? `${title} (${FEED_FORMATS[format].title})` : FEED_FORMATS[format].title}" href="${feedPath(language, scope, format)}">`,
  )}`;
}
