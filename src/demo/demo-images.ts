import type { Repos } from '../db/repositories/index.ts';
import { storeImage } from '../media/store-image.ts';
import type { MediaStorage } from '../media/storage.ts';
import { EN_SECTIONS } from './catalog.ts';
import { demoImageSpecs, describeDemoImage, renderDemoImage, type DemoImageSpec } from './images.ts';
import { SECTION_COLOUR_NAMES } from './taxonomy.ts';

export interface DemoImage {
  mediaId: number;
  /** The section key whose colour it carries. */
  sectionKey: string;
  spec: DemoImageSpec;
  text: ReturnType<typeof describeDemoImage>;
}

export interface ImageDeps {
  repos: Repos;
  clock: () => Date;
  storage: MediaStorage;
}

/** Renders `count` images (two at a time: sharp already uses the cores) and stores them as uploads would be. */
export async function createDemoImages(
  deps: ImageDeps,
  count: number,
  seed: number,
  options: { keyName?: (index: number, spec: DemoImageSpec) => string } = {},
): Promise<DemoImage[]> {
  const palette = demoPalette();
  const specs = demoImageSpecs(count, palette, seed);
  return storeDemoImages(deps, specs, palette, seed, options);
}

/** The palette of demo images: one colour per English section. */
export function demoPalette() {
  return EN_SECTIONS.map((s) => ({
    colour: s.colour,
    colourName: SECTION_COLOUR_NAMES[s.key]!,
    sectionKey: s.key,
  }));
}

async function storeDemoImages(
  deps: ImageDeps,
  specs: DemoImageSpec[],
  palette: ReturnType<typeof demoPalette>,
  seed: number,
  options: { keyName?: (index: number, spec: DemoImageSpec) => string },
): Promise<DemoImage[]> {
  const count = specs.length;
  const now = deps.clock();
  const month = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  const out: DemoImage[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const spec = specs[i]!;
      const text = describeDemoImage(spec);
      const jpeg = await renderDemoImage(spec);
      const media = await storeImage(deps, jpeg, {
        originalName: `${spec.scene}-${spec.time}.jpg`,
        key: `${month}/${options.keyName ? options.keyName(i, spec) : `demo-${seed}-${i + 1}-${spec.scene}`}`,
        alt: text.alt.en,
        caption: text.caption.en,
        credit: text.credit.en,
        fast: true,
      });
      out[i] = { mediaId: media.id, sectionKey: palette[i % palette.length]!.sectionKey, spec, text };
    }
  };
  await Promise.all([worker(), worker()]);
  return out;
}
