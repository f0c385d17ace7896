import type { Language } from '../../domain/language.ts';
import { toPersianDigits } from '../../domain/persian-text.ts';
import type { Card } from '../../web/site/cards.ts';
import { timeTag } from '../../web/views/components.ts';
import { html, type SafeHtml } from '../../web/views/html.ts';
import type { SnippetSegment } from '../snippet.ts';

/** Search page wording per edition (kept with the feature). */
const TEXT = {
  en: {
    title: 'Search',
    searchFor: 'Search for',
    section: 'Section',
    allSections: 'All sections',
    from: 'From',
    to: 'To',
    submit: 'Search',
    results: (n: string, estimate: boolean) =>
      `${estimate ? 'More than ' : ''}${n} result${n === '1' ? '' : 's'}`,
    noResults: 'No articles match your search. Try fewer or different words.',
    hint: 'Use "quotes" for an exact phrase and a minus sign to leave a word out, e.g. -opinion.',
    previous: 'Previous page',
    next: 'Next page',
    page: 'Page',
    results_: 'Search results',
    filteredBy: 'Filtered by',
    clearFilters: 'Clear filters',
  },
  fa: {
    title: 'جست‌وجو',
    searchFor: 'جست‌وجوی',
    section: 'بخش',
    allSections: 'همهٔ بخش‌ها',
    from: 'از تاریخ',
    to: 'تا تاریخ',
    submit: 'جست‌وجو',
    results: (n: string, estimate: boolean) => `${estimate ? 'بیش از ' : ''}${n} نتیجه`,
    noResults: 'خبری با این جست‌وجو پیدا نشد. واژه‌های کمتر یا دیگری را امتحان کنید.',
    hint: 'برای عبارت دقیق از «"» استفاده کنید و برای حذف یک واژه، پیش از آن منفی (-) بگذارید.',
    previous: 'صفحهٔ قبل',
    next: 'صفحهٔ بعد',
    page: 'صفحه',
    results_: 'نتایج جست‌وجو',
    filteredBy: 'پالایش بر اساس',
    clearFilters: 'حذف پالایه‌ها',
  },
} as const;

export interface SearchResultView {
  card: Card;
  snippet: SnippetSegment[];
}

export interface SearchPageView {
  language: Language;
  action: string;
  q: string;
  sections: { slug: string; name: string }[];
  section: string | undefined;
  fromInput: string | undefined;
  toInput: string | undefined;
  /** Active filters that have no form field (author, tag), kept as hidden inputs. */
  hidden: Record<string, string>;
  filterLabels: string[];
  searched: boolean;
  results: SearchResultView[];
  total: number;
  totalIsEstimate: boolean;
  page: number;
  prevHref: string | null;
  nextHref: string | null;
}

const digits = (language: Language, n: number): string =>
  language === 'fa'
    ? toPersianDigits(n.toLocaleString('en-US').replace(/,/g, '٬'))
    : n.toLocaleString('en-US');

/** Renders snippet segments with matched words in <mark>; all text is escaped. */
export function snippetHtml(segments: readonly SnippetSegment[]): SafeHtml {
  return html`${segments.map((s) => (s.match ? html`<mark>${s.text}</mark>` : s.text))}`;
}

export function searchPage(v: SearchPageView): SafeHtml {
  const t = TEXT[v.language];
  const pageLabel =
    v.page > 1 ? html` <span class="page-number">(${t.page} ${digits(v.language, v.page)})</span>` : '';
  return html`<div class="search-page">
<h1>${t.title}${pageLabel}</h1>
<form class="search-page-form" role="search" method="get" action="${v.action}">
<p class="field"><label for="search-q">${t.searchFor}</label>
<input id="search-q" name="q" type="search" value="${v.q}" maxlength="200" aria-describedby="search-hint"></p>
<p class="field"><label for="search-section">${t.section}</label>
<select id="search-section" name="section"><option value="">${t.allSections}</option>${v.sections.map(
    (s) => html`<option value="${s.slug}"${s.slug === v.section ? html` selected` : ''}>${s.name}</option>`,
  )}</select></p>
<p class="field"><label for="search-from">${t.from}</label>
<input id="search-from" name="from" type="date" value="${v.fromInput ?? ''}"></p>
<p class="field"><label for="search-to">${t.to}</label>
<input id="search-to" name="to" type="date" value="${v.toInput ?? ''}"></p>
${Object.entries(v.hidden).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<p class="field"><button type="submit">${t.submit}</button></p>
<p id="search-hint" class="hint">${t.hint}</p>
</form>
${
  v.filterLabels.length > 0
    ? html`<p class="search-filters">${t.filteredBy}: ${v.filterLabels.join(' · ')} · <a href="${v.action}?q=${encodeURIComponent(v.q)}">${t.clearFilters}</a></p>`
    : ''
}
${v.searched ? results(v) : ''}
</div>`;
}

function results(v: SearchPageView): SafeHtml {
  const t = TEXT[v.language];
  if (v.results.length === 0) return html`<p class="empty" role="status">${t.noResults}</p>`;
  return html`<p class="result-count" role="status">${t.results(digits(v.language, v.total), v.totalIsEstimate)}</p>
<ol class="search-results" aria-label="${t.results_}">${v.results.map(
    ({ card, snippet }) => html`<li><article class="search-result">
<h2><a href="${card.url}">${card.headline}</a></h2>
<p class="card-meta">${card.section ? html`<a class="kicker" href="${card.section.url}">${card.section.name}</a> · ` : ''}${timeTag(card.publishedAt, card.language)}</p>
${snippet.length > 0 ? html`<p class="snippet">${snippetHtml(snippet)}</p>` : card.excerpt ? html`<p class="snippet">${card.excerpt}</p>` : ''}
</article></li>`,
  )}</ol>
${
  v.prevHref || v.nextHref
    ? html`<nav class="pagination" aria-label="${v.language === 'fa' ? 'صفحه‌بندی' : 'Pagination'}"><ul>${
        v.prevHref ? html`<li><a href="${v.prevHref}" rel="prev">${t.previous}</a></li>` : ''
      }${v.nextHref ? html`<li><a href="${v.nextHref}" rel="next">${t.next}</a></li>` : ''}</ul></nav>`
    : ''
}`;
}
