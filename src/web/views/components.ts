import { formatDate } from '../../domain/dates.ts';
import type { Language } from '../../domain/language.ts';
import type { MediaVariant } from '../../db/repositories/media.ts';
import type { Card, ImageRef } from '../site/cards.ts';
import { mediaUrl } from '../site/paths.ts';
import { html, type SafeHtml } from './html.ts';
import { messages } from './i18n.ts';

export function timeTag(iso: string, language: Language, withTime = true): SafeHtml {
  return html`<time datetime="${iso}">${formatDate(iso, language, withTime)}</time>`;
}

const FORMAT_TYPES: Record<MediaVariant['format'], string> = {
  avif: 'image/avif',
  webp: 'image/webp',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
};

function srcset(variants: MediaVariant[]): string {
  return variants
    .slice()
    .sort((a, b) => a.width - b.width)
    .map((v) => `${mediaUrl(v.path)} ${v.width}w`)
    .join(', ');
}

export interface PictureOptions {
  /** The `sizes` attribute: how wide the image is shown at each viewport width. */
  sizes: string;
  /** Above-the-fold images load eagerly with high priority (LCP); the rest lazily. */
  eager?: boolean;
  className?: string;
}

/**
 * A responsive image: AVIF and WebP sources with `srcset`, the original format as fallback.
 * Width and height are always set so the layout does not shift while it loads.
 */
export function picture(image: ImageRef, options: PictureOptions): SafeHtml {
  const modern = (['avif', 'webp'] as const)
    .map((format) => image.variants.filter((v) => v.format === format))
    .filter((list) => list.length > 0);
  const fallback = image.variants.filter((v) => v.format !== 'avif' && v.format !== 'webp');
  const fallbackList = fallback.length > 0 ? fallback : (modern[modern.length - 1] ?? []);
  const largest = fallbackList.slice().sort((a, b) => b.width - a.width)[0];
  if (!largest) return html``;
  const mid =
    fallbackList
      .slice()
      .sort((a, b) => a.width - b.width)
      .find((v) => v.width >= 800) ?? largest;
  return html`<picture>${modern.map(
    (list) =>
      html`<source type="${FORMAT_TYPES[list[0]!.format]}" srcset="${srcset(list)}" sizes="${options.sizes}">`,
  )}<img src="${mediaUrl(mid.path)}" srcset="${srcset(fallbackList)}" sizes="${options.sizes}" width="${largest.width}" height="${largest.height}" alt="${image.alt}"${
    options.className ? html` class="${options.className}"` : ''
  }${options.eager ? html` fetchpriority="high"` : html` loading="lazy" decoding="async"`}></picture>`;
}

/** A headline with its one-line excerpt, as "Latest news" shows it. */
export function headlineItem(card: Card, withExcerpt = true): SafeHtml {
  return html`<li class="headline-item"><a href="${card.url}">${card.headline}</a>${
    withExcerpt && card.excerpt ? html`<p class="one-line">${card.excerpt}</p>` : ''
  }</li>`;
}

/**
 * HTML rendered from an object of the fragment cache, by layout. Cached objects are replaced when
 * what they show changes, so each renders once per change and layout rather than once per page.
 */
function renderedOnce<K extends object>(
  cache: WeakMap<K, Map<string, SafeHtml>>,
  source: K,
  layout: string,
  render: () => SafeHtml,
): SafeHtml {
  let byLayout = cache.get(source);
  const known = byLayout?.get(layout);
  if (known) return known;
  const out = render();
  if (!byLayout) cache.set(source, (byLayout = new Map()));
  byLayout.set(layout, out);
  return out;
}

const renderedCards = new WeakMap<Card, Map<string, SafeHtml>>();

/** A story card with image, section label, headline, standfirst and date. */
export function storyCard(
  card: Card,
  options: { level?: 2 | 3; eager?: boolean; sizes?: string } = {},
): SafeHtml {
  const layout = `${options.level ?? 3}|${options.eager ? 1 : 0}|${options.sizes ?? ''}`;
  return renderedOnce(renderedCards, card, layout, () => renderStoryCard(card, options));
}

function renderStoryCard(card: Card, options: { level?: 2 | 3; eager?: boolean; sizes?: string }): SafeHtml {
  const level = options.level ?? 3;
  const heading =
    level === 2
      ? html`<h2 class="card-title"><a href="${card.url}">${card.headline}</a></h2>`
      : html`<h3 class="card-title"><a href="${card.url}">${card.headline}</a></h3>`;
  return html`<article class="card">${
    card.image
      ? html`<div class="card-image">${picture(card.image, {
          sizes: options.sizes ?? '(min-width: 60em) 20rem, 100vw',
          ...(options.eager ? { eager: true } : {}),
        })}</div>`
      : ''
  }<div class="card-body">${card.section ? html`<p class="kicker"><a href="${card.section.url}">${card.section.name}</a></p>` : ''}${heading}${
    card.standfirst ? html`<p class="card-standfirst">${card.standfirst}</p>` : ''
  }<p class="card-meta">${timeTag(card.publishedAt, card.language)}</p></div></article>`;
}

export const MODULE_HEADINGS: Record<string, keyof ReturnType<typeof messages>> = {
  latest: 'latest',
  'must-read': 'mustRead',
  related: 'related',
  recommended: 'recommended',
  'most-read': 'mostRead',
};

/** Rendered modules by their list (lists from the fragment cache keep their identity until they change). */
const renderedModules = new WeakMap<readonly Card[], Map<string, SafeHtml>>();

/** One page module: `<section data-module="NAME">` with a visible heading (DESIGN.md contract). */
export function moduleSection(
  name: string,
  language: Language,
  items: readonly Card[],
  options: { ordered?: boolean } = {},
): SafeHtml {
  const layout = `${name}|${language}|${options.ordered ? 1 : 0}`;
  return renderedOnce(renderedModules, items, layout, () => renderModule(name, language, items, options));
}

function renderModule(
  name: string,
  language: Language,
  items: readonly Card[],
  options: { ordered?: boolean },
): SafeHtml {
  const t = messages(language);
  const key = MODULE_HEADINGS[name] ?? 'latest';
  const headingId = `module-${name}`;
  const list = items.map((card) => headlineItem(card, name === 'latest'));
  return html`<section class="module module-${name}" data-module="${name}" aria-labelledby="${headingId}"><h2 id="${headingId}">${t[key]}</h2>${
    options.ordered
      ? html`<ol class="module-list ranked">${list}</ol>`
      : html`<ul class="module-list">${list}</ul>`
  }</section>`;
}
