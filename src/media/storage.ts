import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Where media files live. Paths are relative to the media root (`2026/11/ab12cd-800.webp`), the same
 * strings stored in `media.variants`, so another backend (object storage) can stand in.
 */
export interface MediaStorage {
  put(path: string, data: Buffer): Promise<void>;
  get(path: string): Promise<Buffer | undefined>;
  delete(path: string): Promise<void>;
  exists(path: string): Promise<boolean>;
}

const SAFE_PATH = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_.-]+)*$/;

/** Refuses anything that could leave the root: absolute paths, `..`, backslashes, empty segments. */
export function assertSafeMediaPath(path: string): void {
  if (
    !SAFE_PATH.test(path) ||
    path.split('/').some((segment) => segment === '.' || segment === '..' || segment.startsWith('.'))
  ) {
    throw new Error(`Unsafe media path: ${JSON.stringify(path)}`);
  }
}

/** Media on the local disk under `root` (the app serves `${DATA_DIR}/media` at `/media/`). */
export function createLocalMediaStorage(root: string): MediaStorage & { readonly root: string } {
  const base = resolve(root);
  const full = (path: string): string => {
    assertSafeMediaPath(path);
    const target = resolve(join(base, path));
    if (!target.startsWith(base + sep)) throw new Error(`Unsafe media path: ${JSON.stringify(path)}`);
    return target;
  };
  return {
    root: base,
    async put(path, data) {
      const target = full(path);
      await mkdir(dirname(target), { recursive: true });
      // Write then rename: a reader never sees half a file.
      const temp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(temp, data);
      await rename(temp, target);
    },
    async get(path) {
      try {
        return await readFile(full(path));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async delete(path) {
      await rm(full(path), { force: true });
    },
    async exists(path) {
      try {
        return (await stat(full(path))).isFile();
      } catch {
        return false;
      }
    },
  };
}

/** The local media root of a data directory. */
export function mediaRoot(dataDir: string): string {
  return join(dataDir, 'media');
}
