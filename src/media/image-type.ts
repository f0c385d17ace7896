import { invalid } from '../domain/errors.ts';

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'avif';

export interface ImageType {
  format: ImageFormat;
  mime: string;
}

/** Uploads larger than this are refused unless the caller sets its own limit. */
export const DEFAULT_MAX_IMAGE_BYTES = 20 * 1024 * 1024;

const MIME: Record<ImageFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
};

const ACCEPTED = 'JPEG, PNG, WebP, GIF or AVIF';

function ascii(buffer: Buffer, start: number, end: number): string {
  return buffer.subarray(start, end).toString('latin1');
}

/** AVIF is an ISO-BMFF file whose `ftyp` box names `avif`/`avis` as major or compatible brand. */
function isAvif(buffer: Buffer): boolean {
  if (buffer.length < 16 || ascii(buffer, 4, 8) !== 'ftyp') return false;
  const boxSize = buffer.readUInt32BE(0);
  const end = Math.min(buffer.length, boxSize >= 16 ? boxSize : 16);
  const brands = [ascii(buffer, 8, 12)];
  for (let at = 16; at + 4 <= end; at += 4) brands.push(ascii(buffer, at, at + 4));
  return brands.some((b) => b === 'avif' || b === 'avis');
}

/**
 * Tells the image type from the bytes (never the file name) and enforces the size limit.
 * Anything that is not a JPEG, PNG, WebP, GIF or AVIF is refused with VALIDATION.
 */
export function detectImageType(buffer: Buffer, options: { maxBytes?: number } = {}): ImageType {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_IMAGE_BYTES;
  if (buffer.length === 0) throw invalid('The file is empty', { file: 'Choose an image file' });
  if (buffer.length > maxBytes) {
    const mb = (maxBytes / 1024 / 1024).toFixed(maxBytes % (1024 * 1024) === 0 ? 0 : 1);
    throw invalid(`The image is larger than the ${mb} MB limit`, {
      file: `Images must be ${mb} MB or smaller`,
    });
  }
  let format: ImageFormat | undefined;
  if (buffer.length >= 3 && buffer[0] === 0xff && buffer[1] === 0xd8 && buffer[2] === 0xff) format = 'jpeg';
  else if (
    buffer.length >= 8 &&
    buffer.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    format = 'png';
  else if (buffer.length >= 6 && (ascii(buffer, 0, 6) === 'GIF87a' || ascii(buffer, 0, 6) === 'GIF89a'))
    format = 'gif';
  else if (buffer.length >= 12 && ascii(buffer, 0, 4) === 'RIFF' && ascii(buffer, 8, 12) === 'WEBP')
    format = 'webp';
  else if (isAvif(buffer)) format = 'avif';
  if (!format)
    throw invalid(`This file is not a supported image: upload a ${ACCEPTED} file`, {
      file: `Use a ${ACCEPTED} image`,
    });
  return { format, mime: MIME[format] };
}
