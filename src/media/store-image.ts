import type { Repos } from '../db/repositories/index.ts';
import type { Media } from '../db/schema.ts';
import { processImage } from './process-image.ts';
import type { MediaStorage } from './storage.ts';

export interface StoreImageDeps {
  repos: Pick<Repos, 'media'>;
  clock: () => Date;
  storage: MediaStorage;
}

export interface StoreImageMeta {
  originalName: string;
  alt?: string;
  caption?: string;
  credit?: string;
  /** Storage key override (deterministic demo content); generated otherwise. */
  key?: string;
  maxBytes?: number;
  fast?: boolean;
}

/**
 * Checks, processes and stores an image, then records it in `media`. Only the cleaned derivatives
 * are kept: the original may carry GPS and camera metadata, so it is never written anywhere.
 */
export async function storeImage(deps: StoreImageDeps, buffer: Buffer, meta: StoreImageMeta): Promise<Media> {
  const now = deps.clock();
  const processed = await processImage(buffer, {
    originalName: meta.originalName,
    now,
    ...(meta.key !== undefined ? { key: meta.key } : {}),
    ...(meta.maxBytes !== undefined ? { maxBytes: meta.maxBytes } : {}),
    ...(meta.fast !== undefined ? { fast: meta.fast } : {}),
  });
  const written: string[] = [];
  try {
    for (const variant of processed.variants) {
      await deps.storage.put(variant.path, variant.data);
      written.push(variant.path);
    }
    return await deps.repos.media.create(
      {
        storageKey: processed.key,
        originalName: meta.originalName.slice(0, 300),
        mime: processed.mime,
        width: processed.width,
        height: processed.height,
        bytes: buffer.length,
        alt: meta.alt ?? '',
        caption: meta.caption ?? '',
        credit: meta.credit ?? '',
        variants: processed.variants.map(({ width, height, format, path }) => ({
          width,
          height,
          format,
          path,
        })),
      },
      now.toISOString(),
    );
  } catch (error) {
    // No orphan files when the row cannot be written.
    await Promise.all(written.map((path) => deps.storage.delete(path).catch(() => {})));
    throw error;
  }
}
