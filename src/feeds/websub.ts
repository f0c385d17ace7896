import type { Repos } from '../db/repositories/index.ts';
import { isLanguage } from '../domain/language.ts';
import type { ContentEvent } from '../publishing/deps.ts';
import { absoluteUrl, FEED_FORMATS, feedPath, type FeedFormat, type FeedScope } from './paths.ts';

export interface WebSubOptions {
  hubUrl: string;
  baseUrl: string;
  repos: Repos;
  log?: { warn(obj: unknown, msg?: string): void };
  timeoutMs?: number;
}

/**
 * Tells a WebSub hub (W3C WebSub §7) which feeds changed when an article goes public: the
 * edition's feeds and those of its section, tags and bylines, in every format. Failures are
 * logged, never thrown: a hub being down must not affect publishing.
 */
export function createWebSubPinger(options: WebSubOptions) {
  const pending = new Set<Promise<void>>();

  async function topicsFor(articleId: number): Promise<string[]> {
    const article = await options.repos.articles.byId(articleId);
    if (!article || !isLanguage(article.language)) return [];
    const language = article.language;
    const scopes: FeedScope[] = [{ kind: 'site' }];
    if (article.section_id !== null) {
      const sections = await options.repos.sections.byIds([article.section_id]);
      const section = sections[0];
      if (section) {
        scopes.push({ kind: 'section', slug: section.slug });
        if (section.parent_id !== null) {
          const parent = (await options.repos.sections.byIds([section.parent_id]))[0];
          if (parent) scopes.push({ kind: 'section', slug: parent.slug });
        }
      }
    }
    for (const tag of (await options.repos.tags.forArticles([article.id])).get(article.id) ?? [])
      scopes.push({ kind: 'tag', slug: tag.slug });
    for (const author of (await options.repos.authors.forArticles([article.id])).get(article.id) ?? [])
      scopes.push({ kind: 'author', slug: author.slug });
    const formats = Object.keys(FEED_FORMATS) as FeedFormat[];
    return scopes.flatMap((scope) =>
      formats.map((format) => absoluteUrl(options.baseUrl, feedPath(language, scope, format))),
    );
  }

  async function ping(topic: string): Promise<void> {
    const body = new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': topic });
    const response = await fetch(options.hubUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`hub answered ${response.status}`);
  }

  async function publish(articleId: number): Promise<void> {
    try {
      for (const topic of await topicsFor(articleId)) {
        try {
          await ping(topic);
        } catch (error) {
          options.log?.warn({ err: error, topic, hub: options.hubUrl }, 'WebSub ping failed');
        }
      }
    } catch (error) {
      options.log?.warn({ err: error, articleId }, 'WebSub ping skipped');
    }
  }

  return {
    topicsFor,
    /** Event-bus listener: pings on `article.published` (and `article.updated` of public stories). */
    onEvent(event: ContentEvent): void {
      if (event.type !== 'article.published') return;
      const job = publish(event.articleId).finally(() => pending.delete(job));
      pending.add(job);
    },
    /** Resolves when every ping started so far has finished (tests, shutdown). */
    async idle(): Promise<void> {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}

export type WebSubPinger = ReturnType<typeof createWebSubPinger>;
