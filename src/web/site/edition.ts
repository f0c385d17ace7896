import type { Language } from '../../domain/language.ts';
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

interface StoredBanner {
  text?: unknown;
  url?: unknown;
  expiresAt?: unknown;
}

/** Reads the site-wide breaking-news banner (settings key `breaking_news`), if set and not expired. */
async function loadBanner(deps: AppDeps, language: Language, now: string): Promise<Banner | null> {
  const raw = (await deps.repos.settings.get(`breaking_news:${language}`)) ?? (await deps.repos.settings.get('breaking_news'));
  if (!raw) return null;
  try {
    const b = JSON.parse(raw) as StoredBanner;
    if (typeof b.text !== 'string' || !b.text.trim()) return null;
    if (typeof b.expiresAt === 'string' && b.expiresAt <= now) return null;
    return { text: b.text, url: typeof b.url === 'string' && b.url ? b.url : null };
  } catch {
    return null;
  }
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
