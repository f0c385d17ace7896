import { cardKeys, dep } from '../../cache/keys.ts';
import type { Memo, Memoized } from '../../cache/memo.ts';
import type { ArticleCardRow } from '../../db/repositories/articles.ts';
import { homeLeadId } from '../../db/repositories/front-page.ts';
import type { Article, ArticleNote, Author, Media, Tag } from '../../db/schema.ts';
import type { Language } from '../../domain/language.ts';
import type { AppDeps, ArticleModuleContext, ArticleModuleProvider, ModuleData } from '../deps.ts';
import { cardsFrom, hydrateCards, type Card } from './cards.ts';
import { loadEdition, type EditionContext } from './edition.ts';

/** An article with everything its page shows of it (the modules aside). */
export interface ArticleBundle {
  article: Article;
  authors: Author[];
  tags: Tag[];
  notes: ArticleNote[];
  translations: Awaited<ReturnType<AppDeps['repos']['articles']['translations']>>;
  card: Card | undefined;
  media: Media | null;
}

/** One page of a listing: its rows (for the cursor of the next page) and their cards. */
export interface ListingPage {
  rows: ArticleCardRow[];
  cards: Card[];
}

export interface MustReadList {
  cards: Card[];
  /** When its entries expire: pages showing it must not outlive that. */
  expiries: (string | null)[];
}

/**
 * The parts public pages are built from, each read through the fragment cache (src/cache/memo.ts)
 * under the dependency keys of what it shows, so a page the page cache misses is assembled from
 * memory. Every value is keyed by edition; nothing here is per reader.
 */
export interface SiteFragments {
  edition(language: Language): Promise<EditionContext>;
  /** The public article at this slug, or null (misses are not kept: probes must not fill memory). */
  article(language: Language, slug: string, now: string): Promise<ArticleBundle | null>;
  /** The newest `count` public cards of an edition. */
  latest(language: Language, now: string, count: number): Promise<Card[]>;
  mustRead(language: Language, now: string): Promise<MustReadList>;
  /** A module provider's list for one article, given what the page already shows. */
  module(provider: ArticleModuleProvider, ctx: ArticleModuleContext): Promise<ModuleData | null>;
  /**
   * A page of a listing (section, tag, author, home block) under `key`: `load` reads its rows,
   * `deps` are the keys of the list itself (its section, tag or author); the cards' own are added.
   * `cardCount` rows become cards (a listing reads one row more to know whether a next page exists).
   */
  listing(
    key: string,
    deps: readonly string[],
    cardCount: number,
    load: () => Promise<ArticleCardRow[]>,
  ): Promise<ListingPage>;
  tag(language: Language, slug: string): Promise<Tag | null>;
  author(slug: string): Promise<Author | null>;
  /** The edition's most read cards (empty without discovery); views move it, so it lives 30 s. */
  mostRead(language: Language, limit: number): Promise<Card[]>;
  /** The home page's chosen lead story id of an edition (null: the newest story leads). */
  homeLead(language: Language): Promise<number | null>;
}

/** Milliseconds until the soonest of `expiries` after `now` (undefined when none). */
function untilSoonest(now: string, expiries: (string | null | undefined)[]): number | undefined {
  let soonest: number | undefined;
  const nowMs = Date.parse(now);
  for (const e of expiries) {
    if (!e || e <= now) continue;
    const ms = Date.parse(e) - nowMs;
    if (soonest === undefined || ms < soonest) soonest = ms;
  }
  return soonest;
}

/** A card in memory (strings, image variants) and its rendered forms (src/web/views/components.ts). */
const cardBytes = (cards: readonly Card[]) => 1024 + cards.length * 3072;

/** Public cards of these ids, in this order, each kept in the fragment cache under its article's key. */
export type CardLookup = (ids: readonly number[], now: string) => Promise<Card[]>;

export function memoCards(repos: AppDeps['repos'], memo: Memo): CardLookup {
  return async (ids, now) => {
    const found = new Map<number, Card | null>();
    const missing: number[] = [];
    for (const id of ids) {
      const known = memo.peek<Card | null>(`card:${id}`);
      if (known === undefined) missing.push(id);
      else found.set(id, known);
    }
    if (missing.length > 0) {
      const generation = memo.generation;
      const rows = await repos.articles.publicCardsByIds(missing, now);
      const cards = await hydrateCards(repos, rows);
      const byId = new Map(cards.map((c) => [c.id, c]));
      const sectionOf = new Map(rows.map((r) => [r.id, r.section_id]));
      for (const id of missing) {
        const card = byId.get(id) ?? null;
        found.set(id, card);
        const section = sectionOf.get(id);
        // A card not public now is remembered too: publishing it invalidates `article:ID`.
        const deps = [dep.article(id), ...(section ? [dep.section(section)] : [])];
        memo.put(`card:${id}`, { value: card, deps, bytes: card ? cardBytes([card]) : 64 }, generation);
      }
    }
    return ids.map((id) => found.get(id)).filter((c): c is Card => !!c);
  };
}

