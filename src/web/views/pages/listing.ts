import type { Language } from '../../../domain/language.ts';
import { toPersianDigits } from '../../../domain/persian-text.ts';
import type { Card } from '../../site/cards.ts';
import { storyCard } from '../components.ts';
import { html, type SafeHtml } from '../html.ts';
import { messages } from '../i18n.ts';

export interface ListingView {
  language: Language;
  kicker?: SafeHtml | string;
  title: string;
  intro?: SafeHtml | string;
  cards: Card[];
  /** Extra content between the intro and the list (subsection links, author bio). */
  aside?: SafeHtml;
  /** Path of the next (older) page, if any. */
  olderHref?: string | null;
  /** Path of the first page when not on it. */
  newestHref?: string | null;
  page?: number;
}

/** Section, tag and author pages: a heading, optional intro, the story list and keyset paging. */
export function listingPage(v: ListingView): SafeHtml {
  const t = messages(v.language);
  const pageLabel =
    v.page && v.page > 1 ? (v.language === 'fa' ? toPersianDigits(String(v.page)) : String(v.page)) : '';
  return html`<div class="listing">
<header class="listing-header">
${v.kicker ? html`<p class="kicker">${v.kicker}</p>` : ''}
<h1>${v.title}${pageLabel ? html` <span class="page-number">(${pageLabel})</span>` : ''}</h1>
${v.intro ? html`<div class="listing-intro">${v.intro}</div>` : ''}
</header>
${v.aside ?? ''}
${
  v.cards.length > 0
    ? html`<div class="card-grid">${v.cards.map((c, i) => storyCard(c, { level: 2, eager: i === 0 && !v.newestHref }))}</div>`
    : html`<p class="empty">${t.noArticles}</p>`
}
${
  v.olderHref || v.newestHref
    ? html`<nav class="pagination" aria-label="${t.pagination}"><ul>${
        v.newestHref ? html`<li><a href="${v.newestHref}">${t.newestStories}</a></li>` : ''
      }${v.olderHref ? html`<li><a href="${v.olderHref}" rel="next">${t.olderStories}</a></li>` : ''}</ul></nav>`
    : ''
}
</div>`;
}
