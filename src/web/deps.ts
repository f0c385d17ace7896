import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import type { DialectAdapter } from '../db/dialect-adapter.ts';
import type { Repos } from '../db/repositories/index.ts';
import type { Language } from '../domain/language.ts';
import type { PublishingDeps } from '../publishing/deps.ts';
import type { Card } from './site/cards.ts';
import type { SearchIndex } from '../search/search-index.ts';

/** A module shown on the article page ("Latest news", "Must read", "You might also like", ...). */
export interface ModuleData {
  /** The `data-module` name of the DESIGN.md contract. */
  name: 'latest' | 'must-read' | 'related' | 'recommended' | 'most-read';
  items: Card[];
}

export interface ArticleModuleContext {
  articleId: number;
  language: Language;
  /** Article ids already shown on the page: modules should not repeat them. */
  shownIds: ReadonlySet<number>;
  now: string;
  /**
   * The reader's side of this request, for per-reader modules ("Recommended to you", which
   * reads and updates the signed history cookie). Absent when rendering the shared, cacheable
   * page: such modules then return null and are composed per request instead.
   */
  reader?: ReaderContext;
}

/** What a per-reader module needs of the request: its headers, and a way to set a cookie. */
export interface ReaderContext {
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Adds one Set-Cookie header value to the response. */
  setCookie(header: string): void;
}

/**
 * Adds a module to article pages. Providers run in order, each seeing the ids shown by those
 * before it, so lists are deduplicated across the page. Return null to show nothing (never filler).
 */
export interface ArticleModuleProvider {
  readonly name: ModuleData['name'];
  /**
   * Milliseconds a list may be reused for the same article and page (default 60 s; content
   * events drop it sooner). Shorter for lists that move without events, such as view counts.
   */
  readonly maxAgeMs?: number;
  load(ctx: ArticleModuleContext): Promise<ModuleData | null>;
}

/** Registers a feature's routes (feeds, search, newsroom, API ...). */
export type RouteRegistrar = (app: FastifyInstance, deps: AppDeps) => Promise<void>;

/** Everything the web layer needs, built once in the composition root (src/compose.ts). */
export interface AppDeps extends PublishingDeps {
  config: Config;
  database: DialectAdapter;
  repos: Repos;
  /** Injected so tests can move time (scheduling, embargo, expiry). */
  clock: () => Date;
  /** Home-page "Most read" of an edition (src/discovery/); absent when discovery is not wired. */
  mostRead?: (language: Language, options?: { limit?: number }) => Promise<Card[]>;
  /** Full-text search over public articles (src/search/). */
  search: SearchIndex;
  /** Article-page modules after the built-in "Latest news" and "Must read". */
  articleModules: ArticleModuleProvider[];
  /** Feature route registrars, registered after the public site routes. */
  routes: RouteRegistrar[];
  logger?: FastifyBaseLogger | boolean | { level: string };
}
