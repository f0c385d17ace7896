import type { Language } from '../../../domain/language.ts';
import type { ArticleNote } from '../../../db/schema.ts';
import type { ImageRef } from '../../site/cards.ts';
import type { ModuleData } from '../../deps.ts';
import { moduleSection, picture, timeTag } from '../components.ts';
import { html, trusted, type SafeHtml } from '../html.ts';
import { messages } from '../i18n.ts';

export interface ArticleView {
  language: Language;
  headline: string;
  standfirst: string;
  /** Sanitised at save time by the body allow-list. */
  bodyHtml: string;
  publishedAt: string;
  updatedAt: string;
  section: { name: string; url: string; parent?: { name: string; url: string } | null } | null;
  bylines: { name: string; url: string }[];
  tags: { name: string; url: string }[];
  notes: ArticleNote[];
  image: ImageRef | null;
  translations: { language: Language; url: string; headline: string }[];
  modules: ModuleData[];
  /** The per-reader "Recommended to you" slot, placed before "Most read". */
  recommended?: SafeHtml;
}

function bylineList(v: Pick<ArticleView, 'language' | 'bylines'>): SafeHtml {
  const t = messages(v.language);
  if (v.bylines.length === 0) return html``;
  const links = v.bylines.map((b) => html`<a href="${b.url}" rel="author">${b.name}</a>`);
  const joined: SafeHtml[] = [];
  links.forEach((link, i) => {
    if (i > 0)
      joined.push(i === links.length - 1 ? html` ${t.and} ` : html`${v.language === 'fa' ? '، ' : ', '}`);
    joined.push(link);
  });
  return html`<p class="byline">${t.by} ${joined}</p>`;
}

/** The article page: the story in <article>, then the modules, each a <section data-module>. */
export function articlePage(v: ArticleView, story: SafeHtml = articleStory(v)): SafeHtml {
  return html`<div class="article-layout">
${story}
<div class="article-rail">
${v.modules.map((m) => html`${m.name === 'most-read' ? (v.recommended ?? '') : ''}${moduleSection(m.name, v.language, m.items, { ordered: m.name === 'must-read' || m.name === 'most-read' })}`)}
${v.modules.some((m) => m.name === 'most-read') ? '' : (v.recommended ?? '')}
</div>
</div>`;
}

/** The story itself (everything but the modules): the same for every reader until the article changes. */
export function articleStory(v: Omit<ArticleView, 'modules' | 'recommended'>): SafeHtml {
  const t = messages(v.language);
  const updated = v.updatedAt > v.publishedAt && v.updatedAt.slice(0, 16) !== v.publishedAt.slice(0, 16);
  return html`<article class="story">
<header class="story-header">
${
  v.section
    ? html`<nav class="breadcrumb" aria-label="${t.breadcrumb}"><ol>${
        v.section.parent ? html`<li><a href="${v.section.parent.url}">${v.section.parent.name}</a></li>` : ''
      }<li><a class="section-label" href="${v.section.url}">${v.section.name}</a></li></ol></nav>`
    : ''
}
<h1>${v.headline}</h1>
${v.standfirst ? html`<p class="standfirst">${v.standfirst}</p>` : ''}
<div class="story-meta">
${bylineList(v)}
<p class="dates"><span>${t.published}: ${timeTag(v.publishedAt, v.language)}</span>${
    updated ? html` <span>${t.updated}: ${timeTag(v.updatedAt, v.language)}</span>` : ''
  }</p>
${v.translations.map(
  (tr) =>
    html`<p class="translation-link">${t.readIn} <a href="${tr.url}" hreflang="${tr.language}" lang="${tr.language}">${messages(tr.language).languageName}</a></p>`,
)}
</div>
</header>
${
  v.image
    ? html`<figure class="story-image">${picture(v.image, { sizes: '(min-width: 60em) 46rem, 100vw', eager: true })}${
        v.image.caption || v.image.credit
          ? html`<figcaption>${v.image.caption}${v.image.credit ? html` <span class="credit">${t.photo}: ${v.image.credit}</span>` : ''}</figcaption>`
          : ''
      }</figure>`
    : ''
}
<div class="story-body">
${trusted(v.bodyHtml)}
</div>
${
  v.notes.length > 0
    ? html`<aside class="story-notes" aria-label="${t.correction}">${v.notes.map(
        (n) =>
          html`<p class="note note-${n.kind}"><strong>${n.kind === 'correction' ? t.correction : t.update}</strong> (${timeTag(
            n.created_at,
            v.language,
          )}): ${n.body}</p>`,
      )}</aside>`
    : ''
}
${
  v.tags.length > 0
    ? html`<footer class="story-footer"><h2 class="visually-hidden">${t.tags}</h2><ul class="tag-list">${v.tags.map(
        (tag) => html`<li><a href="${tag.url}" rel="tag">${tag.name}</a></li>`,
      )}</ul></footer>`
    : ''
}
</article>`;
}
