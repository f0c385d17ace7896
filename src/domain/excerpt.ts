/** Strips tags and collapses whitespace: for excerpts, meta descriptions and word counts. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * One line of text, cut at a word boundary and never longer than `max` characters
 * (ellipsis included): used for "Latest news" and meta descriptions.
 */
export function oneLine(text: string, max = 160): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > max * 0.6 ? cut.slice(0, lastSpace) : cut).replace(/[\s,.;:،؛-]+$/u, '')}…`;
}

export function wordCount(text: string): number {
  const words = text.trim().split(/\s+/u).filter(Boolean);
  return words.length;
}
