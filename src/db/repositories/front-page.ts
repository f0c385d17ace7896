import type { Repos } from './index.ts';

/**
 * Site-wide curation kept in `settings`: the breaking-news banner and each edition's home lead
 * story. The public site reads these through `repos.settings`; the newsroom writes them.
 */
export interface BreakingNews {
  text: string;
  /** Site path or absolute http(s) URL; empty for a banner without a link. */
  url: string;
  /** The banner disappears at this time (ISO UTC); null keeps it until removed. */
  expiresAt: string | null;
  language: string | null;
}

export const BREAKING_NEWS_KEY = 'breaking_news';
export const homeLeadKey = (language: string): string => `home_lead:${language}`;

type Settings = Pick<Repos['settings'], 'get' | 'set'>;

/** The banner as stored, whether or not it has expired (the newsroom form shows it). */
export async function storedBreakingNews(settings: Settings): Promise<BreakingNews | null> {
  return parseBreakingNews(await settings.get(BREAKING_NEWS_KEY));
}

/** The banner from its stored setting (null when unset, empty or malformed). */
export function parseBreakingNews(raw: string | undefined): BreakingNews | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<BreakingNews>;
    if (typeof value.text !== 'string' || !value.text.trim()) return null;
    return {
      text: value.text,
      url: typeof value.url === 'string' ? value.url : '',
      expiresAt: typeof value.expiresAt === 'string' ? value.expiresAt : null,
      language: typeof value.language === 'string' ? value.language : null,
    };
  } catch {
    return null;
  }
}

/**
 * The banner to show now on an edition's pages, or null (none, expired, or for another edition).
 * A banner with `language: null` shows on every edition.
 */
export function activeBreakingNews(
  banner: BreakingNews | null,
  language: string,
  now: string,
): BreakingNews | null {
  if (!banner) return null;
  if (banner.expiresAt !== null && banner.expiresAt <= now) return null;
  if (banner.language !== null && banner.language !== language) return null;
  return banner;
}

export async function saveBreakingNews(settings: Settings, banner: BreakingNews | null): Promise<void> {
  await settings.set(BREAKING_NEWS_KEY, banner ? JSON.stringify(banner) : '');
}

/** Article id chosen as an edition's home lead story, if any (check it is public before showing it). */
export async function homeLeadId(settings: Settings, language: string): Promise<number | null> {
  const raw = await settings.get(homeLeadKey(language));
  const id = raw ? Number(raw) : NaN;
  return Number.isInteger(id) && id > 0 ? id : null;
}

export async function setHomeLead(
  settings: Settings,
  language: string,
  articleId: number | null,
): Promise<void> {
  await settings.set(homeLeadKey(language), articleId === null ? '' : String(articleId));
}
