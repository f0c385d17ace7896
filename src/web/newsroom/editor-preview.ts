import type { Article } from '../../db/schema.ts';
import { parseVariants } from '../../db/repositories/media.ts';
import { renderFields } from '../../publishing/article-input.ts';
import { isLanguage, type Language } from '../../domain/language.ts';
import type { AppDeps } from '../deps.ts';
import type { ImageRef } from '../site/cards.ts';
import { authorPath, sectionPath, tagPath } from '../site/paths.ts';
import { layout } from '../views/layout.ts';
import { articlePage } from '../views/pages/article.ts';
import type { SafeHtml } from '../views/html.ts';
import { splitList, toArticleFields, type EditorInput } from './editor-form.ts';
import { slugify } from '../../domain/slug.ts';

/**
 * The article as readers will see it, from the editor's fields (saved or not): the public page
 * frame and article view with the same Markdown rendering and sanitiser as a save.
 */
export async function renderPreview(deps: AppDeps, input: EditorInput, article?: Article): Promise<SafeHtml> {
  const fields = toArticleFields(input);
  const language: Language = isLanguage(fields.language) ? fields.language : 'en';
  const rendered = renderFields({ ...fields, language });
  const now = deps.clock().toISOString();
  const [sections, media, notes] = await Promise.all([
    deps.repos.sections.listByLanguage(language),
    fields.featuredMediaId ? deps.repos.media.byIds([fields.featuredMediaId]) : Promise.resolve(new Map()),
    article ? deps.repos.articles.notes(article.id) : Promise.resolve([]),
  ]);
  const section = sections.find((s) => s.id === fields.sectionId) ?? null;
  const m = fields.featuredMediaId ? media.get(fields.featuredMediaId) : undefined;
  const image: ImageRef | null = m
    ? {
        width: m.width,
        height: m.height,
        alt: fields.featuredAlt || m.alt,
        caption: fields.featuredCaption || m.caption,
        credit: fields.featuredCredit || m.credit,
        variants: parseVariants(m),
      }
    : null;
  const siteName = (await deps.repos.settings.get('site_name')) || deps.config.siteName;
  return layout({
    language,
    siteName,
    baseUrl: deps.config.baseUrl,
    title: `Preview: ${fields.headline || 'Untitled'}`,
    canonical: '/admin/articles/preview',
    robots: 'noindex, nofollow',
    nav: sections.filter((s) => s.parent_id === null).map((s) => ({ slug: s.slug, name: s.name })),
    main: articlePage({
      language,
      headline: fields.headline || 'Untitled',
      standfirst: fields.standfirst ?? '',
      bodyHtml: rendered.bodyHtml,
      publishedAt: article?.published_at ?? now,
      updatedAt: article?.updated_at ?? now,
      section: section ? { name: section.name, url: sectionPath(language, section.slug) } : null,
      bylines: splitList(input.bylines).map((name) => ({ name, url: authorPath(language, slugify(name)) })),
      tags: splitList(input.tags).map((name) => ({ name, url: tagPath(language, slugify(name)) })),
      notes,
      image,
      translations: [],
      modules: [],
    }),
  });
}
