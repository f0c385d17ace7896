import sharp from 'sharp';
import type { FastifyInstance } from 'fastify';
import { parseVariants, type MediaVariant } from '../db/repositories/media.ts';
import type { Media } from '../db/schema.ts';
import { notFound } from '../domain/errors.ts';
import type { AppDeps } from '../web/deps.ts';
import { createLocalMediaStorage, mediaRoot } from './storage.ts';

/**
 * Aspect-ratio crops of featured images for structured data (Google asks for 16:9, 4:3 and 1:1
 * images of at least 50,000 pixels) and social cards. Generated with sharp from the largest stored
 * variant on first request, then kept on disk under DATA_DIR/media/crops/.
 */
export const CROP_RATIOS = { '16x9': [16, 9], '4x3': [4, 3], '1x1': [1, 1] } as const;
export type CropRatio = keyof typeof CROP_RATIOS;
export const CROP_MAX_WIDTH = 1200;
export const CROP_MIN_PIXELS = 50_000;

export interface CropInfo {
  ratio: CropRatio;
  width: number;
  height: number;
  /** Site path, e.g. `/media/crops/12-16x9.jpg`. */
  path: string;
}

/** The largest centre-weighted crop of a ratio, scaled down to at most CROP_MAX_WIDTH (never up). */
export function cropSize(
  sourceWidth: number,
  sourceHeight: number,
  ratio: CropRatio,
): { width: number; height: number } | null {
  const [rw, rh] = CROP_RATIOS[ratio];
  let width = Math.min(sourceWidth, Math.floor((sourceHeight * rw) / rh));
  width = Math.min(width, CROP_MAX_WIDTH);
  width -= width % rw;
  const height = (width / rw) * rh;
  if (width <= 0 || width * height < CROP_MIN_PIXELS) return null;
  return { width, height };
}

export const cropFile = (mediaId: number, ratio: CropRatio): string => `crops/${mediaId}-${ratio}.jpg`;

function largestVariant(media: Pick<Media, 'variants'>): MediaVariant | undefined {
  return parseVariants(media).sort((a, b) => b.width * b.height - a.width * a.height)[0];
}

/** The crops an image can have (none for remote images or ones too small for 50,000 pixels). */
export function cropsFor(media: Pick<Media, 'id' | 'variants'>): CropInfo[] {
  const source = largestVariant(media);
  if (!source) return [];
  return (Object.keys(CROP_RATIOS) as CropRatio[]).flatMap((ratio) => {
    const size = cropSize(source.width, source.height, ratio);
    return size ? [{ ratio, ...size, path: `/media/${cropFile(media.id, ratio)}` }] : [];
  });
}

const inFlight = new Map<string, Promise<Buffer | undefined>>();

/** Returns the crop's JPEG bytes, generating and caching it on first use. */
export async function ensureCrop(
  dataDir: string,
  media: Pick<Media, 'id' | 'variants'>,
  ratio: CropRatio,
): Promise<Buffer | undefined> {
  const storage = createLocalMediaStorage(mediaRoot(dataDir));
  const file = cropFile(media.id, ratio);
  const cached = await storage.get(file);
  if (cached) return cached;
  const key = `${storage.root}:${file}`;
  const running = inFlight.get(key);
  if (running) return running;
  const job = (async () => {
    const source = largestVariant(media);
    const size = source && cropSize(source.width, source.height, ratio);
    if (!source || !size) return undefined;
    // Any format of the largest size will do (JPEG/PNG decode fastest); fall back if one is missing.
    const candidates = parseVariants(media)
      .filter((v) => v.width === source.width && v.height === source.height)
      .sort(
        (a, b) =>
          Number(b.format === 'jpeg' || b.format === 'png') -
          Number(a.format === 'jpeg' || a.format === 'png'),
      );
    let input: Buffer | undefined;
    for (const candidate of candidates) {
      input = await storage.get(candidate.path);
      if (input) break;
    }
    if (!input) return undefined;
    const output = await sharp(input)
      .resize(size.width, size.height, { fit: 'cover', position: sharp.strategy.attention })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82, progressive: true })
      .toBuffer();
    await storage.put(file, output);
    return output;
  })().finally(() => inFlight.delete(key));
  inFlight.set(key, job);
  return job;
}

/** `GET /media/crops/:file`: more specific than the static `/media/*`, so it runs while a crop is missing. */
export async function registerCropRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get<{ Params: { file: string } }>('/media/crops/:file', async (req, reply) => {
    const match = /^(\d{1,12})-(16x9|4x3|1x1)\.jpg$/.exec(req.params.file);
    if (!match) throw notFound('Image');
    const id = Number(match[1]);
    const media = (await deps.repos.media.byIds([id])).get(id);
    if (!media) throw notFound('Image');
    const data = await ensureCrop(deps.config.dataDir, media, match[2] as CropRatio);
    if (!data) throw notFound('Image');
    return reply.type('image/jpeg').header('cache-control', 'public, max-age=31536000, immutable').send(data);
  });
}
