import { mkdtempSync, rmSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../db/migrate.ts';
import { createRepos } from '../db/repositories/index.ts';
import { parseVariants } from '../db/repositories/media.ts';
import { BroadsheetError } from '../domain/errors.ts';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { detectImageType } from './image-type.ts';
import { processImage, variantWidths } from './process-image.ts';
import { createLocalMediaStorage } from './storage.ts';
import { storeImage } from './store-image.ts';

const solid = (width: number, height: number, alpha = false) =>
  sharp({
    create: {
      width,
      height,
      channels: alpha ? 4 : 3,
      background: alpha ? { r: 200, g: 30, b: 30, alpha: 0.5 } : '#3a6ea5',
    },
  });

let jpeg: Buffer;
let png: Buffer;
let webp: Buffer;
let gif: Buffer;
let avif: Buffer;
let withGps: Buffer;

beforeAll(async () => {
  jpeg = await solid(2000, 1000).jpeg().toBuffer();
  png = await solid(640, 480, true).png().toBuffer();
  webp = await solid(900, 600).webp().toBuffer();
  gif = await solid(300, 200).gif().toBuffer();
  avif = await solid(500, 300).avif({ effort: 0 }).toBuffer();
  // A phone photo: landscape pixels, EXIF orientation "rotate 90", camera make and a GPS position.
  withGps = await solid(400, 200)
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: 'SecretCam', Model: 'Spy 9000' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '35/1 41/1 2/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '51/1 23/1 0/1',
      },
    })
    .toBuffer();
});

function expectValidation(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(BroadsheetError);
    expect((error as BroadsheetError).code).toBe('VALIDATION');
    expect((error as BroadsheetError).status).toBe(422);
    return;
  }
  throw new Error('expected a VALIDATION error');
}

describe('detectImageType', () => {
  it('tells each accepted type from its bytes', () => {
    expect(detectImageType(jpeg)).toEqual({ format: 'jpeg', mime: 'image/jpeg' });
    expect(detectImageType(png).format).toBe('png');
    expect(detectImageType(webp).format).toBe('webp');
    expect(detectImageType(gif).format).toBe('gif');
    expect(detectImageType(avif)).toEqual({ format: 'avif', mime: 'image/avif' });
  });

  it('refuses text, empty files, SVG and other formats whatever they are called', async () => {
    expectValidation(() => detectImageType(Buffer.from('This is a text file renamed photo.jpg\n')));
    expectValidation(() => detectImageType(Buffer.alloc(0)));
    expectValidation(() => detectImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')));
    expectValidation(() => detectImageType(Buffer.from('%PDF-1.7\n')));
    const tiff = await solid(10, 10).tiff().toBuffer();
    expectValidation(() => detectImageType(tiff));
  });

  it('enforces the size limit, configurable', () => {
    expect(() => detectImageType(jpeg, { maxBytes: jpeg.length })).not.toThrow();
    expectValidation(() => detectImageType(jpeg, { maxBytes: jpeg.length - 1 }));
    expectValidation(() =>
      detectImageType(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(20 * 1024 * 1024)])),
    );
  });
});

