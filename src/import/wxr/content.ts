import { escapeHtml } from '../../web/views/html.ts';

const BLOCK_TAGS =
  /<\/?(?:p|div|figure|figcaption|blockquote|ul|ol|li|h[1-6]|pre|table|thead|tbody|tr|td|th|hr|section|article|aside|iframe|dl|dt|dd|address|details|summary)[\s>/]/i;

function attrs(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of raw.matchAll(/([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s\]]+))/g))
    out[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  return out;
}

function link(url: string): string {
  const safe = /^https?:\/\//i.test(url) ? url : '';
  return safe ? `<p><a href="${escapeHtml(safe)}">${escapeHtml(safe)}</a></p>` : '';
}

/**
 * Turns WordPress post content into clean HTML: Gutenberg block comments dropped, shortcodes
 * ([caption], [embed], [gallery], [audio], [video] and unknown ones) replaced by plain HTML or
 * removed, and classic-editor line breaks turned into paragraphs (a small wpautop).
 * The result is sanitised afterwards like any HTML body.
 */
export function cleanWordPressContent(content: string): string {
  let out = content.replace(/\r\n?/g, '\n');
  // Gutenberg: <!-- wp:paragraph {"x":1} --> ... <!-- /wp:paragraph -->, and self-closing <!-- wp:x /-->.
  out = out.replace(/<!--\s*\/?wp:[\s\S]*?-->/g, '');
  out = out.replace(/\[caption([^\]]*)\]([\s\S]*?)\[\/caption\]/gi, (_m, raw: string, inner: string) => {
    const a = attrs(raw);
    const media = /(?:<a[^>]*>\s*)?<img[^>]*>(?:\s*<\/a>)?/i.exec(inner)?.[0] ?? '';
    const caption = (a.caption ?? inner.replace(media, '')).trim();
    return `<figure>${media}${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;
  });
  out = out.replace(/\[embed[^\]]*\]([\s\S]*?)\[\/embed\]/gi, (_m, url: string) => link(url.trim()));
  out = out.replace(/\[(audio|video)([^\]]*)\](?:[\s\S]*?\[\/\1\])?/gi, (_m, _kind: string, raw: string) => {
    const a = attrs(raw);
    return link(a.src ?? a.mp3 ?? a.mp4 ?? a.m4a ?? a.ogg ?? a.webm ?? '');
  });
  // Galleries reference attachments by id only: nothing to show without the media library.
  out = out.replace(/\[gallery[^\]]*\]/gi, '');
  // A bare URL on its own line is a WordPress auto-embed.
  out = out.replace(/^[ \t]*(https?:\/\/[^\s<]+)[ \t]*$/gm, (_m, url: string) => link(url));
  // Any other shortcode: keep what it wraps, drop the tags.
  out = out.replace(/\[\/?[a-zA-Z][\w-]*(?:\s[^\]]*)?\/?\]/g, '');
  return autop(out).trim();
}

/** Paragraphs from blank lines and <br> from single newlines, outside block-level HTML. */
export function autop(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  return trimmed
    .split(/\n\s*\n/)
    .map((chunk) => {
      const c = chunk.trim();
      if (!c) return '';
      if (
        BLOCK_TAGS.test(c.slice(0, 12)) ||
        /^<(?:p|div|figure|blockquote|ul|ol|h[1-6]|pre|table|hr|iframe)\b/i.test(c)
      )
        return c;
      return `<p>${c.replace(/\n/g, '<br>\n')}</p>`;
    })
    .filter(Boolean)
    .join('\n');
}