export function siteFragments(deps: AppDeps, memo: Memo | undefined): SiteFragments {
  const { repos } = deps;
  const through = <V>(key: string, load: () => Promise<Memoized<V>>): Promise<V> =>
    memo ? memo.get(key, load) : load().then((m) => m.value);

  return {
    async edition(language) {
      const now = deps.clock().toISOString();
      const frame = await through(`edition:${language}`, async () => {
        const value = await loadEdition(deps, language);
        return {
          value,
          deps: [dep.nav(language), dep.curation(language), ...value.sections.map((s) => dep.section(s.id))],
          maxAgeMs: untilSoonest(value.now, [value.banner?.expiresAt]),
          bytes: 2048 + value.sections.length * 512,
        };
      });
      // The banner may have expired since the frame was read; `now` is always this request's.
      const banner = frame.banner?.expiresAt && frame.banner.expiresAt <= now ? null : frame.banner;
      return { ...frame, banner, now };
    },

    async article(language, slug, now) {
      // A bundle read for an earlier request stays public until an event says otherwise: every
      // change to its visibility invalidates `article:ID`.
      return through<ArticleBundle | null>(`article:${language}:${slug}`, async () => {
        const article = await repos.articles.publicBySlug(language, slug, now);
        if (!article) return { value: null, deps: [], maxAgeMs: 0 };
        const [authors, tags, notes, translations, sections, images] = await Promise.all([
          repos.authors.forArticles([article.id]),
          repos.tags.forArticles([article.id]),
          repos.articles.notes(article.id),
          repos.articles.translations(article, now),
          article.section_id ? repos.sections.byIds([article.section_id]) : Promise.resolve([]),
          article.featured_media_id
            ? repos.media.byIds([article.featured_media_id])
            : Promise.resolve(new Map<number, Media>()),
        ]);
        // The card from the section and image read here: the image is read once, not twice.
        const [card] = cardsFrom([article], sections, images);
        const media = article.featured_media_id ? images.get(article.featured_media_id) : undefined;
        const bundle: ArticleBundle = {
          article,
          authors: authors.get(article.id) ?? [],
          tags: tags.get(article.id) ?? [],
          notes,
          translations,
          card,
          media: media ?? null,
        };
        return {
          value: bundle,
          deps: [
            dep.article(article.id),
            ...(article.section_id ? [dep.section(article.section_id)] : []),
            ...bundle.tags.map((t) => dep.tag(t.id)),
            ...bundle.authors.map((a) => dep.author(a.id)),
            ...translations.map((t) => dep.article(t.id)),
          ],
          // UTF-16 strings: the row (body twice, source and HTML), plus the story and head the
          // article route renders once per bundle (the body again, JSON-LD, Open Graph).
          bytes: 16_384 + 4 * article.body_html.length + 2 * article.body_source.length,
        };
      });
    },

    async latest(language, now, count) {
      return through(`latest:${language}:${count}`, async () => {
        const cards = await hydrateCards(repos, await repos.articles.latest(language, now, { limit: count }));
        return { value: cards, deps: [dep.list(language), ...cardKeys(cards)], bytes: cardBytes(cards) };
      });
    },

    async mustRead(language, now) {
      return through(`must-read:${language}`, async () => {
        const entries = await repos.mustRead.active(language, now);
        const rows = await repos.articles.publicCardsByIds(
          entries.map((e) => e.articleId),
          now,
        );
        const cards = await hydrateCards(repos, rows);
        const expiries = entries.map((e) => e.expiresAt);
        return {
          value: { cards, expiries },
          deps: [dep.curation(language), ...cardKeys(cards)],
          maxAgeMs: untilSoonest(now, expiries),
          bytes: cardBytes(cards),
        };
      });
    },

    async module(provider, ctx) {
      const shown = [...ctx.shownIds].sort((a, b) => a - b).join(',');
      return through(`module:${provider.name}:${ctx.articleId}:${ctx.language}:${shown}`, async () => {
        const data = await provider.load(ctx);
        const items = data?.items ?? [];
        return {
          value: data,
          // New articles are new candidates for every list: `list:` is invalidated on publish.
          deps: [dep.article(ctx.articleId), dep.list(ctx.language), ...cardKeys(items)],
          ...(provider.maxAgeMs !== undefined ? { maxAgeMs: provider.maxAgeMs } : {}),
          bytes: cardBytes(items),
        };
      });
    },

    async listing(key, listDeps, cardCount, load) {
      return through(`listing:${key}`, async () => {
        const rows = await load();
        const cards = await hydrateCards(repos, rows.slice(0, cardCount));
        return {
          value: { rows, cards },
          deps: [...listDeps, ...rows.map((r) => dep.article(r.id))],
          bytes: cardBytes(cards) + rows.length * 256,
        };
      });
    },

    async tag(language, slug) {
      return through(`tag:${language}:${slug}`, async () => {
        const tag = (await repos.tags.bySlug(language, slug)) ?? null;
        return tag ? { value: tag, deps: [dep.tag(tag.id)] } : { value: null, deps: [], maxAgeMs: 0 };
      });
    },

    async author(slug) {
      return through(`author:${slug}`, async () => {
        const author = (await repos.authors.bySlug(slug)) ?? null;
        return author
          ? { value: author, deps: [dep.author(author.id)] }
          : { value: null, deps: [], maxAgeMs: 0 };
      });
    },

    async mostRead(language, limit) {
      const mostRead = deps.mostRead;
      if (!mostRead) return [];
      return through(`most-read:${language}:${limit}`, async () => {
        const cards = await mostRead(language, { limit });
        return { value: cards, deps: cardKeys(cards), maxAgeMs: 30_000, bytes: cardBytes(cards) };
      });
    },

    async homeLead(language) {
      return through(`home-lead:${language}`, async () => ({
        value: await homeLeadId(repos.settings, language),
        deps: [dep.curation(language)],
      }));
    },
  };
}
