import sharp from 'sharp';
import type { Bi } from './catalog.ts';
import { Rng } from './prng.ts';

/** An abstract, photo-like composition: a landscape or skyline in a section's colour. */
export interface DemoImageSpec {
  seed: number;
  colour: string;
  colourName: Bi;
  scene: 'skyline' | 'mountains' | 'sea' | 'desert' | 'fields';
  time: 'dawn' | 'noon' | 'dusk' | 'night';
}

export const DEMO_IMAGE_WIDTH = 1200;
export const DEMO_IMAGE_HEIGHT = 675;

const SCENES: DemoImageSpec['scene'][] = ['skyline', 'mountains', 'sea', 'desert', 'fields'];
const TIMES: DemoImageSpec['time'][] = ['dawn', 'noon', 'dusk', 'night'];

const SKY: Record<DemoImageSpec['time'], [string, string]> = {
  dawn: ['#f6c3a1', '#fbe7c6'],
  noon: ['#8ec5ea', '#e3f1fb'],
  dusk: ['#2b2d5c', '#f08a5d'],
  night: ['#0b1026', '#2a3560'],
};

const SCENE_TEXT: Record<DemoImageSpec['scene'], Bi> = {
  skyline: { en: 'a city skyline', fa: 'خط افق یک شهر' },
  mountains: { en: 'mountain ridges', fa: 'رشته‌کوه‌ها' },
  sea: { en: 'a calm sea and a distant shore', fa: 'دریایی آرام و ساحلی دور' },
  desert: { en: 'desert dunes', fa: 'تپه‌های شنی بیابان' },
  fields: { en: 'rolling fields', fa: 'کشتزارهای موج‌دار' },
};

const TIME_TEXT: Record<DemoImageSpec['time'], Bi> = {
  dawn: { en: 'at dawn', fa: 'در سپیده‌دم' },
  noon: { en: 'at midday', fa: 'در نیمروز' },
  dusk: { en: 'at dusk', fa: 'در غروب' },
  night: { en: 'at night', fa: 'در شب' },
};

export function demoImageSpecs(
  count: number,
  palette: { colour: string; colourName: Bi }[],
  seed: number,
): DemoImageSpec[] {
  const rng = new Rng(`images:${seed}`);
  return Array.from({ length: count }, (_, i) => {
    const { colour, colourName } = palette[i % palette.length]!;
    return {
      seed: rng.int(1, 2 ** 31),
      colour,
      colourName,
      scene: SCENES[(i + Math.floor(i / palette.length)) % SCENES.length]!,
      time: rng.pick(TIMES),
    };
  });
}

/** Honest descriptions: these are illustrations, and the alt text says what is drawn. */
export function describeDemoImage(spec: DemoImageSpec): { alt: Bi; caption: Bi; credit: Bi } {
  const scene = SCENE_TEXT[spec.scene];
  const time = TIME_TEXT[spec.time];
  return {
    alt: {
      en: `Illustration of ${scene.en} ${time.en}, in shades of ${spec.colourName.en}`,
      fa: `تصویرسازی از ${scene.fa} ${time.fa}، با رنگ‌مایه ${spec.colourName.fa}`,
    },
    caption: {
      en: `Illustration: ${scene.en} ${time.en}.`,
      fa: `تصویرسازی: ${scene.fa} ${time.fa}.`,
    },
    credit: { en: 'Broadsheet Studio', fa: 'استودیو برادشیت' },
  };
}

