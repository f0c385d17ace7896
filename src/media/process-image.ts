import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { invalid } from '../domain/errors.ts';
import type { MediaVariant } from '../db/repositories/media.ts';
import { detectImageType, type ImageFormat } from './image-type.ts';

/** Derivative widths; an image narrower than one of them gets its own width instead (never upscaled). */
export const VARIANT_WIDTHS = [480, 800, 1200, 1600] as const;

export interface ProcessImageOptions {
  originalName: string;
  /** Storage key without extension (`2026/11/harbour-ab12cd34`); generated when absent. */
  key?: string;
  /** Sets the year/month folder of a generated key. */
  now?: Date;
  maxBytes?: number;
  /** Lowest encoder effort (bigger files, several times faster): generated demo content and tests. */
  fast?: boolean;
}

export interface ProcessedVariant extends MediaVariant {
  data: Buffer;
}

export interface ProcessedImage {
  key: string;
  format: ImageFormat;
  mime: string;
  /** Size after auto-rotation. */
  width: number;
  height: number;
  variants: ProcessedVariant[];
}

const EXTENSION: Record<MediaVariant['format'], string> = {
  avif: 'avif',
  webp: 'webp',
  jpeg: 'jpg',
  png: 'png',
  gif: 'gif',
};

/** A readable, path-safe key: `YYYY/MM/<name>-<random>`. */
export function newMediaKey(originalName: string, now: Date = new Date()): string {
  const stem = originalName
    .replace(/\.[^.]*$/, '')
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  const month = String(now.getUTCMonth() + 1).padStart(2, '0');
  return `${now.getUTCFullYear()}/${month}/${stem ? `${stem}-` : ''}${randomBytes(4).toString('hex')}`;
}

/** Whether every alpha byte of RGBA pixels is 255 (GIF and WebP decoders add alpha even when unused). */
function isOpaque(rgba: Buffer): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) return false;
  return true;
}

/** The widths to generate for an image `width` pixels wide: the standard ones below it, then itself. */
export function variantWidths(width: number): number[] {
  const below = VARIANT_WIDTHS.filter((w) => w < width);
  return width <= VARIANT_WIDTHS[VARIANT_WIDTHS.length - 1]! ? [...below, width] : [...VARIANT_WIDTHS];
}

/**
 * Checks the bytes, auto-rotates, strips all metadata (EXIF, GPS, XMP, ICC comments) and produces
 * derivatives in AVIF, WebP and a widely supported fallback (JPEG, or PNG where there is transparency
 * or the original was PNG). Animated GIFs keep their first frame.
 */
export async function processImage(buffer: Buffer, options: ProcessImageOptions): Promise<ProcessedImage> {
  const type = detectImageType(buffer, options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes });
  let decoded: { data: Buffer; info: sharp.OutputInfo };
  try {
    // Decoding once to raw pixels (rotated by its EXIF orientation) lets every derivative skip the decode.
    decoded = await sharp(buffer, { failOn: 'error' }).rotate().raw().toBuffer({ resolveWithObject: true });
  } catch {
    throw invalid('The image could not be read: the file is damaged or not really an image', {
      file: 'Upload an undamaged image',
    });
  }
  const { width, height, channels } = decoded.info;
  if (!width || !height) throw invalid('The image has no pixels', { file: 'Upload an undamaged image' });
  const hasAlpha = channels === 4 && !isOpaque(decoded.data);
  const key = options.key ?? newMediaKey(options.originalName, options.now);
  const fallback: 'jpeg' | 'png' =
    type.format === 'png' || (hasAlpha && type.format !== 'jpeg') ? 'png' : 'jpeg';
  const raw = { raw: { width, height, channels } } as const;
  const avifEffort = options.fast ? 0 : 2;
  const webpEffort = options.fast ? 0 : 4;

  const variants: ProcessedVariant[] = [];
  for (const w of variantWidths(width)) {
    const h = Math.max(1, Math.round((height * w) / width));
    // Resize once per width; each format encodes the same pixels.
    const resized = await sharp(decoded.data, raw)
      .resize(w, h, { fit: 'fill' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const pixels = () =>
      sharp(resized.data, { raw: { width: w, height: h, channels: resized.info.channels } });
    const encoders: [MediaVariant['format'], () => Promise<Buffer>][] = [
      ['avif', () => pixels().avif({ quality: 50, effort: avifEffort }).toBuffer()],
      ['webp', () => pixels().webp({ quality: 78, effort: webpEffort }).toBuffer()],
      fallback === 'png'
        ? ['png', () => pixels().png({ compressionLevel: 8, palette: false }).toBuffer()]
        : [
            'jpeg',
            () =>
              pixels().flatten({ background: '#ffffff' }).jpeg({ quality: 80, progressive: true }).toBuffer(),
          ],
    ];
    const outputs = await Promise.all(encoders.map(([, encode]) => encode()));
    encoders.forEach(([format], i) => {
      variants.push({
        width: w,
        height: h,
        format,
        path: `${key}-${w}.${EXTENSION[format]}`,
        data: outputs[i]!,
      });
    });
  }
  return { key, format: type.format, mime: type.mime, width, height, variants };
}