describe('processImage', () => {
  it('makes AVIF, WebP and JPEG derivatives at the standard widths, never upscaling', async () => {
    const out = await processImage(jpeg, {
      originalName: 'Harbour at dawn.JPG',
      fast: true,
      now: new Date('2026-11-27T00:00:00Z'),
    });
    expect(out).toMatchObject({ format: 'jpeg', mime: 'image/jpeg', width: 2000, height: 1000 });
    expect(out.key).toMatch(/^2026\/11\/harbour-at-dawn-[0-9a-f]{8}$/);
    expect(out.variants.map((v) => `${v.format}@${v.width}`).sort()).toEqual(
      [480, 800, 1200, 1600].flatMap((w) => [`avif@${w}`, `jpeg@${w}`, `webp@${w}`]).sort(),
    );
    for (const v of out.variants) {
      const meta = await sharp(v.data).metadata();
      expect(meta.width).toBe(v.width);
      expect(meta.height).toBe(v.height);
      expect(v.height).toBe(Math.round(v.width / 2));
      expect(meta.format).toBe(v.format === 'avif' ? 'heif' : v.format);
      expect(v.path).toBe(`${out.key}-${v.width}.${v.format === 'jpeg' ? 'jpg' : v.format}`);
    }
    const small = await processImage(webp, { originalName: 'w.webp', fast: true });
    expect([...new Set(small.variants.map((v) => v.width))]).toEqual([480, 800, 900]);
    expect(variantWidths(300)).toEqual([300]);
  });

  it('keeps PNG (and transparency) as PNG, and falls back to JPEG for opaque GIF/WebP/AVIF', async () => {
    const fromPng = await processImage(png, { originalName: 'logo.png', fast: true });
    expect(new Set(fromPng.variants.map((v) => v.format))).toEqual(new Set(['avif', 'webp', 'png']));
    for (const source of [gif, webp, avif]) {
      const out = await processImage(source, { originalName: 'x', fast: true });
      expect(new Set(out.variants.map((v) => v.format))).toEqual(new Set(['avif', 'webp', 'jpeg']));
    }
    const transparentWebp = await solid(100, 100, true).webp().toBuffer();
    const out = await processImage(transparentWebp, { originalName: 't.webp', fast: true });
    expect(out.variants.some((v) => v.format === 'png')).toBe(true);
  });

  it('auto-rotates and strips EXIF and GPS from every derivative', async () => {
    const before = await sharp(withGps).metadata();
    expect(before.exif).toBeDefined();
    expect(before.orientation).toBe(6);
    const out = await processImage(withGps, { originalName: 'IMG_0001.jpg', fast: true });
    expect([out.width, out.height]).toEqual([200, 400]);
    for (const v of out.variants) {
      const meta = await sharp(v.data).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(meta.width).toBe(200);
      expect(v.data.includes('SecretCam')).toBe(false);
      expect(v.data.includes('Exif\0')).toBe(false);
    }
  });

  it('refuses a damaged image with VALIDATION', async () => {
    const truncated = jpeg.subarray(0, 200);
    await expect(processImage(truncated, { originalName: 'broken.jpg' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    await expect(
      processImage(Buffer.from('not an image at all'), { originalName: 'notes.jpg' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      status: 422,
    });
  });
});

describe('local media storage', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'media-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('puts, gets, checks and deletes files under its root', async () => {
    const storage = createLocalMediaStorage(root);
    await storage.put('2026/11/a-480.webp', Buffer.from('x'));
    expect(await storage.exists('2026/11/a-480.webp')).toBe(true);
    expect((await storage.get('2026/11/a-480.webp'))?.toString()).toBe('x');
    await storage.delete('2026/11/a-480.webp');
    expect(await storage.exists('2026/11/a-480.webp')).toBe(false);
    expect(await storage.get('2026/11/a-480.webp')).toBeUndefined();
  });

  it('refuses paths that would leave the root', async () => {
    const storage = createLocalMediaStorage(root);
    for (const bad of ['../x.jpg', '/etc/passwd', '2026/../../x', 'a\\b.jpg', '', '2026//x.jpg', '.hidden']) {
      await expect(storage.put(bad, Buffer.from('x'))).rejects.toThrow();
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`storeImage (${dialect})`, () => {
    let database: TestDatabase;
    let root: string;
    beforeAll(async () => {
      database = await freshDatabase(dialect);
      await migrateToLatest(database.adapter);
    });
    afterAll(() => database.drop());
    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), 'media-'));
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('stores the cleaned derivatives and records the media row', async () => {
      const repos = createRepos(database.adapter.db);
      const storage = createLocalMediaStorage(root);
      const clock = () => new Date('2026-11-27T10:00:00.000Z');
      const media = await storeImage({ repos, clock, storage }, withGps, {
        originalName: 'IMG_0001.jpg',
        alt: 'A quiet street',
        caption: 'Morning in the old town',
        credit: 'Photo: Staff',
        fast: true,
      });
      expect(media).toMatchObject({
        mime: 'image/jpeg',
        width: 200,
        height: 400,
        alt: 'A quiet street',
        bytes: withGps.length,
      });
      const variants = parseVariants(media);
      expect(variants).toHaveLength(3);
      for (const v of variants) {
        expect(await storage.exists(v.path)).toBe(true);
        const meta = await sharp((await storage.get(v.path))!).metadata();
        expect(meta.exif).toBeUndefined();
      }
      const files = await readdir(join(root, '2026', '11'));
      expect(files).toHaveLength(3);
      expect((await repos.media.byIds([media.id])).get(media.id)?.storage_key).toBe(media.storage_key);
    });

    it('refuses a text file named .jpg, writing nothing', async () => {
      const repos = createRepos(database.adapter.db);
      const storage = createLocalMediaStorage(root);
      const before = (await repos.media.list(1000)).length;
      await expect(
        storeImage({ repos, clock: () => new Date(), storage }, Buffer.from('hello, I am text\n'), {
          originalName: 'photo.jpg',
        }),
      ).rejects.toMatchObject({ code: 'VALIDATION', status: 422 });
      expect((await repos.media.list(1000)).length).toBe(before);
      expect(await readdir(root)).toEqual([]);
    });
  });
}