function mix(a: string, b: string, t: number): string {
  const pa = [1, 3, 5].map((i) => parseInt(a.slice(i, i + 2), 16));
  const pb = [1, 3, 5].map((i) => parseInt(b.slice(i, i + 2), 16));
  return `#${pa
    .map((v, i) =>
      Math.round(v + (pb[i]! - v) * t)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

function ridge(rng: Rng, base: number, amplitude: number, steps: number, w: number, h: number): string {
  const points: string[] = [`0,${h}`];
  for (let i = 0; i <= steps; i++) {
    const x = (w * i) / steps;
    const y = base - rng.float() * amplitude;
    points.push(`${x.toFixed(1)},${y.toFixed(1)}`);
  }
  points.push(`${w},${h}`);
  return points.join(' ');
}

/** The SVG source of a demo image. */
export function demoImageSvg(spec: DemoImageSpec, w = DEMO_IMAGE_WIDTH, h = DEMO_IMAGE_HEIGHT): string {
  const rng = new Rng(spec.seed);
  const [skyTop, skyBottom] = SKY[spec.time];
  const tint = (c: string, t = 0.35) => mix(c, spec.colour, t);
  const dark = spec.time === 'night' || spec.time === 'dusk';
  const horizon = h * (0.55 + rng.float() * 0.12);
  const parts: string[] = [];
  parts.push(
    `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${tint(skyTop)}"/><stop offset="1" stop-color="${tint(skyBottom, 0.2)}"/></linearGradient>` +
      `<radialGradient id="glow"><stop offset="0" stop-color="#fff8e0" stop-opacity="0.9"/><stop offset="1" stop-color="#fff8e0" stop-opacity="0"/></radialGradient>` +
      `<linearGradient id="ground" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${mix(spec.colour, '#000000', dark ? 0.55 : 0.25)}"/><stop offset="1" stop-color="${mix(spec.colour, '#000000', 0.75)}"/></linearGradient></defs>`,
  );
  parts.push(`<rect width="${w}" height="${h}" fill="url(#sky)"/>`);
  const sunX = w * (0.15 + rng.float() * 0.7);
  const sunY = horizon * (spec.time === 'noon' ? 0.25 : 0.6 + rng.float() * 0.25);
  parts.push(
    `<circle cx="${sunX.toFixed(0)}" cy="${sunY.toFixed(0)}" r="${(h * 0.3).toFixed(0)}" fill="url(#glow)"/>`,
  );
  parts.push(
    `<circle cx="${sunX.toFixed(0)}" cy="${sunY.toFixed(0)}" r="${(h * (dark ? 0.035 : 0.06)).toFixed(0)}" fill="${dark ? '#f4f1de' : '#fff3c4'}"/>`,
  );
  if (spec.time === 'night') {
    for (let i = 0; i < 60; i++)
      parts.push(
        `<circle cx="${(rng.float() * w).toFixed(0)}" cy="${(rng.float() * horizon * 0.8).toFixed(0)}" r="${(rng.float() * 1.6 + 0.4).toFixed(1)}" fill="#ffffff" opacity="${(0.4 + rng.float() * 0.6).toFixed(2)}"/>`,
      );
  }
  for (let i = 0; i < 4; i++) {
    const cy = rng.float() * horizon * 0.5;
    parts.push(
      `<ellipse cx="${(rng.float() * w).toFixed(0)}" cy="${cy.toFixed(0)}" rx="${(120 + rng.float() * 220).toFixed(0)}" ry="${(12 + rng.float() * 20).toFixed(0)}" fill="#ffffff" opacity="${(dark ? 0.06 : 0.25).toFixed(2)}"/>`,
    );
  }
  // Layers from far (pale) to near (dark): atmospheric depth.
  const layers = spec.scene === 'mountains' ? 4 : spec.scene === 'sea' ? 1 : 3;
  for (let l = 0; l < layers; l++) {
    const depth = (l + 1) / (layers + 1);
    const colour = mix(tint(skyBottom, 0.5), mix(spec.colour, '#000000', dark ? 0.7 : 0.45), depth);
    const base = horizon + l * h * 0.06;
    const amplitude =
      spec.scene === 'mountains' ? h * (0.28 - l * 0.05) : spec.scene === 'desert' ? h * 0.06 : h * 0.04;
    const steps = spec.scene === 'mountains' ? 9 + l * 3 : 5;
    parts.push(`<polygon points="${ridge(rng, base, amplitude, steps, w, h)}" fill="${colour}"/>`);
  }
  if (spec.scene === 'skyline') {
    let x = -10;
    const roof = horizon + h * 0.08;
    while (x < w) {
      const bw = 30 + rng.float() * 70;
      const bh = h * (0.08 + rng.float() * 0.32);
      const fill = mix(spec.colour, '#000000', dark ? 0.75 : 0.5 + rng.float() * 0.15);
      parts.push(
        `<rect x="${x.toFixed(0)}" y="${(roof - bh).toFixed(0)}" width="${bw.toFixed(0)}" height="${(bh + h).toFixed(0)}" fill="${fill}"/>`,
      );
      if (dark) {
        for (let wy = roof - bh + 10; wy < roof - 8; wy += 16)
          for (let wx = x + 6; wx < x + bw - 8; wx += 12)
            if (rng.chance(0.35))
              parts.push(
                `<rect x="${wx.toFixed(0)}" y="${wy.toFixed(0)}" width="5" height="7" fill="#ffd98a" opacity="0.85"/>`,
              );
      }
      if (rng.chance(0.15))
        parts.push(
          `<rect x="${(x + bw / 2 - 2).toFixed(0)}" y="${(roof - bh - 40).toFixed(0)}" width="4" height="40" fill="${fill}"/>`,
        );
      x += bw + rng.float() * 6;
    }
  }
  const groundTop = horizon + h * (spec.scene === 'sea' ? 0.02 : 0.12);
  if (spec.scene === 'sea') {
    parts.push(
      `<rect y="${groundTop.toFixed(0)}" width="${w}" height="${(h - groundTop).toFixed(0)}" fill="${mix(spec.colour, '#0a1a2a', dark ? 0.6 : 0.3)}"/>`,
    );
    for (let i = 0; i < 40; i++) {
      const y = groundTop + rng.float() * (h - groundTop);
      parts.push(
        `<rect x="${(sunX - 20 - rng.float() * 120).toFixed(0)}" y="${y.toFixed(0)}" width="${(40 + rng.float() * 240).toFixed(0)}" height="2" fill="#fff3c4" opacity="${(0.15 + rng.float() * 0.4).toFixed(2)}"/>`,
      );
    }
  } else {
    parts.push(`<polygon points="${ridge(rng, groundTop, h * 0.03, 6, w, h)}" fill="url(#ground)"/>`);
    if (spec.scene === 'fields') {
      for (let i = 0; i < 14; i++) {
        const y = groundTop + (i / 14) * (h - groundTop);
        parts.push(
          `<path d="M0 ${y.toFixed(0)} Q ${w / 2} ${(y - 20 - rng.float() * 30).toFixed(0)} ${w} ${y.toFixed(0)}" stroke="${mix(spec.colour, '#e9f5c9', 0.35)}" stroke-width="2" fill="none" opacity="0.35"/>`,
        );
      }
    }
  }
  // A soft vignette, as a lens gives.
  parts.push(
    `<radialGradient id="v" cx="0.5" cy="0.5" r="0.75"><stop offset="0.6" stop-color="#000" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity="0.45"/></radialGradient><rect width="${w}" height="${h}" fill="url(#v)"/>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${parts.join('')}</svg>`;
}

/** Renders a demo image to JPEG, the way a photo would arrive from a camera. */
export async function renderDemoImage(spec: DemoImageSpec): Promise<Buffer> {
  return sharp(Buffer.from(demoImageSvg(spec)))
    .jpeg({ quality: 90 })
    .toBuffer();
}
