import { isLanguage, type Language } from '../../domain/language.ts';
import type { AppDeps } from '../deps.ts';
import { html } from '../views/html.ts';
import { messages } from '../views/i18n.ts';
import { layout } from '../views/layout.ts';
import { loadEdition } from './edition.ts';
import { homePath, searchPath } from './paths.ts';

/** 404 and error pages in the site's design, in the edition the URL belongs to. */
export async function renderErrorPage(
  deps: AppDeps,
  url: string,
  status: number,
  message: string,
): Promise<string> {
  const first = url.split('/')[1] ?? '';
  const language: Language = isLanguage(first) ? first : 'en';
  const t = messages(language);
  let edition;
  try {
    edition = await loadEdition(deps, language);
  } catch {
    // The database may be what failed: render the frame without navigation.
    edition = {
      siteName: deps.config.siteName,
      baseUrl: deps.config.baseUrl,
      nav: [],
      banner: null,
      logo: null,
    };
  }
  const title = status === 404 ? t.notFoundTitle : status >= 500 ? t.errorTitle : t.badRequestTitle;
  const text = status === 404 ? t.notFoundText : message;
  return layout({
    language,
    siteName: edition.siteName,
    baseUrl: edition.baseUrl,
    nav: edition.nav,
    banner: null,
    logo: edition.logo,
    title,
    canonical: homePath(language),
    robots: 'noindex',
    bodyClass: 'error-page',
    main: html`<div class="error-box">
<p class="error-code">${status}</p>
<h1>${title}</h1>
<p>${text}</p>
<form role="search" action="${searchPath(language)}" method="get" class="search-inline">
<label for="error-q">${t.search}</label>
<input id="error-q" name="q" type="search" maxlength="200">
<button type="submit">${t.search}</button>
</form>
<p><a href="${homePath(language)}">${t.backHome}</a></p>
</div>`,
  }).value;
}
