import type { Language } from '../../../domain/language.ts';
import type { Card } from '../../site/cards.ts';
import type { ModuleData } from '../../deps.ts';
import { moduleSection, storyCard } from '../components.ts';
import { html, type SafeHtml } from '../html.ts';
import { messages } from '../i18n.ts';

export interface SectionBlock {
  name: string;
  url: string;
  cards: Card[];
}

export interface HomeView {
  language: Language;
  siteName: string;
  lead: Card | null;
  latest: Card[];
  modules: ModuleData[];
  sections: SectionBlock[];
}

/** Front page: lead story, latest, curated and popular modules, then a block per top section. */
export function homePage(v: HomeView): SafeHtml {
  const t = messages(v.language);
  return html`<h1 class="visually-hidden">${v.siteName}</h1>
<div class="home-top">
<section class="lead" aria-labelledby="lead-heading">
<h2 id="lead-heading" class="visually-hidden">${t.leadStory}</h2>
${v.lead ? storyCard(v.lead, { level: 3, eager: true, sizes: '(min-width: 60em) 40rem, 100vw' }) : html`<p class="empty">${t.noArticles}</p>`}
</section>
<div class="home-rail">
${v.latest.length > 0 ? moduleSection('latest', v.language, v.latest) : ''}
${v.modules.map((m) => moduleSection(m.name, v.language, m.items, { ordered: m.name === 'must-read' || m.name === 'most-read' }))}
</div>
</div>
${v.sections.map(
  (block, i) => html`<section class="section-block" aria-labelledby="block-${i}">
<h2 id="block-${i}" class="block-title"><a href="${block.url}">${block.name}</a></h2>
<div class="card-grid">${block.cards.map((c) => storyCard(c, { level: 3 }))}</div>
</section>`,
)}`;
}
