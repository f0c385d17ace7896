/**
 * The dependency-key vocabulary. A cached page declares the keys of everything it shows; a change
 * invalidates the keys it affects. Keys are plain strings so stores, the bus and Surrogate-Key
 * headers can carry them unchanged.
 *
 * - `article:ID`   the article, wherever it appears (its page, and every card of it in a list or module)
 * - `section:ID`   the section's listing (articles in it or its subsections) and its name/description
 * - `tag:ID`, `author:ID`  the same for tags and bylines
 * - `home:LANG`    an edition's home page composition (lead story, section blocks)
 * - `list:LANG`    "newest articles" lists of an edition (Latest news on every article page)
 * - `curation:LANG` the editor-curated must-read list and lead story
 * - `nav:LANG`     the edition frame: section navigation, site name
 * - `feed:LANG`    the edition's feeds
 * - `search:LANG`  the edition's search pages: any public article's text, or a section, tag or
 *                  byline name, may change which articles a query finds
 * - `sitemap`      sitemaps (all editions)
 */
export const dep = {
  article: (id: number) => `article:${id}`,
  section: (id: number) => `section:${id}`,
  tag: (id: number) => `tag:${id}`,
  author: (id: number) => `author:${id}`,
  home: (language: string) => `home:${language}`,
  list: (language: string) => `list:${language}`,
  curation: (language: string) => `curation:${language}`,
  nav: (language: string) => `nav:${language}`,
  feed: (language: string) => `feed:${language}`,
  search: (language: string) => `search:${language}`,
  sitemap: 'sitemap',
} as const;

/** Keys of a list of cards: every article shown. */
export function cardKeys(cards: readonly { id: number }[]): string[] {
  return cards.map((c) => dep.article(c.id));
}
