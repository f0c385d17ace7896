import type { FastifyInstance, FastifyRequest } from 'fastify';
import { decodeCursor, encodeCursor } from '../../domain/cursor.ts';
import { badRequest, notFound } from '../../domain/errors.ts';
import { oneLine } from '../../domain/excerpt.ts';
import { isLanguage, LANGUAGES, editionPrefix, type Language } from '../../domain/language.ts';
import type { ArticleCardRow } from '../../db/repositories/articles.ts';
import type { Section } from '../../db/schema.ts';
import { cardKeys, dep } from '../../cache/keys.ts';
import { recommendedMarker } from '../reader-holes.ts';
import { parseVariants } from '../../db/repositories/media.ts';
import { parseLinks } from '../../db/repositories/authors.ts';
import type { AppDeps, ModuleData } from '../deps.ts';
import { layout } from '../views/layout.ts';
import { articlePage, articleStory, type ArticleView } from '../views/pages/article.ts';
import { homePage, type SectionBlock } from '../views/pages/home.ts';
import { listingPage } from '../views/pages/listing.ts';
import { messages } from '../views/i18n.ts';
import { html, type SafeHtml } from '../views/html.ts';

import type { Card } from './cards.ts';
import { sectionWithDescendants } from '../../domain/section-tree.ts';
import type { EditionContext } from './edition.ts';
import { sendHtml } from './send-html.ts';
import { siteFragments, type ArticleBundle } from './fragments.ts';
import { articlePath, authorPath, homePath, sectionPath, tagPath } from './paths.ts';
import { feedLinks } from '../../feeds/autodiscovery.ts';
import { articleHeadMeta, homeHeadMeta } from '../../feeds/head-meta.ts';

const PAGE_SIZE = 20;

type StoryView = Omit<ArticleView, 'modules' | 'recommended'>;
interface StoryParts {
  view: StoryView;
  story: SafeHtml;
  head: SafeHtml;
}
const LATEST_SIZE = 8;

interface ListQuery {
  before?: string;
  page?: string;
}

/** Reads `?before=` (keyset cursor) and `?page=` (shown only); malformed values are a 400. */
function listParams(query: unknown): { before: ReturnType<typeof decodeCursor>; page: number } {
  const q = (query ?? {}) as ListQuery;
  if (q.before !== undefined && typeof q.before !== 'string') throw badRequest('Malformed page cursor');
  const before = decodeCursor(q.before);
  let page = 1;
  if (q.page !== undefined) {
    const n = Number(q.page);
    page = Number.isInteger(n) && n > 0 ? Math.min(n, 1_000_000) : 1;
  }
  return { before, page: before ? Math.max(page, 2) : 1 };
}

/**
 * A cached list without one article, at most `limit` long: the same array for the same list and
 * article, so what is rendered from it once (src/web/views/components.ts) is reused.
 */
const listsWithout = new WeakMap<readonly Card[], Map<number, Card[]>>();
function withoutArticle(list: readonly Card[], articleId: number, limit: number): Card[] {
  let byArticle = listsWithout.get(list);
  if (!byArticle) listsWithout.set(list, (byArticle = new Map()));
  let out = byArticle.get(articleId);
  if (!out) {
    out = list.filter((c) => c.id !== articleId).slice(0, limit);
    if (byArticle.size >= 5000) byArticle.clear();
    byArticle.set(articleId, out);
  }
  return out;
}

/** A page cursor as part of a fragment key ('' for the first page). */
function cursorKey(before: ReturnType<typeof decodeCursor>): string {
  return before ? `${before.publishedAt}/${before.id}` : '';
}

/** Lists fetch one row more than a page; its presence means there is an older page. */
function olderHref(basePath: string, rows: ArticleCardRow[], page: number): string | null {
  if (rows.length <= PAGE_SIZE) return null;
  const last = rows[PAGE_SIZE - 1];
  if (!last?.published_at) return null;
  return `${basePath}?before=${encodeCursor({ publishedAt: last.published_at, id: last.id })}&page=${page + 1}`;
}

