import type { Language } from '../../domain/language.ts';
import {
  activeBreakingNews,
  BREAKING_NEWS_KEY,
  parseBreakingNews,
} from '../../db/repositories/front-page.ts';
import type { Section } from '../../db/schema.ts';
import type { AppDeps } from '../deps.ts';
import type { Banner, Logo, NavSection } from '../views/layout.ts';
import { parseVariants } from '../../db/repositories/media.ts';
import { mediaUrl } from './paths.ts';

/** What every page of an edition needs: its sections (for navigation) and the banner. */
export interface EditionContext {
  language: Language;
  now: string;
  siteName: string;
  baseUrl: string;
  sections: Section[];
  nav: NavSection[];
  banner: Banner | null;
  logo: Logo | null;
}

/** The settings every page of an edition shows, read together. */
const FRAME_SETTINGS = ['site_name', 'logo_media_id', BREAKING_NEWS_KEY];

/** The site-wide breaking-news banner curated in the newsroom, if set for this edition and not expired. */
function bannerOf(raw: string | undefined, language: Language, now: string): Banner | null {
  const banner = activeBreakingNews(parseBreakingNews(raw), language, now);
  return banner ? { text: banner.text, url: banner.url || null, expiresAt: banner.expiresAt } : null;
}

/** The site logo chosen in the newsroom's site settings: its smallest non-AVIF/WebP derivative. */
async function loadLogo(deps: AppDeps, setting: string | undefined): Promise<Logo | null> {
  const id = Number(setting);
  if (!Number.isInteger(id) || id <= 0) return null;
  const media = (await deps.repos.media.byIds([id])).get(id);
  if (!media) return null;
  const variants = parseVariants(media).sort((a, b) => a.width - b.width);
  const pick = variants.find((v) => v.format !== 'avif' && v.format !== 'webp') ?? variants[0];
  if (pick) return { src: mediaUrl(pick.path), width: pick.width, height: pick.height };
  return media.remote_url ? { src: media.remote_url, width: media.width, height: media.height } : null;
}

export async function loadEdition(deps: AppDeps, language: Language): Promise<EditionContext> {
  const now = deps.clock().toISOString();
  const [sections, settings] = await Promise.all([
    deps.repos.sections.listByLanguage(language),
    deps.repos.settings.getMany(FRAME_SETTINGS),
  ]);
  const logo = await loadLogo(deps, settings.get('logo_media_id'));
  return {
    language,
    now,
    siteName: settings.get('site_name') || deps.config.siteName,
    baseUrl: deps.config.baseUrl,
    sections,
    nav: sections.filter((s) => s.parent_id === null).map((s) => ({ slug: s.slug, name: s.name })),
    banner: bannerOf(settings.get(BREAKING_NEWS_KEY), language, now),
    logo,
  };
}
