import { parseVariants, type MediaVariant } from '../db/repositories/media.ts';
import type { Media } from '../db/schema.ts';
import { mediaUrl } from '../web/site/paths.ts';
import { absoluteUrl, asciiUrl } from './paths.ts';

export interface FeedImage {
  url: string;
  mime: string;
  width: number;
  height: number;
  alt: string;
}

const MIME: Record<MediaVariant['format'], string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  gif: 'image/gif',
};

/**
 * The largest widely readable variant (JPEG/PNG/GIF before WebP/AVIF, which many feed readers
 * and social crawlers still cannot show), or the remote URL of an imported image.
 */
export function bestImage(
  media: Pick<Media, 'variants' | 'width' | 'height' | 'mime' | 'alt'> & { remote_url?: string | null },
  baseUrl: string,
  alt?: string,
): FeedImage | null {
  const variants = parseVariants(media);
  const rank = (v: MediaVariant) => (v.format === 'jpeg' || v.format === 'png' || v.format === 'gif' ? 1 : 0);
  const best = [...variants].sort((a, b) => rank(b) - rank(a) || b.width - a.width)[0];
  if (best) {
    return {
      url: absoluteUrl(baseUrl, mediaUrl(best.path)),
      mime: MIME[best.format],
      width: best.width,
      height: best.height,
      alt: alt || media.alt,
    };
  }
  // An imported image not fetched yet: its URL as the old site wrote it (perhaps with spaces or
  // Persian file names), and no size (0 × 0), which renderers leave out.
  if (media.remote_url)
    return {
      url: asciiUrl(media.remote_url),
      mime: media.mime,
      width: media.width,
      height: media.height,
      alt: alt || media.alt,
    };
  return null;
}
