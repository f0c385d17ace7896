import type { Language } from '../../domain/language.ts';
import { activeBreakingNews } from '../../db/repositories/front-page.ts';
import type { Section } from '../../db/schema.ts';
import type { AppDeps } from '../deps.ts';
import type { Banner, NavSection } from '../views/layout.ts';

/** What every page of an edition needs: its sections (for navigation) and the banner. */
export interface EditionContext {
  language: Language;
  now: string;
  siteName: string;
  baseUrl: string;
  sections: Section[];
  nav: NavSection[];
  banner: Banner | null;
}

/** The site-wide breaking-news banner curated in the newsroom, if set for this edition and not expired. */
async function loadBanner(deps: AppDeps, language: Language, now: string): Promise<Banner | null> {
  const banner = await activeBreakingNews(deps.repos.settings, language, now);
  return banner ? { text: banner.text, url: banner.url || null, expiresAt: banner.expiresAt } : null;
}

export async function loadEdition(deps: AppDeps, language: Language): Promise<EditionContext> {
  const now = deps.clock().toISOString();
  const [sections, banner, siteName] = await Promise.all([
    deps.repos.sections.listByLanguage(language),
    loadBanner(deps, language, now),
    deps.repos.settings.get('site_name'),
  ]);
  return {
    language,
    now,
    siteName: siteName || deps.config.siteName,
    baseUrl: deps.config.baseUrl,
    sections,
    nav: sections.filter((s) => s.parent_id === null).map((s) => ({ slug: s.slug, name: s.name })),
    banner,
  };
}

/** A section and all its descendants' ids (sections form a small tree per edition). */
export function sectionWithDescendants(sections: Section[], rootId: number): number[] {
  const ids = [rootId];
  for (let i = 0; i < ids.length; i++) {
    for (const s of sections) if (s.parent_id === ids[i] && !ids.includes(s.id)) ids.push(s.id);
  }
  return ids;
}