function slugParam(req: FastifyRequest): string {
  const slug = (req.params as { slug?: string }).slug ?? '';
  if (slug.length === 0 || slug.length > 200) throw notFound('Page');
  return slug;
}

/** Public site: each edition (English at /, Persian at /fa) has home, section, tag, author and article pages. */
export async function registerSiteRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { repos } = deps;
  const fragments = siteFragments(deps, deps.cache?.memo);

  /**
   * The head tags and the story of an article page, rendered once per fragment-cached bundle:
   * a new bundle (the article, its bylines or tags changed) or a new edition frame (sections,
   * site name) renders them again.
   */
  const storyCache = new WeakMap<ArticleBundle, { frame: Section[]; siteName: string } & StoryParts>();
  function storyParts(
    bundle: ArticleBundle,
    edition: EditionContext,
    section: Section | undefined,
    parent: Section | undefined,
  ): StoryParts {
    const known = storyCache.get(bundle);
    if (known && known.frame === edition.sections && known.siteName === edition.siteName) return known;
    const { article, card } = bundle;
    const language = edition.language;
    const view: StoryView = {
      language,
      headline: article.headline,
      standfirst: article.standfirst,
      bodyHtml: article.body_html,
      publishedAt: article.published_at ?? article.created_at,
      updatedAt: article.updated_at,
      section: section
        ? {
            name: section.name,
            url: sectionPath(language, section.slug),
            parent: parent ? { name: parent.name, url: sectionPath(language, parent.slug) } : null,
          }
        : null,
      bylines: bundle.authors.map((a) => ({ name: a.name, url: authorPath(language, a.slug) })),
      tags: bundle.tags.map((tg) => ({ name: tg.name, url: tagPath(language, tg.slug) })),
      notes: bundle.notes,
      // The article's own caption and credit win over the library's (they are in its language).
      image: card?.image
        ? {
            ...card.image,
            caption: article.featured_caption || card.image.caption,
            credit: article.featured_credit || card.image.credit,
          }
        : null,
      translations: bundle.translations
        .filter((tr) => isLanguage(tr.language))
        .map((tr) => ({
          language: tr.language as Language,
          url: articlePath(tr.language as Language, tr.slug),
          headline: tr.headline,
        })),
    };
    const parts: StoryParts = {
      view,
      story: articleStory(view),
      // Structured data from what this route already loaded, not a second round of queries.
      head: articleHeadMeta({
        baseUrl: edition.baseUrl,
        siteName: edition.siteName,
        article,
        section: section ?? null,
        parentSection: parent ?? null,
        authors: bundle.authors,
        tags: bundle.tags,
        media: bundle.media,
        notes: bundle.notes,
        translations: bundle.translations,
      }),
    };
    storyCache.set(bundle, { frame: edition.sections, siteName: edition.siteName, ...parts });
    return parts;
  }

  function frame(
    edition: EditionContext,
    page: {
      title: string;
      description?: string;
      canonical: string;
      main: SafeHtml;
      head?: SafeHtml[];
      activeSection?: string;
      bodyClass?: string;
      editions?: Partial<Record<Language, string>>;
    },
  ): SafeHtml {
    return layout({
      language: edition.language,
      siteName: edition.siteName,
      baseUrl: edition.baseUrl,
      nav: edition.nav,
      banner: edition.banner,
      logo: edition.logo,
      ...page,
    });
  }

  for (const language of LANGUAGES) {
    const prefix = editionPrefix(language);

    app.get(prefix === '' ? '/' : prefix, async (_req, reply) => {
      const edition = await fragments.edition(language);
      const { now } = edition;
      // The page's parts are independent reads: together, not one round trip after another.
      const [newest, leadId, { cards: must, expiries }, popular] = await Promise.all([
        fragments.listing(`latest:${language}`, [dep.list(language)], LATEST_SIZE + 1, () =>
          repos.articles.latest(language, now, { limit: LATEST_SIZE + 1 }),
        ),
        fragments.homeLead(language),
        fragments.mustRead(language, now),
        fragments.mostRead(language, 5),
      ]);
      const chosen =
        leadId === null
          ? undefined
          : (newest.cards.find((c) => c.id === leadId) ??
            (
              await fragments.listing(`card:${leadId}`, [dep.article(leadId)], 1, () =>
                repos.articles.publicCardsByIds([leadId], now),
              )
            ).cards[0]);
      const lead = chosen ?? newest.cards[0];
      const shown = new Set<number>(lead ? [lead.id] : []);
      const latest = newest.cards.filter((c) => !shown.has(c.id)).slice(0, LATEST_SIZE);
      latest.forEach((c) => shown.add(c.id));
      const modules: ModuleData[] = [];
      if (must.length > 0) modules.push({ name: 'must-read', items: must });
      if (popular.length > 0) modules.push({ name: 'most-read', items: popular });
      const tops = edition.sections.filter((s) => s.parent_id === null);
      const excluded = [...shown];
      const excludedKey = [...shown].sort((a, b) => a - b).join(',');
      const lists = await Promise.all(
        tops.map((section) => {
          const ids = sectionWithDescendants(edition.sections, section.id);
          return fragments.listing(
            `home-block:${section.id}:${excludedKey}`,
            [dep.list(language), ...ids.map((id) => dep.section(id))],
            4,
            () => repos.articles.inSections(ids, now, { limit: 4, excludeIds: excluded }),
          );
        }),
      );
      const blocks: SectionBlock[] = tops
        .map((section, i) => ({
          name: section.name,
          url: sectionPath(language, section.slug),
          cards: lists[i]!.cards,
        }))
        .filter((b) => b.cards.length > 0);
      const t = messages(language);
      return sendHtml(
        reply,
        frame(edition, {
          title: edition.siteName,
          description: `${edition.siteName}: ${t.latest}`,
          canonical: homePath(language),
          head: [
            homeHeadMeta({
              baseUrl: edition.baseUrl,
              siteName: edition.siteName,
              language,
              description: `${edition.siteName}: ${t.latest}`,
            }),
            feedLinks(language, { kind: 'site' }, edition.siteName),
          ],
          bodyClass: 'home',
          main: homePage({
            language,
            siteName: edition.siteName,
            lead: lead ?? null,
            latest,
            modules,
            sections: blocks,
          }),
        }),
        edition,
        [
          dep.home(language),
          dep.list(language),
          ...cardKeys(lead ? [lead] : []),
          ...cardKeys(latest),
          ...modules.flatMap((m) => cardKeys(m.items)),
          ...tops.map((sec) => dep.section(sec.id)),
          ...blocks.flatMap((b) => cardKeys(b.cards)),
        ],
        expiries,
      );
    });

    app.get(`${prefix}/section/:slug`, async (req, reply) => {
      const slug = slugParam(req);
      const { before, page } = listParams(req.query);
      const edition = await fragments.edition(language);
      const section = edition.sections.find((s) => s.slug === slug);
      if (!section) throw notFound('Section');
      const ids = sectionWithDescendants(edition.sections, section.id);
      const listing = await fragments.listing(
        `section:${section.id}:${cursorKey(before)}`,
        ids.map((id) => dep.section(id)),
        PAGE_SIZE,
        () =>
          repos.articles.inSections(ids, edition.now, {
            limit: PAGE_SIZE + 1,
            ...(before ? { before } : {}),
          }),
      );
      const rows = listing.rows;
      const parent = section.parent_id ? edition.sections.find((s) => s.id === section.parent_id) : undefined;
      const children = edition.sections.filter((s) => s.parent_id === section.id);
      const t = messages(language);
      const path = sectionPath(language, section.slug);
      return sendHtml(
        reply,
        frame(edition, {
          title: section.name,
          ...(section.description ? { description: section.description } : {}),
          canonical: before
            ? `${path}?before=${encodeURIComponent((req.query as ListQuery).before ?? '')}`
            : path,
          head: [feedLinks(language, { kind: 'section', slug: section.slug }, section.name)],
          activeSection: parent?.slug ?? section.slug,
          main: listingPage({
            language,
            ...(parent
              ? { kicker: html`<a href="${sectionPath(language, parent.slug)}">${parent.name}</a>` }
              : {}),
            title: section.name,
            ...(section.description ? { intro: html`<p>${section.description}</p>` } : {}),
            ...(children.length > 0
              ? {
                  aside: html`<nav class="subsections" aria-label="${t.subsections}"><h2>${t.subsections}</h2><ul>${children.map(
                    (c) => html`<li><a href="${sectionPath(language, c.slug)}">${c.name}</a></li>`,
                  )}</ul></nav>`,
                }
              : {}),
            cards: listing.cards,
            olderHref: olderHref(path, rows, page),
            newestHref: before ? path : null,
            page,
          }),
        }),
        edition,
        [
          ...ids.map((id) => dep.section(id)),
          ...(parent ? [dep.section(parent.id)] : []),
          dep.list(language),
          ...rows.map((r) => dep.article(r.id)),
        ],
      );
    });

    app.get(`${prefix}/tag/:slug`, async (req, reply) => {
      const slug = slugParam(req);
      const { before, page } = listParams(req.query);
      const tag = await fragments.tag(language, slug);
      if (!tag) throw notFound('Tag');
      const edition = await fragments.edition(language);
      const listing = await fragments.listing(
        `tag:${tag.id}:${cursorKey(before)}`,
        [dep.tag(tag.id)],
        PAGE_SIZE,
        () =>
          repos.articles.withTag(tag.id, edition.now, {
            limit: PAGE_SIZE + 1,
            ...(before ? { before } : {}),
          }),
      );
      const rows = listing.rows;
      const path = tagPath(language, tag.slug);
      const t = messages(language);
      return sendHtml(
        reply,
        frame(edition, {
          title: tag.name,
          description: tag.description || `${t.tag}: ${tag.name}`,
          canonical: path,
          head: [feedLinks(language, { kind: 'tag', slug: tag.slug }, tag.name)],
          main: listingPage({
            language,
            kicker: t.tag,
            title: tag.name,
            ...(tag.description ? { intro: html`<p>${tag.description}</p>` } : {}),
            cards: listing.cards,
            olderHref: olderHref(path, rows, page),
            newestHref: before ? path : null,
            page,
          }),
        }),
        edition,
        [dep.tag(tag.id), ...rows.map((r) => dep.article(r.id))],
      );
    });

    app.get(`${prefix}/author/:slug`, async (req, reply) => {
      const slug = slugParam(req);
      const { before, page } = listParams(req.query);
      const author = await fragments.author(slug);
      if (!author) throw notFound('Author');
      const edition = await fragments.edition(language);
      const listing = await fragments.listing(
        `author:${language}:${author.id}:${cursorKey(before)}`,
        [dep.author(author.id)],
        PAGE_SIZE,
        () =>
          repos.articles.byAuthor(
            author.id,
            edition.now,
            { limit: PAGE_SIZE + 1, ...(before ? { before } : {}) },
            language,
          ),
      );
      const rows = listing.rows;
      const path = authorPath(language, author.slug);
      const photo = author.photo_media_id
        ? (await repos.media.byIds([author.photo_media_id])).get(author.photo_media_id)
        : undefined;
      const links = parseLinks(author).filter((l) => /^https?:\/\//.test(l.url));
      const t = messages(language);
      return sendHtml(
        reply,
        frame(edition, {
          title: author.name,
          description: oneLine(author.bio || `${t.articlesBy} ${author.name}`, 160),
          canonical: path,
          head: [feedLinks(language, { kind: 'author', slug: author.slug }, author.name)],
          main: listingPage({
            language,
            kicker: t.articlesBy,
            title: author.name,
            intro: html`<div class="author-bio">${
              photo
                ? html`<img class="author-photo" src="/media/${parseVariants(photo).sort((a, b) => a.width - b.width)[0]?.path ?? ''}" alt="${author.name}" width="96" height="96">`
                : ''
            }<p>${author.bio}</p>${
              links.length > 0
                ? html`<ul class="author-links">${links.map((l) => html`<li><a href="${l.url}" rel="me noopener">${l.label}</a></li>`)}</ul>`
                : ''
            }</div>`,
            cards: listing.cards,
            olderHref: olderHref(path, rows, page),
            newestHref: before ? path : null,
            page,
          }),
        }),
        edition,
        [dep.author(author.id), ...rows.map((r) => dep.article(r.id))],
      );
    });

    app.get(`${prefix}/news/:slug`, async (req, reply) => {
      const slug = slugParam(req);
      // Read together: on PostgreSQL each read is a round trip, and none of these needs another.
      const [edition, bundle] = await Promise.all([
        fragments.edition(language),
        fragments.article(language, slug, deps.clock().toISOString()),
      ]);
      const { now } = edition;
      if (!bundle) {
        const redirect = await repos.redirects.find(articlePath(language, slug));
        if (redirect) return reply.redirect(redirect.to, redirect.status as 301);
        throw notFound('Article');
      }
      const { article, translations } = bundle;
      const section = article.section_id
        ? edition.sections.find((s) => s.id === article.section_id)
        : undefined;
      const parent = section?.parent_id
        ? edition.sections.find((s) => s.id === section.parent_id)
        : undefined;

      const shown = new Set<number>([article.id]);
      const modules: ModuleData[] = [];
      const [newest, curated] = await Promise.all([
        fragments.latest(language, now, LATEST_SIZE + 1),
        fragments.mustRead(language, now),
      ]);
      const latest = withoutArticle(newest, article.id, LATEST_SIZE);
      if (latest.length > 0) modules.push({ name: 'latest', items: latest });
      latest.forEach((c) => shown.add(c.id));
      // Editors' picks stay whole even where Latest news also lists one; only this article goes.
      const must = withoutArticle(curated.cards, article.id, curated.cards.length);
      const expiries = curated.expiries;
      if (must.length > 0) modules.push({ name: 'must-read', items: must });
      must.forEach((c) => shown.add(c.id));
      for (const provider of deps.articleModules) {
        // The per-reader module is composed per request (the page-cache hole below), never here.
        if (provider.name === 'recommended') continue;
        const data = await fragments.module(provider, {
          articleId: article.id,
          language,
          shownIds: new Set(shown),
          now,
        });
        if (data && data.items.length > 0) {
          modules.push(data);
          data.items.forEach((c) => shown.add(c.id));
        }
      }

      const parts = storyParts(bundle, edition, section, parent);
      const editions: Partial<Record<Language, string>> = {};
      for (const tr of translations)
        if (isLanguage(tr.language)) editions[tr.language] = articlePath(tr.language, tr.slug);
      const path = articlePath(language, article.slug);
      return sendHtml(
        reply,
        frame(edition, {
          title: article.seo_title || article.headline,
          description: article.seo_description || oneLine(article.standfirst || article.excerpt, 160),
          canonical: article.canonical_url || path,
          head: [parts.head, feedLinks(language, { kind: 'site' }, edition.siteName)],
          activeSection: parent?.slug ?? section?.slug,
          editions,
          bodyClass: 'article-page',
          main: articlePage(
            {
              ...parts.view,
              modules,
              // "Recommended to you" is per reader: the cached page carries a marker filled per request.
              recommended: recommendedMarker(article.id, language, shown),
            },
            parts.story,
          ),
        }),
        edition,
        [
          dep.article(article.id),
          dep.list(language),
          ...(section ? [dep.section(section.id)] : []),
          ...(parent ? [dep.section(parent.id)] : []),
          ...bundle.tags.map((tg) => dep.tag(tg.id)),
          ...bundle.authors.map((a) => dep.author(a.id)),
          ...translations.map((tr) => dep.article(tr.id)),
          ...modules.flatMap((m) => cardKeys(m.items)),
        ],
        expiries,
      );
    });
  }
}
