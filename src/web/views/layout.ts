import { directionOf, editionPrefix, LANGUAGES, type Language } from '../../domain/language.ts';
import { homePath, searchPath, sectionPath } from '../site/paths.ts';
import { html, type SafeHtml } from './html.ts';
import { messages } from './i18n.ts';

export interface NavSection {
  slug: string;
  name: string;
}

export interface Banner {
  text: string;
  url: string | null;
  expiresAt: string | null;
}

export interface Logo {
  src: string;
  width: number;
  height: number;
}

export interface LayoutOptions {
  language: Language;
  siteName: string;
  baseUrl: string;
  /** The page's own title (the site name is appended). */
  title: string;
  description?: string;
  /** Path of the canonical URL (absolute URLs are used as given). */
  canonical: string;
  /** Extra tags for <head>: structured data, social cards, feed links. */
  head?: SafeHtml | SafeHtml[];
  nav: NavSection[];
  activeSection?: string;
  /** Other editions of this page, for the edition switch (language -> path). */
  editions?: Partial<Record<Language, string>>;
  banner?: Banner | null;
  logo?: Logo | null;
  bodyClass?: string;
  /** Version string appended to asset URLs so caches refresh on deploy. */
  assetVersion?: string;
  main: SafeHtml;
  robots?: string;
}

function absolute(baseUrl: string, path: string): string {
  return /^https?:\/\//.test(path) ? path : `${baseUrl}${path}`;
}

/** The public site's page frame: masthead, section navigation, main landmark, footer. */
export function layout(o: LayoutOptions): SafeHtml {
  const t = messages(o.language);
  const dir = directionOf(o.language);
  const v = o.assetVersion ?? '1';
  const fullTitle = o.title === o.siteName ? o.siteName : `${o.title} | ${o.siteName}`;
  const editions = LANGUAGES.filter((l) => l !== o.language).map((l) => ({
    language: l,
    path: o.editions?.[l] ?? homePath(l),
  }));
  return html`<!doctype html>
<html lang="${o.language}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${fullTitle}</title>
${o.description ? html`<meta name="description" content="${o.description}">` : ''}
${o.robots ? html`<meta name="robots" content="${o.robots}">` : ''}
<link rel="canonical" href="${absolute(o.baseUrl, o.canonical)}">
${
  o.language === 'fa'
    ? html`<link rel="preload" href="/assets/fonts/vazirmatn/vazirmatn-arabic-400-normal.woff2" as="font" type="font/woff2" crossorigin>`
    : html`<link rel="preload" href="/assets/fonts/inter/inter-latin-400-normal.woff2" as="font" type="font/woff2" crossorigin>`
}
<link rel="stylesheet" href="/assets/site.css?v=${v}">
<link rel="stylesheet" href="/assets/print.css?v=${v}" media="print">
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<meta name="theme-color" content="#8b1a1a">
${o.head ?? ''}
</head>
<body class="${o.bodyClass ?? ''} lang-${o.language}">
<a class="skip-link" href="#main">${t.skipToContent}</a>
${
  o.banner
    ? html`<div class="breaking" role="region" aria-label="Breaking news"><p>${
        o.banner.url ? html`<a href="${o.banner.url}">${o.banner.text}</a>` : o.banner.text
      }</p></div>`
    : ''
}
<header class="masthead">
<div class="masthead-inner">
<p class="site-name"><a href="${homePath(o.language)}">${
    o.logo
      ? html`<img class="site-logo" src="${o.logo.src}" width="${o.logo.width}" height="${o.logo.height}" alt="${o.siteName}">`
      : o.siteName
  }</a></p>
<form class="search-form" role="search" action="${searchPath(o.language)}" method="get">
<label class="visually-hidden" for="masthead-q">${t.search}</label>
<input id="masthead-q" name="q" type="search" placeholder="${t.searchPlaceholder}" maxlength="200">
<button type="submit">${t.search}</button>
</form>
<nav class="editions" aria-label="${t.edition}"><ul>${editions.map(
    (e) =>
      html`<li><a href="${e.path}" lang="${e.language}" hreflang="${e.language}">${messages(e.language).languageName}</a></li>`,
  )}</ul></nav>
</div>
<nav class="sections-nav" aria-label="${t.sections}"><ul>
<li><a href="${homePath(o.language)}"${o.activeSection === undefined && o.bodyClass === 'home' ? html` aria-current="page"` : ''}>${t.home}</a></li>
${o.nav.map(
  (s) =>
    html`<li><a href="${sectionPath(o.language, s.slug)}"${o.activeSection === s.slug ? html` aria-current="page"` : ''}>${s.name}</a></li>`,
)}
</ul></nav>
</header>
<main id="main" tabindex="-1">
${o.main}
</main>
<footer class="site-footer">
<p><a href="${homePath(o.language)}">${o.siteName}</a> · <a href="${editionPrefix(o.language)}/feed.xml">RSS</a> · <a href="${searchPath(o.language)}">${t.search}</a></p>
</footer>
</body>
</html>`;
}
